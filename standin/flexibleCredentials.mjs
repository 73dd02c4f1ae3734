// Flexible federated identity credentials (preview): a claims-matching expression in place of an exact
// subject, in the restricted language Entra documents (Microsoft Learn, "Flexible federated identity
// credentials", and Graph beta's federatedIdentityExpression, languageVersion 1):
//
//   claims['<claim>'] <operator> '<comparand>' [and claims['<claim>'] <operator> '<comparand>' …]
//
// one space between the parts; `matches` takes `?` for one character and `*` for any run of characters,
// `eq` compares exactly; `and` joins tests of several claims. Which claims an issuer's expressions may
// test: GitHub `sub` and `job_workflow_ref`, GitLab and Terraform Cloud `sub`. The documentation says only
// that "single quotes are interpreted as escape characters" and shows no comparand holding one, so a
// comparand with a quote inside is refused here rather than guessed at. Matching is case-sensitive, as
// for exact subjects.

/** The issuers whose tokens an expression may match, and the claims each may test. */
const SUPPORTED = [
  { issuer: /^https:\/\/token\.actions\.githubusercontent\.com$/, claims: ['sub', 'job_workflow_ref'] },
  { issuer: /^https:\/\/gitlab\.com$|^https:\/\/gitlab\.[^/.]+\.(com|ca)$/, claims: ['sub'] },
  { issuer: /^https:\/\/app(\.eu)?\.terraform\.io$/, claims: ['sub'] },
];

const TEST = /^claims\['([a-z_]+)'\] (matches|eq) '([^']*)'/;

/** A `matches` comparand as a regular expression: `?` one character, `*` any run, everything else itself. */
function wildcard(comparand) {
  const source = [...comparand]
    .map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'u');
}

/**
 * A flexible credential's expression for tokens from `issuer`, as a test of a token's claims; throws for
 * what Entra would refuse to store (an unknown claim or operator, a malformed expression).
 * @param {string} issuer
 * @param {string} expression
 * @returns {(claims: Record<string, unknown>) => boolean}
 */
export function claimsMatcher(issuer, expression) {
  const allowed = SUPPORTED.find((s) => s.issuer.test(issuer))?.claims;
  if (!allowed) throw new Error(`flexible federated credentials do not support the issuer ${issuer}`);
  /** @type {((claims: Record<string, unknown>) => boolean)[]} */
  const tests = [];
  let rest = expression;
  for (;;) {
    const test = TEST.exec(rest);
    if (!test) throw new Error(`not a claims-matching expression: ${JSON.stringify(expression)}`);
    const [whole, claim, operator, comparand] = /** @type {[string, string, string, string]} */ (test);
    if (!allowed.includes(claim)) throw new Error(`the claim ${claim} cannot be matched for ${issuer}`);
    const pattern = operator === 'matches' ? wildcard(comparand) : undefined;
    tests.push((claims) => {
      const value = claims[claim];
      return typeof value === 'string' && (pattern ? pattern.test(value) : value === comparand);
    });
    rest = rest.slice(whole.length);
    if (rest === '') break;
    if (!rest.startsWith(' and ')) throw new Error(`not a claims-matching expression: ${JSON.stringify(expression)}`);
    rest = rest.slice(' and '.length);
  }
  return (claims) => tests.every((t) => t(claims));
}
