// A vault's listing, page by page as Key Vault pages it (25 names), with nextLinks the answer
// controls; and 2xx answers that cannot be read, whose text would hold a value never masked.
import { expectMaskedAndNotLeaked, expectNothingExported, sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
type Request = { service: string; host: string; path: string; search?: string; authorized?: boolean };
const requests = () => ctx.s.requests() as Request[];
const EVIL = 'evil-kv.vault.azure.net';

const secrets = (count: number, prefix = 'app') =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`${prefix}-s${String(i).padStart(3, '0')}`, `paged-value-${i}-c0ffee`]),
  );

describe('listing pages', () => {
  it('reads every page of a large vault', async () => {
    const all = { ...secrets(130), ...secrets(70, 'other') };
    sampleVault(ctx.s, all);
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'app-*' });
    expect(r.errors).toEqual([]);
    expect(Object.keys(r.outputs)).toHaveLength(130);
    expect(ctx.s.stats.listPages).toBe(8); // 200 names, 25 a page
    expectMaskedAndNotLeaked(r, Object.values(all).slice(0, 130), ctx.s.entra.issuedTokens());
  });

  it('ends a listing whose nextLink points at its own page', async () => {
    sampleVault(ctx.s, secrets(3), { nextLink: (_: string | null, request: URL) => request.href });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'app-*' });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /line 1: ml-prod-kv\/app-\* \(APP_\*\): listing ml-prod-kv stopped: page 1 links back to an earlier page/,
      ),
    ]);
    expect(ctx.s.stats.listPages).toBe(1);
    expectNothingExported(r);
  });

  it('ends a listing whose pages link in a cycle', async () => {
    let first: string | undefined;
    sampleVault(ctx.s, secrets(60), {
      nextLink: (next: string | null, request: URL) => {
        first ??= request.href;
        return request.searchParams.has('$skiptoken') ? first : next; // page 2 links back to page 1
      },
    });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'app-*' });
    expect(r.errors).toEqual([
      expect.stringMatching(/listing ml-prod-kv stopped: page 2 links back to an earlier page/),
    ]);
    expect(ctx.s.stats.listPages).toBe(2);
    expectNothingExported(r);
  });

  it.each([
    ['another vault', (next: string) => next.replace('ml-prod-kv', 'evil-kv')],
    ['plain http on the same host', (next: string) => next.replace('https:', 'http:')],
  ])('never follows a nextLink to %s, so the token goes nowhere else', async (_, rewrite) => {
    sampleVault(ctx.s, secrets(40), { nextLink: (next: string | null) => next && rewrite(next) });
    ctx.s.keyvault.addVault('evil-kv', { secrets: secrets(40) });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'app-*' });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /listing ml-prod-kv stopped: page 1 links to http.*, not to the vault's own https:\/\/ml-prod-kv\.vault\.azure\.net; it was not followed/,
      ),
    ]);
    expect(requests().filter((q) => q.host === EVIL)).toEqual([]);
    expect(ctx.s.stats.listPages).toBe(1);
    expectNothingExported(r);
    expectMaskedAndNotLeaked(r, [], ctx.s.entra.issuedTokens());
  });
});

describe('a 2xx answer that cannot be read', () => {
  const VALUE = 'cut-short-value-5e1f7a';
  it.each([
    [
      'cut short',
      { status: 200, body: `{"value":"${VALUE}","id":"https://ml-prod-kv.vault.azure.net/secrets/db-pass` },
    ],
    [
      'cut short inside the attributes',
      {
        status: 200,
        contentType: 'application/json; charset=utf-8',
        body: `{"value":"${VALUE}","attributes":{"enabled":tru`,
      },
    ],
    ['a 206 cut short', { status: 206, body: `{"value":"${VALUE}"` }],
    ['an HTML page', { status: 200, contentType: 'text/html', body: `<html><body>${VALUE}</body></html>` }],
  ])('%s: its text appears nowhere, debug and verbose SDK logging on', async (_, step) => {
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('vault', [step], (q: Request) => Boolean(q.authorized) && q.path.startsWith('/secrets/db-password'));
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password' });
    expect(r.errors).toEqual([expect.stringMatching(/ml-prod-kv\/db-password \(DB_PASSWORD\): not Key Vault/)]);
    for (const [where, text] of Object.entries({
      stdout: r.stdout,
      stderr: r.stderr,
      summary: r.summary,
      state: r.rawFiles.state,
    })) {
      if (text.includes(VALUE)) throw new Error(`the unparsed value is in ${where}`);
    }
    expect(r.stdout).toMatch(/::debug::ml-prod-kv\/db-password: /); // the detail is still there, without the text
    expectNothingExported(r);
  });
});
