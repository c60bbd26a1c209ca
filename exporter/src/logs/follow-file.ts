/**
 * Follows one log file like `tail -F`, for pattern counting: from the end (history is not news),
 * through rotation, with bounded memory.
 *
 * Polling, not fs.watch: inotify misses renames on some filesystems and in containers, and one
 * stat per interval is cheap. Each poll:
 *  1. drains the open descriptor to its end — after `mv app.log app.log.1` the lines written
 *     just before the rename are still there, on the old inode;
 *  2. stats the path: a different inode means a new file took the name, so the old descriptor is
 *     closed and the new file is read from its start (it is all new); a size below the offset
 *     means copytruncate, so reading restarts at 0.
 * Memory: reads go through one fixed chunk buffer; a line longer than maxLineBytes is cut there
 * (its head is still matched) and the rest is skipped up to the next newline; at most
 * maxBytesPerPoll are read per poll so a burst cannot stall the event loop.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';

export interface FollowOptions {
  path: string;
  onLine(line: string): void;
  /** Called for errors other than "file missing" (which is normal between rename and create). */
  onError?(error: Error): void;
  pollMs?: number;
  maxLineBytes?: number;
  maxBytesPerPoll?: number;
}

export interface FileFollower {
  /** Reads what is new now (tests and the poll loop use it). */
  poll(): Promise<void>;
  stop(): Promise<void>;
}

const CHUNK = 64 * 1024;

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

  async function openAt(fromEnd: boolean): Promise<void> {
    try {
      const h = await open(path, 'r');
      const s = await h.stat();
      handle = h;
      inode = s.ino;
      offset = fromEnd ? s.size : 0;
      resetPartial();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') options.onError?.(error as Error);
    }
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
    if (size < offset) {
      offset = 0; // truncated in place (copytruncate)
      resetPartial();
    }
    while (budget > 0) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(CHUNK, budget), offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
      budget -= bytesRead;
      consume(chunk.subarray(0, bytesRead));
    }
    return budget;
  }

  async function pollOnce(): Promise<void> {
    if (stopped) return;
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
    } catch (error) {
      options.onError?.(error as Error);
    }
  }

  await openAt(true);
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
