// Properties of what a GitHub subject mismatch prints, for any subject and claims a token may carry (quotes,
// newlines, workflow commands, ~40 KB): the prefixes, repository paths and flexible expressions taken from the
// token are plain text, the expression is one Entra's language accepts and that matches the subject, and the
// message is one line whose commands a shell runs as one command each.
import fc from 'fast-check';
import {
  flexibleExpression,
  githubSubjectFacts,
  otherPrefix,
  repositoryPath,
  subjectForm,
} from '../../../src/identity/githubSubject.js';
import { entraRefusal } from '../../../src/messages/identity.js';
import { untrusted } from '../../../src/policy/untrusted.js';
import { isPlainWord } from '../../../src/util/shell.js';
import { claimsMatcher } from '../../../standin/flexibleCredentials.mjs';
import { GITHUB_ISSUER } from '../../../standin/index.mjs';
import { commandPart, hostileText, hostileTextAnySize, shellWords } from '../../helpers/hostile.js';

/** Fewer runs where a subject may be ~40 KB. */
const LONG_RUNS = { numRuns: 100 };
const NAMES = 'repo:acme/training';
const ID_FORM = 'repo:acme@5544123/training@821093847';
const CLIENT_ID = '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';

const oidc = (code: number, sub: string, claim: string) => {
  const claims = { iss: GITHUB_ISSUER, sub, repository: claim, repository_owner_id: claim, repository_id: '821093847' };
  return entraRefusal(code, {
    source: { kind: 'github-oidc', tenantId: '11111111-2222-4333-8444-555555555555', clientId: CLIENT_ID },
    endpoint: 'https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555',
    cloud: 'AzureCloud',
    claims,
    github: githubSubjectFacts(claims),
  }).text;
};

/** The comparand of a flexible expression, when it is one the action writes. */
const comparandOf = (expression: string) => /^claims\['sub'\] matches '([^']*)'$/.exec(expression)?.[1];

it('hostile subjects and claims: every prefix and repository path is plain text for a command', () => {
  fc.assert(
    fc.property(hostileTextAnySize(), hostileText(), hostileText(), (sub, ownerId, repoId) => {
      for (const s of [sub, `${NAMES}:${sub}`, `repo:a@1/b@2:${sub}`]) {
        const f = subjectForm(s);
        const claims = { repository: sub, repository_owner_id: ownerId, repository_id: repoId };
        const other = otherPrefix(f, claims)?.replace(/<(owner|repo)-id>/g, '0');
        if (other !== undefined) expect(isPlainWord(other)).toBe(true);
        if ('prefix' in f) expect(isPlainWord(f.prefix)).toBe(true);
        const path = repositoryPath(f, claims);
        if (path !== undefined) expect(isPlainWord(path)).toBe(true);
      }
    }),
    LONG_RUNS,
  );
});

it('hostile tags, queues and refs: the comparand holds plain text and the one "*" only, and matches the subject', () => {
  const context = fc.oneof(
    hostileTextAnySize().map((t) => `ref:refs/tags/${t}x`),
    hostileText().map((t) => `ref:refs/heads/gh-readonly-queue/${t}/pr-1-ab`),
    fc.nat().map((n) => `ref:refs/pull/${n}/merge`),
    hostileTextAnySize(),
  );
  fc.assert(
    fc.property(fc.constantFrom(NAMES, ID_FORM), context, (prefix, ctx) => {
      const sub = `${prefix}:${ctx}`;
      const suggestion = flexibleExpression(sub, GITHUB_ISSUER);
      if (!suggestion) return;
      const comparand = comparandOf(suggestion.expression);
      expect(comparand).toBeDefined();
      expect(comparand!.split('*')).toHaveLength(2);
      expect(isPlainWord(comparand!.replace('*', 'x'))).toBe(true);
      expect(claimsMatcher(GITHUB_ISSUER, suggestion.expression)({ sub })).toBe(true);
    }),
    LONG_RUNS,
  );
});

it('the message: one line, the subject shown escaped, each command one shell command holding only plain text of the token', () => {
  const contexts = fc.oneof(
    hostileTextAnySize(),
    hostileText().map((t) => `ref:refs/tags/${t}`),
    hostileText().map((t) => `ref:refs/heads/gh-readonly-queue/${t}/pr-1-ab`),
    fc.constantFrom("ref:refs/tags/it's", 'ref:refs/tags/a\n::error::x', `ref:refs/tags/${"'".repeat(5000)}`),
  );
  fc.assert(
    fc.property(
      fc.constantFrom(NAMES, ID_FORM, ''),
      contexts,
      fc.constantFrom(70021, 700213, 7002138),
      hostileText(),
      (prefix, context, code, claim) => {
        const sub = prefix ? `${prefix}:${context}` : context;
        const m = oidc(code, sub, claim);
        expect(m).not.toMatch(/[\r\n\u2028\u2029]/);
        expect(m).toContain(untrusted(sub, 300));
        for (const path of m.matchAll(/gh api repos\/(\S+)\/actions\/oidc/g))
          expect(isPlainWord(path[1]!) || path[1] === '<owner>/<repo>').toBe(true);
        const at = m.indexOf('az rest ');
        if (at >= 0) {
          const words = shellWords(m.slice(at, m.indexOf(' (the object id:', at)));
          expect(words).not.toBeNull();
          const body = JSON.parse(words![words!.indexOf('--body') + 1]!) as {
            claimsMatchingExpression: { value: string };
          };
          const value = body.claimsMatchingExpression.value;
          expect(isPlainWord(comparandOf(value)!.replace('*', 'x'))).toBe(true);
          expect(claimsMatcher(GITHUB_ISSUER, value)({ sub })).toBe(true);
        }
        // After "Add it:", nothing of the subject but what is plain (its prefix): no shell syntax it brought.
        for (const piece of ['$(', '`', '${IFS}', '|sh', '&&'])
          if (context.includes(piece)) expect(commandPart(m)).not.toContain(piece);
      },
    ),
    { numRuns: 150 },
  );
});
