/**
 * Reads a file the operator named (the config, the secret) only if it is a regular file and at
 * most `maxBytes` long. `--config /dev/zero` once grew the agent past 5 GB, and a FIFO blocked it
 * forever: the file is opened non-blocking (opening a FIFO then returns at once), checked with
 * fstat on that same descriptor (no race with a rename), and read with a bounded buffer, so a
 * file that grows while being read is still cut off at the limit.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** `errno` when the system refused (ENOENT, EACCES…), else `reason` says what is wrong with the file. */
export type BoundedRead = { ok: true; bytes: Buffer; stats: Stats } | { ok: false; errno?: string; reason: string };

function kind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** No fix in the reason: the caller knows which key or flag to name. */
export function readBounded(path: string, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    return { ok: false, errno, reason: errno ?? String(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, reason: `it is ${kind(stats)}, not a regular file` };
    if (stats.size > maxBytes) return { ok: false, reason: `it has ${stats.size} bytes, more than the limit of ${maxBytes}` };
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) return { ok: false, reason: `it grew past the limit of ${maxBytes} bytes while being read` };
    }
    return { ok: true, bytes: buffer.subarray(0, length), stats };
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    return { ok: false, errno, reason: errno ?? String(error) };
  } finally {
    closeSync(fd);
  }
}
