import type { SecretReference } from '../../src/inputs/references.js';
// Recording stand-ins for the runner, Azure and the clock, for tests of the story without processes.
import type { AccessToken, AzureAccess, AzureAccessFactory, SecretBundle, SecretStore } from '../../src/ports.js';
import type { FetchedSecret } from '../../src/vault/fetch.js';
import type { Clock } from '../../src/util/clock.js';
import { endingAt } from '../../src/util/abort.js';
import type { Dependencies } from '../../src/ports.js';
import type { Exporter, Log } from '../../src/ports.js';
import type { Failure } from '../../src/messages/catalogue.js';
import { type FailedReference, failedReference } from '../../src/messages/references.js';

export type Event = [kind: string, ...args: string[]];

/** Both halves of the runner, recording every call in order. */
export class FakeRunner implements Log, Exporter {
  events: Event[] = [];
  failed: string | undefined;
  constructor(private readonly inputs: Record<string, string> = {}) {}
  getInput = (name: string) => this.inputs[name] ?? '';
  setSecret = (value: string) => void this.events.push(['mask', value]);
  /** false: the runner never reads the masks (a stalled pipe). */
  delivers = true;
  masksDelivered = (signal: AbortSignal) => Promise.resolve(this.delivers && !signal.aborted);
  setOutput = (name: string, value: string) => void this.events.push(['output', name, value]);
  exportVariable = (name: string, value: string) => void this.events.push(['env', name, value]);
  debug = (m: string) => void this.events.push(['debug', m]);
  info = (m: string) => void this.events.push(['info', m]);
  warning = (m: string) => void this.events.push(['warning', m]);
  error = (m: string) => void this.events.push(['error', m]);
  setFailed = (m: string) => {
    this.failed = m;
    this.events.push(['failed', m]);
  };
  group = async <T>(title: string, task: () => Promise<T>) => {
    this.events.push(['group', title]);
    return task();
  };
  /** What onRollback recorded, taken back (newest first) when atomically's writes throw. */
  undos: (() => boolean)[] = [];
  atomically = <T>(writes: () => T): T => {
    const before = this.events.length;
    const undos = this.undos.length;
    try {
      return writes();
    } catch (error) {
      this.events.splice(before);
      for (const undo of this.undos.splice(undos).reverse()) undo();
      throw error;
    }
  };
  onRollback = (undo: () => boolean) => void this.undos.push(undo);
  writeSummary = (markdown: string) => {
    this.events.push(['summary', markdown]);
    return Promise.resolve();
  };
  states: Record<string, string> = {};
  saveState = (name: string, value: string) => void (this.states[name] = value);
  getState = (name: string) => this.states[name] ?? '';
  tempDir = () => this.temp;
  temp = '/nonexistent-runner-temp';
  of = (kind: string) => this.events.filter((e) => e[0] === kind);
}

/** A clock whose sleeps return at once and move virtual time. */
export class FakeClock implements Clock {
  time = 1_000_000;
  sleeps: number[] = [];
  now = () => this.time;
  random = () => 0.5;
  sleep = (ms: number, signal: AbortSignal) => {
    if (signal.aborted) return Promise.reject(signal.reason);
    this.sleeps.push(ms);
    this.time += ms;
    return Promise.resolve();
  };
}

/**
 * Virtual time: each sleep ends at its own moment (FakeClock adds sleeps up, which concurrent waits make
 * meaningless); time moves to the earliest sleeper only when nothing else can run (setImmediate).
 */
export class VirtualClock implements Clock {
  time = 1_000_000;
  sleeps: number[] = [];
  #sleepers: { at: number; done: () => void }[] = [];
  now = () => this.time;
  random = () => 0.5;
  /** Ends at its moment, or rejects as soon as the signal aborts (as the system clock's does). */
  sleep = (ms: number, signal: AbortSignal) => {
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.#sleepers = this.#sleepers.filter((s) => s.done !== done);
        reject(signal.reason as Error);
      };
      const done = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#at(this.time + ms, done);
    });
  };
  /** The step's deadline in virtual time: aborts (TimeoutError) when the clock reaches it, its end known to timeLeftMs. */
  deadline(ms: number): AbortSignal {
    const controller = new AbortController();
    this.#at(this.time + ms, () => controller.abort(new DOMException('deadline', 'TimeoutError')));
    return endingAt(controller.signal, this.time + ms);
  }
  #at(at: number, done: () => void) {
    this.#sleepers.push({ at, done });
    setImmediate(this.#advance);
  }
  #advance = () => {
    if (this.#sleepers.length === 0) return;
    this.#sleepers.sort((a, b) => a.at - b.at);
    const next = this.#sleepers.shift()!;
    this.time = Math.max(this.time, next.at);
    next.done();
    if (this.#sleepers.length > 0) setImmediate(this.#advance);
  };
}

export const jwt = (claims: Record<string, string>) =>
  `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

/** A named secret reference on one vault, as the inputs stage would make it. */
export const secretRef = (name: string, vault = 'kv'): SecretReference => ({
  input: 'secrets',
  line: 1,
  text: name,
  alias: name.toUpperCase(),
  name,
  vault: { name: vault, url: `https://${vault}.vault.azure.net/` },
});

export const bundle = (value: string, version = 'a'.repeat(32)): SecretBundle => ({ value, version, enabled: true });

/** A secret as the vault stage hands it to export: a reference in vault `kv` (alias as the default), and its bundle. */
export const fetchedSecret = (
  name: string,
  value: string,
  more: Partial<SecretReference> = {},
  bundleFields: Partial<SecretBundle> = {},
): FetchedSecret => ({
  ref: { ...secretRef(name), alias: name.toUpperCase().replaceAll('-', '_'), ...more },
  bundle: { value, version: 'v1', enabled: true, ...bundleFields },
});

/**
 * Azure access for a fetcher under test: a token at once, and each vault's store as `store` makes it (an empty
 * listing unless it says otherwise).
 */
export function accessTo(store: (url: string) => Partial<SecretStore> & Pick<SecretStore, 'getSecret'>): AzureAccess {
  return {
    identityEndpoint: 'http://imds',
    federatedClaims: () => undefined,
    acquireToken: () => Promise.resolve({ token: 't', expiresOnTimestamp: 0 }),
    shareToken: () => {},
    vault: (url) => ({ listSecrets: () => Promise.resolve([]), ...store(url) }),
  };
}

export interface FakeAzureOptions {
  secrets?: Record<string, string>;
  token?: () => Promise<AccessToken>;
  getSecret?: (
    vaultUrl: string,
    name: string,
    version: string | undefined,
    signal: AbortSignal,
  ) => Promise<SecretBundle>;
}

export function fakeAzure(options: FakeAzureOptions = {}): AzureAccessFactory & { calls: string[] } {
  const calls: string[] = [];
  const factory = () => {
    calls.push('create');
    const access: AzureAccess = {
      identityEndpoint: 'http://169.254.169.254',
      federatedClaims: () => undefined,
      acquireToken:
        options.token ??
        (() =>
          Promise.resolve({
            token: jwt({ oid: '11111111-2222-3333-4444-555555555555' }),
            expiresOnTimestamp: Date.now() + 3600_000,
          })),
      shareToken: (outcome) => void calls.push(outcome instanceof Error ? 'token failed' : 'token shared'),
      vault: (url) => ({
        listSecrets: () => Promise.resolve(Object.keys(options.secrets ?? {}).map((name) => ({ name, enabled: true }))),
        getSecret: async (name, version, signal) => {
          calls.push(`get ${name}`);
          if (options.getSecret) return options.getSecret(url, name, version, signal);
          const value = options.secrets?.[name];
          if (value === undefined)
            throw Object.assign(new Error('not found'), { statusCode: 404, code: 'SecretNotFound' });
          return bundle(value);
        },
      }),
    };
    return Promise.resolve(access);
  };
  return Object.assign(factory, { calls });
}

export function deps(runner: FakeRunner, azure: AzureAccessFactory, extra: Partial<Dependencies> = {}): Dependencies {
  return {
    log: runner,
    exporter: () => Promise.resolve(runner),
    azure,
    event: () => Promise.resolve({ eventName: 'schedule', payload: {} }),
    pullRequest: () => Promise.reject(new Error('no pull request lookup expected')),
    clock: new FakeClock(),
    env: {},
    platform: process.platform,
    resources: async (options) => (await import('../../src/azure/resources.js')).createResourceAccess(options),
    ...extra,
  };
}

/** A secret reference that failed as `failure` says (by default: not found), as the vault stage reports it. */
export function failedSecret(
  line: number,
  secret: string,
  failure?: Failure,
  more: { alias?: string; vault?: string; principalId?: string } = {},
): FailedReference {
  const vault = more.vault ?? 'kv';
  const context = {
    vault,
    vaultUrl: `https://${vault}.vault.azure.net/`,
    secret,
    cloud: 'AzureCloud',
    ...(more.principalId ? { principalId: more.principalId } : {}),
  };
  return failedReference({
    input: 'secrets',
    line,
    alias: more.alias ?? secret.toUpperCase().replace(/-/g, '_'),
    where: vault,
    what: secret,
    failure: failure ?? { id: 'vault.not-found', args: context },
  });
}
