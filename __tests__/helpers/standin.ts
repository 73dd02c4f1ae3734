// Shared set-up for the runner-level suites: one stand-in per file, reset between tests, and the
// checks every scenario must pass (masked, no leaks, nothing tried to leave the machine).
import { mkdirSync } from 'node:fs';
import { AKS_ISSUER, ARC_KEY_DIR, GITHUB_ISSUER, GITHUB_SUBJECT, startStandin } from '../../standin/index.mjs';
import { runAction } from '../../standin/runner.mjs';
import { isStructuralLine, valuePieces } from '../../src/policy/masking.js';

export type Standin = Awaited<ReturnType<typeof startStandin>>;
export type StepResult = Awaited<ReturnType<typeof runAction>>;

/** Debug logging on everywhere: the leak checks are only worth something with it. */
export const LOUD = { RUNNER_DEBUG: '1', AZURE_LOG_LEVEL: 'verbose' };

// MSAL reads Arc's key only from /var/opt/azcmagent/tokens/ (on Windows: %ProgramData%\AzureConnectedMachineAgent\Tokens,
// which the stand-in does not write), so the Arc runs happen on Linux and macOS where that directory can be created.
export const arcKeyDirWritable = (() => {
  if (process.platform === 'win32') return false;
  try {
    mkdirSync(ARC_KEY_DIR, { recursive: true });
    return true;
  } catch {
    return false;
  }
})();
/** Why the Arc runs are skipped here, when they are. */
export const arcSkipReason =
  process.platform === 'win32'
    ? 'on Windows the stand-in writes Arc keys only where MSAL reads them on Linux'
    : `cannot create ${ARC_KEY_DIR}; run as root, or create it writable by this user`;

/** The sample vault the runner-level suites read: a training pipeline's production vault. */
export const SAMPLE_VAULT = 'ml-prod-kv';
type VaultSpec = NonNullable<Parameters<Standin['keyvault']['addVault']>[1]>;

/**
 * Adds the sample vault to the stand-in, holding `secrets`: a string is the value of its one secret,
 * db-password (what sampleInputs reads); the rest of the vault's settings in `spec` (its `secrets`, if any,
 * in place of these).
 */
export function sampleVault(
  s: Standin,
  secrets: string | NonNullable<VaultSpec['secrets']> = {},
  spec: VaultSpec = {},
) {
  return s.keyvault.addVault(SAMPLE_VAULT, {
    secrets: typeof secrets === 'string' ? { 'db-password': secrets } : secrets,
    ...spec,
  });
}

/** The inputs that read db-password from the sample vault, and `more`. */
export const sampleInputs = (more: Record<string, string> = {}) => ({
  keyvault: SAMPLE_VAULT,
  secrets: 'db-password',
  ...more,
});

export function useStandin(): {
  readonly s: Standin;
  step: (inputs: Record<string, string>, extra?: Parameters<typeof runAction>[0]) => Promise<StepResult>;
  /** Runs the set step (set/action.yml) with these inputs. */
  setStep: (inputs: Record<string, string>, extra?: Parameters<typeof runAction>[0]) => Promise<StepResult>;
} {
  let standin: Standin | undefined;
  const results: StepResult[] = [];
  beforeAll(async () => {
    standin = await startStandin();
  });
  afterEach(() => {
    // Anything the proxy refused was an attempt to leave the machine.
    expect(standin!.proxy.refusedHosts()).toEqual([]);
    for (const r of results.splice(0)) r.cleanup();
    standin!.reset();
  });
  afterAll(async () => {
    await standin?.stop();
  });
  return {
    get s() {
      return standin!;
    },
    async step(inputs, extra = {}) {
      const result = await runAction({ ...extra, inputs, env: { ...standin!.env(), ...LOUD, ...extra.env } });
      results.push(result);
      return result;
    },
    async setStep(inputs, extra = {}) {
      const result = await runAction({
        ...extra,
        action: 'set',
        inputs,
        env: { ...standin!.env(), ...LOUD, ...extra.env },
      });
      results.push(result);
      return result;
    },
  };
}

/**
 * The pieces of a value the runner must hold as masks: a single-line value itself; for a multi-line
 * value, each trimmed line that carries secret material (README "Masking": structure such as "{" or
 * "apiVersion: v1" is left readable); and the value part of each such "key: value" line on its own
 * (token: abc → abc), which `yq` or `jq -r` in a later step prints bare.
 */
export function maskPiecesOf(value: string): string[] {
  if (value.trim() === '') return [];
  const lines = value.split(/\r\n|\r|\n/);
  if (lines.length === 1) return [value, ...valuePieces(value)];
  return lines
    .map((l) => l.trim())
    .filter((l) => l !== '' && !isStructuralLine(l))
    .flatMap((l) => [l, ...valuePieces(l)]);
}

/**
 * Every value and line masked; none of them, and no token, anywhere in the raw output but ::add-mask::.
 * `names`: text that is not secret and that the action may print (secret names, JSON keys): a piece of a
 * value that one of them also holds (a value "x-https://evil.example" and a key "https://evil.example") is
 * no evidence of a leak, so it is not looked for in the raw output (the runner masks it there all the same).
 */
export function expectMaskedAndNotLeaked(
  result: StepResult,
  values: readonly string[],
  tokens: readonly string[],
  names: readonly string[] = [],
): void {
  for (const value of values) for (const piece of maskPiecesOf(value)) expect(result.masks).toContain(piece);
  const raw = [result.stdout, result.stderr]
    .join('\n')
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  const places = { raw, summary: result.summary, state: result.rawFiles.state };
  for (const [where, text] of Object.entries(places)) {
    for (const value of values) {
      for (const piece of maskPiecesOf(value).filter((p) => p.length >= 6)) {
        if (text.includes(piece) && !names.some((n) => n.includes(piece)))
          throw new Error(`a value leaked into ${where}: ${JSON.stringify(piece.slice(0, 12))}…`);
      }
    }
    for (const token of tokens) {
      if (text.includes(token) || text.includes(token.split('.')[2]!))
        throw new Error(`an access token leaked into ${where}`);
    }
  }
}

export function expectNothingExported(result: StepResult): void {
  expect(result.outputs).toEqual({});
  expect(result.env).toEqual({});
}

/** A user-assigned identity a federated source (AKS, GitHub OIDC) signs in as. */
export const FEDERATED_APP = {
  clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
  objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
};

export type IdentitySourceName =
  'imds' | 'app-service' | 'arc' | 'workload-identity' | 'identity-binding' | 'github-oidc';

/**
 * Each identity source, set up in the stand-in: what a step's env and inputs need to sign in through it (the
 * federated ones as FEDERATED_APP; the identity binding is workload identity through the cluster's token proxy).
 */
export function identitySourceSetups(
  s: Standin,
): Record<IdentitySourceName, () => { env: Record<string, string>; inputs: Record<string, string> }> {
  const aks = () => {
    s.entra.addFederatedIdentity({
      ...FEDERATED_APP,
      federated: [{ issuer: AKS_ISSUER, subject: 'system:serviceaccount:arc-runners:gpu-runner' }],
    });
    return s.envFor('workload-identity', { tokenFile: s.aks.serviceAccountToken(), clientId: FEDERATED_APP.clientId });
  };
  return {
    imds: () => ({ env: {}, inputs: {} }),
    'app-service': () => ({ env: s.envFor('app-service'), inputs: {} }),
    arc: () => ({ env: s.envFor('arc'), inputs: {} }),
    'workload-identity': () => ({ env: aks(), inputs: {} }),
    'identity-binding': () => ({ env: { ...aks(), ...s.tokenProxy.env() }, inputs: {} }),
    'github-oidc': () => {
      s.entra.addFederatedIdentity({
        ...FEDERATED_APP,
        federated: [{ issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT }],
      });
      return {
        env: s.envFor('github-oidc'),
        inputs: { 'tenant-id': s.entra.tenantId, 'client-id': FEDERATED_APP.clientId },
      };
    },
  };
}
