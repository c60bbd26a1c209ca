/**
 * Per-sender replay protection and loss accounting over the last 64 sequence numbers (the IPsec
 * anti-replay idea): accept a sequence number once, within the window, within the current epoch.
 */

export const WINDOW = 64;

export type Admission = 'accepted' | 'replayed' | 'stale';

export class ReplayWindow {
  private epoch = -1;
  private highest = -1;
  /** Bit i set = sequence number (highest - i) was received. */
  private bits = 0n;
  private firstSeq = -1;

  admit(epoch: number, seq: number): Admission {
    if (epoch < this.epoch) return 'stale';
    if (epoch > this.epoch) {
      this.epoch = epoch;
      this.highest = seq;
      this.firstSeq = seq;
      this.bits = 1n;
      return 'accepted';
    }
    if (seq > this.highest) {
      const shift = seq - this.highest;
      this.bits = shift >= WINDOW ? 1n : ((this.bits << BigInt(shift)) | 1n) & ((1n << BigInt(WINDOW)) - 1n);
      this.highest = seq;
      return 'accepted';
    }
    const offset = this.highest - seq;
    if (offset >= WINDOW) return 'stale';
    const bit = 1n << BigInt(offset);
    if ((this.bits & bit) !== 0n) return 'replayed';
    this.bits |= bit;
    return 'accepted';
  }

  /** Share of sequence numbers missing in the window (0 when nothing is known yet). */
  lossRatio(): number {
    if (this.highest < 0) return 0;
    const span = Math.min(WINDOW, this.highest - this.firstSeq + 1);
    let received = 0;
    for (let i = 0; i < span; i++) if ((this.bits >> BigInt(i)) & 1n) received++;
    return span === 0 ? 0 : 1 - received / span;
  }
}
