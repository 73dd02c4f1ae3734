// acr-login's job-scoped Docker config: a fresh 0700 directory under RUNNER_TEMP holding a
// 0600 config.json, exported as DOCKER_CONFIG; the post step removes it as it removes secret files.
// The entry is what `az acr login` leaves: az runs `docker login --username 00000000-0000-0000-0000-000000000000
// --password-stdin` with the ACR refresh token, and docker (with no credential helper) stores
// auths[registry].auth = base64("user:password"). Docker then sends it as Basic auth to the registry's
// token endpoint, which ACR accepts for that user with a refresh token. The runner user's ~/.docker is
// never written; its cli-plugins directory is only named, so user-installed plugins (compose, buildx) still load.
import { join } from 'node:path';
import { createPrivateDir, FILES_DIR_PREFIX, type WrittenFiles, writeSecretFile } from './files.js';
import type { RunProgram } from './windows.js';

/** The user docker and ACR use with a refresh token as the password. */
export const ACR_TOKEN_USER = '00000000-0000-0000-0000-000000000000';
export const DOCKER_DIR_PREFIX = `${FILES_DIR_PREFIX}docker-`;

export interface RegistryLogin {
  registry: string;
  refreshToken: string;
}

export function dockerConfigJson(logins: readonly RegistryLogin[], home: string | undefined): string {
  const auths = Object.fromEntries(
    logins.map((l) => [l.registry, { auth: Buffer.from(`${ACR_TOKEN_USER}:${l.refreshToken}`).toString('base64') }]),
  );
  return `${JSON.stringify({ auths, ...(home ? { cliPluginsExtraDirs: [join(home, '.docker', 'cli-plugins')] } : {}) }, null, 2)}\n`;
}

/**
 * The directory (created now: 0700, on Windows with the owner-only ACL secret files get) and the file
 * writeDockerConfig writes in it.
 */
export function createDockerConfigDir(
  runnerTemp: string,
  platform: NodeJS.Platform = process.platform,
  run?: RunProgram,
): WrittenFiles {
  const dir = createPrivateDir(runnerTemp, DOCKER_DIR_PREFIX, platform, run);
  return { dir, files: [join(dir, 'config.json')] };
}

export function writeDockerConfig(
  written: WrittenFiles,
  logins: readonly RegistryLogin[],
  home: string | undefined,
): void {
  writeSecretFile(written.files[0]!, Buffer.from(dockerConfigJson(logins, home), 'utf8'));
}
