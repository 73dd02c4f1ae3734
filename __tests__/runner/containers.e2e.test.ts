// Values into containers: an env-file Docker reads back byte for byte, and files a container user given a
// group can read while no one else can. Run as the runner runs the action, against the stand-in.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runPostStep } from '../../standin/runner.mjs';
import { itIf, posix } from '../helpers/itIf.js';
import { expectNothingExported, sampleInputs, sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();

/** docker/cli pkg/kvfile, as `docker run --env-file` reads a file: the reference this test holds the file to. */
function readAsDocker(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '').replace(/^\s+/, ''); // bufio.ScanLines drops a "\r"; leading space trimmed
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0 || /[ \t]/.test(line.slice(0, eq))) throw new Error(`docker would refuse the line ${line}`);
    vars[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return vars;
}

/** Values a dotenv reader or a shell would change, and Docker's reader keeps as they are. */
const ODD: Record<string, string> = {
  'db-password': '  spaces around, kept  ',
  hash: '#not a comment',
  quotes: `"double" and 'single'`,
  dollar: '$HOME and ${PATH} and $(id)',
  equals: 'a=b=c',
  unicode: 'pässwörd 秘密 🔑',
  backslash: 'C:\\path\\n not a newline',
};

describe('env-file: the values in the format docker run --env-file reads', () => {
  itIf(posix, 'file modes are POSIX')(
    'one NAME=value line per value, 0600, read back by Docker exactly; removed by the post step',
    async () => {
      sampleVault(ctx.s, ODD);
      const r = await ctx.step(sampleInputs({ secrets: Object.keys(ODD).join('\n'), 'env-file': 'ENV_FILE' }));
      expect(r.errors).toEqual([]);
      const path = r.outputs.ENV_FILE!;
      expect(path).toMatch(/keyvault-secrets-[^/]+\/values\.env$/);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const expected = Object.fromEntries(
        Object.entries(ODD).map(([name, value]) => [name.toUpperCase().replace(/-/g, '_'), value]),
      );
      expect(readAsDocker(readFileSync(path, 'utf8'))).toEqual(expected);
      expect(r.log).toContain(`ENV_FILE ← ${path}, an env-file of 7 values`);
      const post = await runPostStep(r, { env: ctx.s.env() });
      expect(post.warnings).toEqual([]);
      expect(existsSync(path)).toBe(false);
    },
  );

  it('a value of several lines is refused, pointing to files, and nothing is exported', async () => {
    sampleVault(ctx.s, { 'db-password': 'one line', 'tls-key': '-----BEGIN KEY-----\nabc\n-----END KEY-----' });
    const r = await ctx.step(sampleInputs({ secrets: 'db-password\nTLS_KEY=tls-key', 'env-file': 'ENV_FILE' }));
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([
      expect.stringMatching(
        /secrets line 2: TLS_KEY: its value has more than one line, .*read it as a file instead: files: TLS_KEY=tls-key \(env-file\)/,
      ),
    ]);
    expectNothingExported(r);
    expect(readdirSync(r.runnerTemp).filter((n) => n.startsWith('keyvault-secrets-'))).toEqual([]);
  });
});

const isRoot = process.getuid?.() === 0;
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
/** A group and users no one on this machine is likely to have: the container user, and anyone else. */
const GROUP = 4243;
const CONTAINER_USER = 4242;
const SOMEONE_ELSE = 4244;

/** Reads `path` as another uid (setpriv, as root): with `groups`, or none. */
/**
 * A directory other users can reach (every ancestor lets others pass): the test's temp directory may sit inside
 * a private one (a CI checkout under a 0700 mktemp directory), where no other user could reach any file.
 */
function reachableRoot(): string | undefined {
  return [tmpdir(), '/var/tmp', '/tmp'].find((root) => {
    for (let dir = resolve(root); ; dir = dirname(dir)) {
      try {
        if ((statSync(dir).mode & 0o001) === 0) return false;
      } catch {
        return false;
      }
      if (dirname(dir) === dir) return true;
    }
  });
}

function readAs(uid: number, groups: number[], path: string) {
  const r = spawnSync(
    setpriv!,
    [
      `--reuid=${uid}`,
      `--regid=${uid}`,
      groups.length ? `--groups=${groups.join(',')}` : '--clear-groups',
      'cat',
      path,
    ],
    { encoding: 'utf8' },
  );
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('files-group: files a container user can read, and no one else', () => {
  const FILE = 'token: shared-with-the-group-7d21\n';

  itIf(posix, 'file modes and groups are POSIX')(
    'the files are 0640 and their directory 0750, both of the group; removed by the post step',
    async () => {
      sampleVault(ctx.s, { kubeconfig: FILE });
      const gid = isRoot ? GROUP : process.getegid!();
      const r = await ctx.step(
        sampleInputs({ secrets: '', files: 'KUBECONFIG=kubeconfig', 'files-group': String(gid) }),
      );
      expect(r.errors).toEqual([]);
      const path = r.outputs.KUBECONFIG!;
      const file = statSync(path);
      const dir = statSync(dirname(path));
      expect({ file: file.mode & 0o777, dir: dir.mode & 0o777 }).toEqual({ file: 0o640, dir: 0o750 });
      expect({ file: file.gid, dir: dir.gid }).toEqual({ file: gid, dir: gid });
      await runPostStep(r, { env: ctx.s.env() });
      expect(existsSync(dirname(path))).toBe(false);
    },
  );

  itIf(
    isRoot && setpriv !== undefined && reachableRoot() !== undefined,
    'reading as other users needs root, setpriv (util-linux) and a directory other users can reach',
  )('a user given the group reads the file; a user without it cannot, nor list the directory', async () => {
    sampleVault(ctx.s, { kubeconfig: FILE });
    // A RUNNER_TEMP other users may pass through (the stand-in's own step directory is 0700).
    const temp = mkdtempSync(join(reachableRoot()!, 'kv-group-'));
    chmodSync(temp, 0o711);
    try {
      const r = await ctx.step(
        sampleInputs({ secrets: '', files: 'KUBECONFIG=kubeconfig', 'files-group': String(GROUP) }),
        { runnerTemp: temp },
      );
      expect(r.errors).toEqual([]);
      const path = r.outputs.KUBECONFIG!;
      expect(readAs(CONTAINER_USER, [GROUP], path)).toMatchObject({ status: 0, out: FILE });
      const denied = readAs(SOMEONE_ELSE, [], path);
      expect(denied.status).not.toBe(0);
      expect(denied.err).toMatch(/Permission denied/);
      await runPostStep(r, { env: ctx.s.env() });
      expect(existsSync(path)).toBe(false);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });
});

// A real container, where the machine has Docker and the image (no image is pulled: tests reach no registry).
const IMAGE = process.env.KV_TEST_DOCKER_IMAGE ?? 'busybox';
const docker = (() => {
  if (!posix) return { ok: false, why: 'the container test runs Linux containers from a POSIX runner' };
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 20_000 });
  if (info.error || info.status !== 0)
    return {
      ok: false,
      why: `docker info fails here (${(info.stderr || info.error?.message || '').trim().split('\n')[0] || `exit ${info.status}`})`,
    };
  const image = spawnSync('docker', ['image', 'inspect', IMAGE], { encoding: 'utf8', timeout: 20_000 });
  if (image.status !== 0)
    return { ok: false, why: `the image ${IMAGE} is not on this machine (set KV_TEST_DOCKER_IMAGE to one that is)` };
  return { ok: true, why: '' };
})();

describe('into a real container', () => {
  itIf(docker.ok, docker.why)(
    'docker run -e NAME and --env-file get the values with none in argv, and a --group-add user reads the files',
    async () => {
      sampleVault(ctx.s, {
        'db-password': 'in-the-container-5c1f',
        'api-key': 'from the env-file',
        kubeconfig: 'kube: yes',
      });
      const out = mkdtempSync(join(tmpdir(), 'kv-docker-'));
      try {
        const r = await ctx.step(
          sampleInputs({
            secrets: 'db-password\napi-key',
            files: 'KUBECONFIG=kubeconfig',
            'files-group': String(isRoot ? GROUP : process.getegid!()),
            'env-file': 'ENV_FILE',
            run: [
              `docker run --rm -e DB_PASSWORD --env-file "$ENV_FILE" --user ${CONTAINER_USER} --group-add ${isRoot ? GROUP : process.getegid!()} \\`,
              `  -v "$(dirname "$KUBECONFIG"):/run/secrets:ro" ${IMAGE} \\`,
              `  sh -c 'printf "%s|%s|" "$DB_PASSWORD" "$API_KEY"; cat /run/secrets/kubeconfig' > "$OUT/container"`,
            ].join('\n'),
          }),
          { env: { OUT: out } },
        );
        expect(r.errors).toEqual([]);
        expect(readFileSync(join(out, 'container'), 'utf8')).toBe('in-the-container-5c1f|from the env-file|kube: yes');
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
