// A small file read asynchronously and capped: opened non-blocking (a FIFO there cannot hold the open),
// and never more than one byte past the cap read, whatever the file's size.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** The file's first maxBytes + 1 bytes at most, as UTF-8: more than maxBytes back means the file is larger. */
export async function readCapped(path: string, maxBytes: number): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    await handle.close().catch(() => {});
  }
}
