/**
 * Nonces of view requests already served (docs/security.md, F8): a captured Authorization header is good
 * for one request, not for a minute of them. Entries are kept as long as a header can be valid
 * (its time ± the skew bound), then forgotten: an older header fails the time check anyway.
 */

export class NonceCache {
  /** nonce → wall ms after which it can be forgotten; insertion order is expiry order. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly keepMs: number,
    /** Bound on memory: legitimate load is a few requests per second; only a member could fill it. */
    private readonly capacity = 100_000,
  ) {}

  /** True the first time a nonce is offered (and remembers it), false for a replay. */
  firstUse(nonce: string, wallNow: number): boolean {
    for (const [old, expires] of this.seen) {
      if (expires > wallNow && this.seen.size < this.capacity) break;
      this.seen.delete(old);
    }
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, wallNow + this.keepMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}
