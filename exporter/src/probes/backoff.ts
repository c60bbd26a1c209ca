/**
 * Bounded reconnect backoff for a probe's connection: after n consecutive failed connects the
 * next attempt waits min(base·2ⁿ, max). The cap stays below the probe interval by default, so a
 * healed network is seen within one round, while a dead host is not hammered by tight rounds.
 */
export class Backoff {
  private failures = 0;
  private notBefore = 0;

  constructor(
    private readonly baseMs = 100,
    private readonly maxMs = 1000,
  ) {}

  /** May a connect be attempted at `now` (monotonic ms)? */
  ready(now: number): boolean {
    return now >= this.notBefore;
  }

  failed(now: number): void {
    this.notBefore = now + Math.min(this.baseMs * 2 ** this.failures, this.maxMs);
    this.failures++;
  }

  succeeded(): void {
    this.failures = 0;
    this.notBefore = 0;
  }
}
