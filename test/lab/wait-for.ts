/**
 * Polling with a deadline. Lab tests never sleep a fixed time and hope: they poll the real
 * observable (metrics, views) until it matches or the deadline passes, and on failure they show
 * the last state they saw.
 */
import { isDeepStrictEqual } from 'node:util';

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

export interface Observed<T> {
  matched: boolean;
  /** The last value seen (the matching one when matched). */
  value: T | undefined;
  /** The last observation error, if the last poll failed. */
  error?: string;
  /** Time from the start of waiting to the match (or to the deadline). */
  elapsedMs: number;
  /** Date.now() of the matching observation (or of the deadline). */
  at: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `observe` until `accept` holds or the deadline passes; never throws. */
export async function poll<T>(observe: () => Promise<T>, accept: (value: T) => boolean, options: WaitOptions = {}): Promise<Observed<T>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 100;
  const start = Date.now();
  let value: T | undefined;
  let error: string | undefined;
  for (;;) {
    try {
      value = await observe();
      error = undefined;
      if (accept(value)) return { matched: true, value, elapsedMs: Date.now() - start, at: Date.now() };
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    if (Date.now() - start >= timeoutMs) return { matched: false, value, error, elapsedMs: Date.now() - start, at: Date.now() };
    await sleep(intervalMs);
  }
}

/**
 * Polls until the observation deep-equals `expected`; returns the last value seen either way,
 * so the test's own `expect(value).toEqual(expected)` shows the difference on failure.
 */
export async function waitForEqual<T>(observe: () => Promise<T>, expected: T, options: WaitOptions = {}): Promise<T | undefined> {
  const observed = await poll(observe, (value) => isDeepStrictEqual(value, expected), options);
  return observed.value;
}

/** Polls until `accept` holds; throws with `description` and the last state seen otherwise. */
export async function waitUntil<T>(description: string, observe: () => Promise<T>, accept: (value: T) => boolean, options: WaitOptions = {}): Promise<Observed<T>> {
  const observed = await poll(observe, accept, options);
  if (!observed.matched) {
    const last = observed.error !== undefined ? `error: ${observed.error}` : JSON.stringify(observed.value, null, 2);
    throw new Error(`${description}: not reached within ${observed.elapsedMs} ms; last seen:\n${last}`);
  }
  return observed;
}
