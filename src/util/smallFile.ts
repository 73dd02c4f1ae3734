// A small file read asynchronously and capped: opened non-blocking (a FIFO there cannot hold the open),
// and never more than one byte past the cap read, whatever the file's size.
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

/** Opens for reading without blocking: a FIFO with no writer would otherwise hold the open. */
export const openNonBlocking = (path: string): Promise<FileHandle> =>
  open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));

/** At most maxBytes + 1 bytes from the handle: more than maxBytes back means the file is larger. */
export async function readUpTo(handle: FileHandle, maxBytes: number): Promise<Buffer> {
  const buffer = Buffer.alloc(maxBytes + 1);
  let length = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
    if (bytesRead === 0) break;
    length += bytesRead;
    if (length === buffer.length) break;
  }
  return buffer.subarray(0, length);
}

/** The file's first maxBytes + 1 bytes at most, as UTF-8: more than maxBytes back means the file is larger. */
export async function readCapped(path: string, maxBytes: number): Promise<string> {
  const handle = await openNonBlocking(path);
  try {
    return (await readUpTo(handle, maxBytes)).toString('utf8');
  } finally {
    await handle.close().catch(() => {});
  }
}
