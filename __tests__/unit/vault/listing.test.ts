// A vault listing's pages and nextLinks (listing.ts), the policy that applies them to the SDK's own
// pager (vaultPolicy.ts), and what is printed for a 2xx answer that could not be read.
import { vaultPolicy, withinListing } from '../../../src/azure/vaultPolicy.js';
import { classifyVaultFailure } from '../../../src/vault/failures.js';
import { sayFailure } from '../../../src/messages/catalogue.js';
import { debugDetail } from '../../../src/util/sdkErrors.js';
import { ListingRefused, ListingTracker } from '../../../src/vault/listing.js';

const VAULT = 'https://ml-prod-kv.vault.azure.net/';
const describeVaultFailure = (...a: Parameters<typeof classifyVaultFailure>) =>
  sayFailure(classifyVaultFailure(...a)).text;
const FIRST = `${VAULT}secrets?api-version=2026-04-01`;
const page = (n: number) => `${VAULT}secrets?api-version=2026-04-01&$skiptoken=${n}&maxresults=25`;

const refusal = (run: () => void): ListingRefused => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ListingRefused);
    return error as ListingRefused;
  }
  throw new Error('not refused');
};

describe('ListingTracker', () => {
  it('follows the vault’s own pages, relative links too', () => {
    const t = new ListingTracker(VAULT);
    const links = [
      FIRST,
      page(25),
      page(50),
      '/secrets?api-version=2026-04-01&$skiptoken=75',
      'https://ML-PROD-KV.vault.azure.net:443/secrets?$skiptoken=100',
    ];
    expect(() => {
      for (const link of links) t.page(link);
    }).not.toThrow();
  });

  it.each([
    [
      'another vault',
      'https://evil-kv.vault.azure.net/secrets?$skiptoken=25',
      /links to https:\/\/evil-kv\.vault\.azure\.net, not to the vault's own https:\/\/ml-prod-kv\.vault\.azure\.net/,
    ],
    [
      'another port',
      'https://ml-prod-kv.vault.azure.net:8443/secrets',
      /links to https:\/\/ml-prod-kv\.vault\.azure\.net:8443,/,
    ],
    ['plain http', 'http://ml-prod-kv.vault.azure.net/secrets', /links to http:\/\/ml-prod-kv\.vault\.azure\.net,/],
    [
      'a look-alike host',
      'https://ml-prod-kv.vault.azure.net.evil.example/secrets',
      /links to https:\/\/ml-prod-kv\.vault\.azure\.net\.evil\.example,/,
    ],
    ['credentials in the URL', 'https://user:pw@ml-prod-kv.vault.azure.net/secrets', /not to the vault's own/],
    ['a protocol-relative link', '//evil.example/secrets', /links to https:\/\/evil\.example,/],
  ])('refuses a nextLink to %s, before it is requested', (_, link, message) => {
    const t = new ListingTracker(VAULT);
    t.page(FIRST);
    const e = refusal(() => t.page(link));
    expect(e.kind).toBe('link');
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/^page 1 /);
  });

  it('prints a hostile link escaped', () => {
    const t = new ListingTracker(VAULT);
    t.page(FIRST);
    const e = refusal(() => t.page('https://evil\n::set-output name=x::y.example/'));
    expect(e.message).not.toMatch(/\n/);
  });

  it.each([
    ['itself', [FIRST, FIRST]],
    ['an earlier page', [FIRST, page(25), page(50), page(25)]],
  ])('refuses a nextLink back to %s', (_, links) => {
    const t = new ListingTracker(VAULT);
    for (const link of links.slice(0, -1)) t.page(link);
    const e = refusal(() => t.page(links[links.length - 1]!));
    expect(e.kind).toBe('link');
    expect(e.message).toMatch(/links back to an earlier page/);
  });

  it('caps pages and names', () => {
    const pages = new ListingTracker(VAULT, { pages: 3, names: 100 });
    for (const n of [0, 1, 2]) pages.page(page(n));
    expect(refusal(() => pages.page(page(3)))).toMatchObject({ kind: 'size', message: 'it has more than 3 pages' });
    const names = new ListingTracker(VAULT, { pages: 3, names: 2 });
    names.named();
    names.named();
    expect(refusal(() => names.named())).toMatchObject({ kind: 'size', message: 'it has more than 2 names' });
  });
});

describe('vaultPolicy', () => {
  const { policy } = vaultPolicy();
  const sent: { url: string; abortSignal?: AbortSignal }[] = [];
  const next = (request: { url: string; abortSignal?: AbortSignal }) => {
    sent.push(request);
    return Promise.resolve({} as never);
  };
  const send = (url: string, abortSignal?: AbortSignal) =>
    policy.sendRequest({ url, ...(abortSignal ? { abortSignal } : {}) } as never, next as never);
  beforeEach(() => (sent.length = 0));

  it('gives a listing’s later pages the deadline, and sends no page it refuses', async () => {
    const deadline = new AbortController();
    await withinListing(VAULT, deadline.signal, async () => {
      await send(FIRST, deadline.signal);
      await send(page(25)); // the SDK's pager sends page 2 onwards with no signal
      await expect(send('https://evil-kv.vault.azure.net/secrets')).rejects.toThrow(ListingRefused);
    });
    expect(sent.map((r) => r.url)).toEqual([FIRST, page(25)]);
    expect(sent[1]!.abortSignal).toBe(deadline.signal);
  });

  it('sends no page once the deadline has passed', async () => {
    const deadline = new AbortController();
    deadline.abort(new DOMException('deadline', 'TimeoutError'));
    await withinListing(VAULT, deadline.signal, async () => {
      await expect(send(page(25))).rejects.toMatchObject({ name: 'TimeoutError' });
    });
    expect(sent).toEqual([]);
  });

  it('leaves requests outside a listing alone', async () => {
    await send(`${VAULT}secrets/db-password`);
    expect(sent).toEqual([{ url: `${VAULT}secrets/db-password` }]);
  });
});

describe('failures', () => {
  const c = { vault: 'ml-prod-kv', vaultUrl: VAULT, secret: 'app-*', cloud: 'AzureCloud', listing: true };

  it('never quotes a 2xx answer’s text in the debug detail', () => {
    const body = '{"value":"distinct-value-7f3a","id":"https://ml-prod-kv.vault.azure.net/secrets/db-pass';
    const error = Object.assign(
      new Error(`Error "SyntaxError: Unterminated string" occurred while parsing the response body - ${body}.`),
      { name: 'RestError', code: 'PARSE_ERROR', statusCode: 200 },
    );
    expect(debugDetail(error)).not.toContain('distinct-value');
    expect(debugDetail(error)).toMatch(/HTTP 200 .*PARSE_ERROR/);
    expect(debugDetail(new Error('wrapped', { cause: error }))).not.toContain('distinct-value');
    // An error answer's text stays: Key Vault's error bodies hold no values.
    expect(debugDetail(Object.assign(new Error('Caller is not authorized'), { statusCode: 403 }))).toBe(
      'Caller is not authorized',
    );
  });

  it('names a refused listing and a listing that timed out', () => {
    expect(describeVaultFailure(new ListingRefused('page 1 links back to an earlier page', 'link'), c, 4)).toMatch(
      /^listing ml-prod-kv stopped: page 1 links back .*a proxy or an impostor/,
    );
    expect(describeVaultFailure(new ListingRefused('it has more than 1000 pages', 'size'), c, 4)).toMatch(
      /Name the secrets you need instead of app-\*/,
    );
    expect(describeVaultFailure(new DOMException('x', 'TimeoutError'), c, 4)).toMatch(
      /timed out after 4 s waiting for ml-prod-kv to list its secrets \(for app-\*\)/,
    );
  });
});
