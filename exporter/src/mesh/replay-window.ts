/**
 * Per-sender replay protection and loss accounting over the last 64 sequence numbers (the IPsec
 * anti-replay idea): accept a sequence number once, within the window, within its epoch.
 *
 * A few epochs are held at once, each with its own window, least recently used evicted (docs/security.md,
 * F5): when only the highest epoch counted, one datagram signed with the shared key and carrying
 * a far-future epoch made every real heartbeat `stale` until the receiver restarted. Now a forged
 * epoch gets a window of its own and the real one keeps working; pushing the real epoch out takes
 * a stream of forgeries faster than the real heartbeats, and evicts nothing once it stops.
 */

export const WINDOW = 64;
/** Epochs held per sender: the current boot, the one before (datagrams in flight over a restart), one spare. */
export const EPOCHS_HELD = 3;
/**
 * An epoch not held and lower than the highest held is a capture from a boot already seen (or
 * evicted by forgeries): refused until every held epoch has been silent this long. Then it is
 * taken, so a sender whose clock stepped back across a restart, or whose real epoch a stream of
 * forged ones pushed out, is heard again; by then any capture is past the send-time bound.
 */
export const EPOCH_SILENCE_MS = 60_000;

export type Admission = 'accepted' | 'replayed' | 'stale';

class SequenceWindow {
  /** Local time (ms) of the last accepted datagram. */
  usedAt: number;
  private highest = -1;
  /** Bit i set = sequence number (highest - i) was received. */
  private bits = 0n;
  private firstSeq = -1;

  constructor(seq: number, now: number) {
    this.usedAt = now;
    this.highest = seq;
    this.firstSeq = seq;
    this.bits = 1n;
  }

  admit(seq: number): Admission {
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

  lossRatio(): number {
    const span = Math.min(WINDOW, this.highest - this.firstSeq + 1);
    let received = 0;
    for (let i = 0; i < span; i++) if ((this.bits >> BigInt(i)) & 1n) received++;
    return span === 0 ? 0 : 1 - received / span;
  }
}

export class ReplayWindow {
  /** Insertion order = use order: an accepted datagram moves its epoch to the end. */
  private readonly epochs = new Map<number, SequenceWindow>();

  /** `now`: local monotonic ms, only compared with itself. */
  admit(epoch: number, seq: number, now = 0): Admission {
    const held = this.epochs.get(epoch);
    if (held === undefined) {
      if (epoch < Math.max(...this.epochs.keys()) && [...this.epochs.values()].some((w) => now - w.usedAt < EPOCH_SILENCE_MS)) return 'stale';
      if (this.epochs.size >= EPOCHS_HELD) this.epochs.delete(this.epochs.keys().next().value!);
      this.epochs.set(epoch, new SequenceWindow(seq, now));
      return 'accepted';
    }
    const admission = held.admit(seq);
    if (admission === 'accepted') {
      held.usedAt = now;
      this.epochs.delete(epoch);
      this.epochs.set(epoch, held);
    }
    return admission;
  }

  /** Share of sequence numbers missing in the most recently used epoch's window (0 when nothing is known yet). */
  lossRatio(): number {
    let last: SequenceWindow | undefined;
    for (const window of this.epochs.values()) last = window;
    return last === undefined ? 0 : last.lossRatio();
  }
}
