// The job's GitHub OIDC ID token, from @actions/core (which masks it as it arrives). Loaded only for
// GitHub OIDC: core's entry point brings its HTTP client (undici, tunnel), ~1 MB the other sources never need.
export async function getIdToken(audience: string): Promise<string> {
  const { getIDToken } = await import('@actions/core');
  return getIDToken(audience);
}
