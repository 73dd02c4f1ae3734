// A vault listing is paged: each page names the next by its nextLink, which comes from whatever
// answered. Before a page is requested, its link is checked: the vault's own origin only (the request
// carries the run's token), never a page seen before (a link to itself would never end), and no more
// pages and names than any real vault gives.
import { untrusted } from '../policy/untrusted.js';

/** Key Vault pages 25 secrets at most: 1,000 pages hold 25,000 names. */
export const MAX_LIST_PAGES = 1_000;
export const MAX_LISTED_NAMES = 25_000;

/** Why a vault's listing was not followed further; its message names the reason, safely printable. */
export class ListingRefused extends Error {
  override readonly name = 'ListingRefused';
  constructor(
    message: string,
    /** link: a nextLink Key Vault would not give; size: more than any vault the action reads whole. */
    readonly kind: 'link' | 'size',
  ) {
    super(message);
  }
}

/** Scheme, host and port: what a token may be sent to. */
const originOf = (url: URL) => `${url.protocol}//${url.host}`;

/** One listing of one vault, page by page. */
export class ListingTracker {
  readonly #vault: URL;
  readonly #seen = new Set<string>();
  #names = 0;

  constructor(
    vaultUrl: string,
    private readonly limits = { pages: MAX_LIST_PAGES, names: MAX_LISTED_NAMES },
  ) {
    this.#vault = new URL(vaultUrl);
  }

  /** Before each page's request (the first, then each nextLink): throws when it must not be sent. */
  page(link: string): void {
    let url: URL;
    try {
      url = new URL(link, this.#vault);
    } catch {
      throw new ListingRefused(`page ${this.#seen.size} links to "${untrusted(link, 80)}", which is not a URL`, 'link');
    }
    if (originOf(url) !== originOf(this.#vault) || url.username !== '' || url.password !== '') {
      throw new ListingRefused(
        `page ${this.#seen.size} links to ${untrusted(originOf(url), 120)}, not to the vault's own ${originOf(this.#vault)}; it was not followed, so the run's token went nowhere else`,
        'link',
      );
    }
    if (this.#seen.has(url.href))
      throw new ListingRefused(
        `page ${this.#seen.size} links back to an earlier page; it was not followed, as it would never end`,
        'link',
      );
    if (this.#seen.size >= this.limits.pages)
      throw new ListingRefused(`it has more than ${this.limits.pages} pages`, 'size');
    this.#seen.add(url.href);
  }

  /** After each listed name. */
  named(): void {
    if (++this.#names > this.limits.names)
      throw new ListingRefused(`it has more than ${this.limits.names} names`, 'size');
  }
}
