/**
 * Follows one log file like `tail -F`, for pattern counting: from the end (history is not news),
 * through rotation, with bounded memory.
 *
 * Polling, not fs.watch: inotify misses renames on some filesystems and in containers, and one
 * stat per interval is cheap. Each poll:
 *  1. drains the open descriptor to its end — after `mv app.log app.log.1` the lines written
 *     just before the rename are still there, on the old inode;
 *  2. stats the path: a different inode means a new file took the name, so the old descriptor is
 *     closed and the new file is read from its start (it is all new).
 * Copytruncate keeps the inode. A size below the offset shows it, but not when the writer wrote
 * more than the old offset again within one poll (100 of 200 lines were lost that way). So the
 * first and the last 64 bytes read so far are kept as a fingerprint and compared with the file
 * before each read; a difference means the file was rewritten and reading restarts at 0.
 * Only regular files are followed: a FIFO is opened non-blocking and refused (an open would wait
 * for a writer forever). Failures are reported once, then again only when the error changes or
 * every 10 minutes, and retried with a back-off doubling up to 30 s (not a warning every 250 ms).
 * Memory: reads go through one fixed chunk buffer; a line longer than maxLineBytes is cut there
 * (its head is still matched) and the rest is skipped up to the next newline; at most
 * maxBytesPerPoll are read per poll so a burst cannot stall the event loop.
 */
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';

export interface FollowOptions {
  path: string;
  onLine(line: string): void;
  /** Called for errors other than "file missing" (which is normal between rename and create). */
  onError?(error: Error): void;
  pollMs?: number;
  maxLineBytes?: number;
  maxBytesPerPoll?: number;
  /** Monotonic milliseconds; tests pass a fake clock to step through the back-off. */
  now?: () => number;
}

export interface FileFollower {
  /** Reads what is new now (tests and the poll loop use it). */
  poll(): Promise<void>;
  stop(): Promise<void>;
}

const CHUNK = 64 * 1024;
const FINGERPRINT = 64;
const MAX_BACKOFF_MS = 30_000;
const REMIND_MS = 10 * 60_000;

/** Describes what a non-regular file is, for the one warning about it. */
function notRegular(kind: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean }): string {
  if (kind.isDirectory()) return 'a directory';
  if (kind.isFIFO()) return 'a FIFO';
  if (kind.isSocket()) return 'a socket';
  if (kind.isCharacterDevice()) return 'a character device';
  return 'not a regular file';
}

export async function followFile(options: FollowOptions): Promise<FileFollower> {
  const { path, onLine } = options;
  const pollMs = options.pollMs ?? 250;
  const maxLine = options.maxLineBytes ?? 16 * 1024;
  const maxPerPoll = options.maxBytesPerPoll ?? 4 * 1024 * 1024;
  const chunk = Buffer.allocUnsafe(CHUNK);
  let handle: FileHandle | undefined;
  let inode: number | undefined;
  let offset = 0;
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let skippingLongLine = false;
  let stopped = false;
  let polling: Promise<void> = Promise.resolve();
  /** Bytes [0, head.length) and [offset - tail.length, offset) as read: the file's fingerprint. */
  let head: Buffer = Buffer.alloc(0);
  let tail: Buffer = Buffer.alloc(0);
  const now = options.now ?? (() => performance.now());
  let failures = 0;
  let retryAt = -Infinity;
  let reported: { message: string; at: number } | undefined;

  function failed(error: Error): void {
    failures++;
    retryAt = now() + Math.min(MAX_BACKOFF_MS, pollMs * 2 ** failures);
    if (reported?.message === error.message && now() - reported.at < REMIND_MS) return;
    reported = { message: error.message, at: now() };
    options.onError?.(error);
  }

  function succeeded(): void {
    failures = 0;
    retryAt = -Infinity;
    reported = undefined;
  }

  async function readAt(h: FileHandle, position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await h.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  }

  /** Throws for errors other than "file missing" (normal between a rename and the new file). */
  async function openAt(fromEnd: boolean): Promise<void> {
    let h: FileHandle;
    try {
      h = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const s = await h.stat();
    if (!s.isFile()) {
      await h.close();
      throw new Error(`${path} is ${notRegular(s)}, not a regular file: only regular log files are followed`);
    }
    handle = h;
    inode = s.ino;
    offset = fromEnd ? s.size : 0;
    const known = Math.min(FINGERPRINT, offset);
    head = await readAt(h, 0, known);
    tail = await readAt(h, offset - known, known);
    resetPartial();
  }

  /** False when the bytes already read are no longer there: copytruncate and a longer rewrite. */
  async function unchanged(h: FileHandle): Promise<boolean> {
    if (offset === 0) return true;
    return (await readAt(h, 0, head.length)).equals(head) && (await readAt(h, offset - tail.length, tail.length)).equals(tail);
  }

  function remember(position: number, bytes: Buffer): void {
    if (head.length < FINGERPRINT && position === head.length) head = Buffer.concat([head, bytes.subarray(0, FINGERPRINT - head.length)]);
    const joined = Buffer.concat([tail, bytes.subarray(Math.max(0, bytes.length - FINGERPRINT))]);
    tail = joined.subarray(Math.max(0, joined.length - FINGERPRINT));
  }

  function resetPartial(): void {
    partial = [];
    partialBytes = 0;
    skippingLongLine = false;
  }

  /** Splits bytes into lines; the unfinished tail waits for the next read, up to maxLine bytes. */
  function consume(bytes: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = bytes.indexOf(0x0a, start);
      const end = newline < 0 ? bytes.length : newline;
      if (!skippingLongLine) {
        const room = maxLine - partialBytes;
        const piece = bytes.subarray(start, Math.min(end, start + room));
        if (piece.length > 0) {
          // Copy: `bytes` is the shared chunk buffer and is overwritten by the next read.
          partial.push(Buffer.from(piece));
          partialBytes += piece.length;
        }
        if (end - start > room) {
          emit();
          skippingLongLine = true;
        }
      }
      if (newline < 0) return;
      if (skippingLongLine) skippingLongLine = false;
      else emit();
      start = newline + 1;
    }
  }

  function emit(): void {
    const line = Buffer.concat(partial, partialBytes).toString('utf8').replace(/\r$/, '');
    partial = [];
    partialBytes = 0;
    if (line !== '') onLine(line);
  }

  async function drain(budget: number): Promise<number> {
    if (handle === undefined) return budget;
    const size = (await handle.stat()).size;
    if (size < offset || !(await unchanged(handle))) {
      offset = 0; // truncated in place (copytruncate), maybe written again past the old offset
      head = Buffer.alloc(0);
      tail = Buffer.alloc(0);
      resetPartial();
    }
    while (budget > 0) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(CHUNK, budget), offset);
      if (bytesRead === 0) break;
      remember(offset, chunk.subarray(0, bytesRead));
      offset += bytesRead;
      budget -= bytesRead;
      consume(chunk.subarray(0, bytesRead));
    }
    return budget;
  }

  async function pollOnce(): Promise<void> {
    if (stopped || now() < retryAt) return;
    try {
      if (handle === undefined) {
        // Created after we started (or after a rotation left no file): all of it is new.
        await openAt(false);
        if (handle === undefined) return;
      }
      const budget = await drain(maxPerPoll);
      let current: number | undefined;
      try {
        current = (await stat(path)).ino;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      if (current !== undefined && current !== inode && budget > 0) {
        // Rotated: the old file is drained (above); a line cut at the rename ends here.
        if (partialBytes > 0) emit();
        await handle.close();
        handle = undefined;
        await openAt(false);
        await drain(budget);
      }
      succeeded();
    } catch (error) {
      failed(error as Error);
    }
  }

  try {
    await openAt(true);
  } catch (error) {
    failed(error as Error);
  }
  const timer = setInterval(() => {
    polling = polling.then(pollOnce);
  }, pollMs);
  timer.unref();

  return {
    poll: () => (polling = polling.then(pollOnce)),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await polling;
      await handle?.close();
      handle = undefined;
    },
  };
}
