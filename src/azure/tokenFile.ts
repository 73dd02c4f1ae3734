// The AKS workload identity token file (AZURE_FEDERATED_TOKEN_FILE), read by the action rather than
// by the SDK: asynchronously, as a regular file only, and capped. A FIFO or a device there would
// otherwise block the read (readFileSync blocked the whole event loop, so the deadline never fired),
// and a huge file would be read whole and presented to Entra.
import { errorCode } from '../util/sdkErrors.js';
import { openNonBlocking, readUpTo } from '../util/smallFile.js';

/** A projected service account token is a JWT of 1–2 KiB. */
export const MAX_TOKEN_FILE_BYTES = 16 * 1024;

export class TokenFileError extends Error {
  override readonly name = 'TokenFileError';
  readonly code = 'ETOKENFILE';
  constructor(
    readonly file: string,
    /** What is wrong with it, after "The token file … ": "is a directory", "is larger than 16 KiB", … */
    readonly problem: string,
  ) {
    super(`${file} ${problem}`);
  }
}

export function kindOf(stat: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * The token in the file, trimmed, as WorkloadIdentityCredential reads it. Opened non-blocking (a
 * FIFO with no writer would otherwise hold the open), then checked with fstat, which follows the
 * symlinks Kubernetes uses for projected volumes.
 */
export async function readTokenFile(file: string, maxBytes = MAX_TOKEN_FILE_BYTES): Promise<string> {
  let handle;
  try {
    handle = await openNonBlocking(file);
  } catch (error) {
    throw new TokenFileError(file, `cannot be opened (${errorCode((error as { code?: unknown }).code) ?? 'error'})`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new TokenFileError(file, `is ${kindOf(stat)}, not a regular file`);
    if (stat.size > maxBytes)
      throw new TokenFileError(
        file,
        `is ${stat.size} bytes, larger than the ${maxBytes / 1024} KiB a service account token can be`,
      );
    // The size can change under us (a kubelet refresh): read at most one byte past the cap, and check again.
    const content = await readUpTo(handle, maxBytes);
    if (content.length > maxBytes)
      throw new TokenFileError(file, `is larger than the ${maxBytes / 1024} KiB a service account token can be`);
    const token = content.toString('utf8').trim();
    if (!token) throw new TokenFileError(file, 'is empty');
    return token;
  } catch (error) {
    if (error instanceof TokenFileError) throw error;
    throw new TokenFileError(file, `cannot be read (${errorCode((error as { code?: unknown }).code) ?? 'error'})`);
  } finally {
    await handle.close().catch(() => {});
  }
}
