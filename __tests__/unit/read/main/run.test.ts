import { run } from '../../../../src/read/main.js';
import { bundle, deps, fakeAzure, FakeClock, FakeRunner, jwt } from '../../../helpers/fakes.js';

const inputs = (secrets: string, more: Record<string, string> = {}) => ({ keyvault: 'ml-prod-kv', secrets, ...more });

describe('run', () => {
  it('masks every value and line before writing any output or env var', async () => {
    const runner = new FakeRunner(inputs('a\nb', { 'export-env': 'true' }));
    await run(deps(runner, fakeAzure({ secrets: { a: 'line-one\nline-two', b: 'three' } })));

    expect(runner.failed).toBeUndefined();
    const firstWrite = runner.events.findIndex((e) => e[0] === 'output' || e[0] === 'env');
    const masks = runner.events
      .slice(0, firstWrite)
      .filter((e) => e[0] === 'mask')
      .map((e) => e[1]);
    expect(masks).toEqual(expect.arrayContaining(['line-one', 'line-two', 'three']));
    expect(runner.of('output')).toEqual([
      ['output', 'A', 'line-one\nline-two'],
      ['output', 'B', 'three'],
    ]);
    expect(runner.of('env')).toEqual([
      ['env', 'A', 'line-one\nline-two'],
      ['env', 'B', 'three'],
    ]);
  });

  it('masks the access token too, and never logs it', async () => {
    const token = jwt({ oid: 'abc' });
    const runner = new FakeRunner(inputs('a'));
    await run(
      deps(runner, fakeAzure({ secrets: { a: 'v' }, token: () => Promise.resolve({ token, expiresOnTimestamp: 0 }) })),
    );
    expect(runner.of('mask')).toContainEqual(['mask', token]);
    expect(
      runner.events
        .filter((e) => e[0] !== 'mask')
        .flat()
        .join('\n'),
    ).not.toContain(token);
  });

  it('exports nothing when one reference fails', async () => {
    const runner = new FakeRunner(inputs('a\nmissing'));
    await run(deps(runner, fakeAzure({ secrets: { a: 'a-value' } })));
    expect(runner.failed).toMatch(/line 2: ml-prod-kv\/missing/);
    expect(runner.of('output')).toEqual([]);
    expect(runner.of('env')).toEqual([]);
    // The value already fetched is masked before the SDK's text reaches the debug log.
    const masked = runner.events.findIndex((e) => e[0] === 'mask' && e[1] === 'a-value');
    const detail = runner.events.findIndex((e) => e[0] === 'debug' && e[1]!.includes('not found'));
    expect(masked).toBeGreaterThanOrEqual(0);
    expect(detail).toBeGreaterThan(masked);
  });

  it('undoes every write when the runner refuses one, naming only the alias', async () => {
    const runner = new FakeRunner(inputs('a\nb'));
    runner.setOutput = (name: string, value: string) => {
      if (name === 'B') throw new Error('Unexpected input: value should not contain the delimiter "ghadelimiter_x"');
      runner.events.push(['output', name, value]);
    };
    await run(deps(runner, fakeAzure({ secrets: { a: 'first-value', b: 'second-value' } })));
    expect(runner.failed).toMatch(/Could not export B \(secrets line 2\)/);
    expect(runner.failed).not.toContain('second-value');
    expect(runner.of('output')).toEqual([]);
  });

  it('never creates the Azure client for bad input', async () => {
    const azure = fakeAzure();
    const runner = new FakeRunner(inputs('bad_name'));
    await run(deps(runner, azure));
    expect(runner.failed).toMatch(/secrets line 1/);
    expect(azure.calls).toEqual([]);
  });

  it('never creates the Azure client for a pem: reference outside files, on a wildcard, or clashing with its _KEY', async () => {
    const azure = fakeAzure();
    const runner = new FakeRunner(inputs('pem:tls-cert', { files: 'pem:tls-*\nTLS=pem:tls-cert\nTLS_KEY=other' }));
    await run(deps(runner, azure));
    expect(runner.failed).toMatch(/secrets line 1: .*move it to the files input/);
    expect(runner.failed).toMatch(/files line 1: .*without \*/);
    expect(runner.failed).toMatch(/files line 3: .*TLS_KEY, already exported by "TLS=pem:tls-cert"/);
    expect(azure.calls).toEqual([]);
  });

  it('retries IMDS while it says the failure is passing, then succeeds', async () => {
    let attempts = 0;
    const clock = new FakeClock();
    const runner = new FakeRunner(inputs('a'));
    const token = () => {
      if (++attempts < 3)
        return Promise.reject(Object.assign(new Error('IMDS busy'), { statusCode: attempts === 1 ? 503 : 429 }));
      return Promise.resolve({ token: jwt({ oid: 'x' }), expiresOnTimestamp: 0 });
    };
    await run(deps(runner, fakeAzure({ secrets: { a: 'v' }, token }), { clock }));
    expect(runner.failed).toBeUndefined();
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it.each([
    [
      { statusCode: 400, message: 'invalid_request: Identity not found' },
      {},
      /no system-assigned managed identity.*az vm identity assign/,
    ],
    [
      { statusCode: 400, message: 'Identity not found' },
      { 'client-id': '00000000-0000-4000-8000-000000000000' },
      /no identity with client-id 00000000.*--identities/,
    ],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, {}, /cannot be reached.*NO_PROXY/],
    [{ name: 'ImdsUnreachableError', code: 'EIMDSUNREACHABLE', message: 'no TCP connection' }, {}, /not an Azure VM/],
  ])('explains an identity failure: %o', async (error, more, message) => {
    const runner = new FakeRunner(inputs('a', more));
    const token = () => Promise.reject(Object.assign(new Error(error.message), error));
    await run(deps(runner, fakeAzure({ token })));
    expect(runner.failed).toMatch(message);
  });

  describe('fork guard', () => {
    const forkEvent = {
      eventName: 'pull_request',
      payload: {
        pull_request: {
          head: { repo: { full_name: 'mallory/training' } },
          base: { repo: { full_name: 'acme/training' } },
        },
      },
    };

    it('refuses a pull request from a fork, before any Azure call', async () => {
      const azure = fakeAzure({ secrets: { a: 'v' } });
      const runner = new FakeRunner(inputs('a'));
      await run(deps(runner, azure, { event: () => Promise.resolve(forkEvent) }));
      expect(runner.failed).toMatch(/fork mallory\/training.*allow-fork-pull-requests: true/);
      expect(azure.calls).toEqual([]);
    });

    it('fetches for a fork when allowed, and for same-repository pull requests', async () => {
      const allowed = new FakeRunner(inputs('a', { 'allow-fork-pull-requests': 'true' }));
      await run(deps(allowed, fakeAzure({ secrets: { a: 'v' } }), { event: () => Promise.resolve(forkEvent) }));
      expect(allowed.failed).toBeUndefined();

      const sameRepo = {
        eventName: 'pull_request_target',
        payload: {
          pull_request: {
            head: { repo: { full_name: 'acme/training' } },
            base: { repo: { full_name: 'acme/training' } },
          },
        },
      };
      const internal = new FakeRunner(inputs('a'));
      await run(deps(internal, fakeAzure({ secrets: { a: 'v' } }), { event: () => Promise.resolve(sameRepo) }));
      expect(internal.failed).toBeUndefined();
    });
  });

  it('logs one line per secret inside a group, never a value', async () => {
    const runner = new FakeRunner(inputs('DB=db-password'));
    await run(
      deps(runner, fakeAzure({ getSecret: () => Promise.resolve(bundle('hidden-value', '3f2a1b9c'.padEnd(32, '0'))) })),
    );
    expect(runner.of('group')).toEqual([['group', 'Exported 1 secret']]);
    expect(runner.of('info')).toEqual([
      ['info', 'Identity: Azure VM/VMSS managed identity (IMDS)'],
      ['info', 'DB ← ml-prod-kv/db-password (version 3f2a1b9c…)'],
    ]);
  });
});
