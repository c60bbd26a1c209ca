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

/**
 * The 64 bits are two 32-bit words (`low` holds offsets 0–31 from the highest number, `high`
 * 32–63): plain integer arithmetic, where BigInts allocated on every datagram at 1000 peers.
 */
class SequenceWindow {
  /** Local time (ms) of the last accepted datagram. */
  usedAt: number;
  private highest: number;
  private low = 1;
  private high = 0;
  private readonly firstSeq: number;

  constructor(seq: number, now: number) {
    this.usedAt = now;
    this.highest = seq;
    this.firstSeq = seq;
  }

  admit(seq: number): Admission {
    if (seq > this.highest) {
      this.shift(seq - this.highest);
      this.low |= 1;
      this.highest = seq;
      return 'accepted';
    }
    const offset = this.highest - seq;
    if (offset >= WINDOW) return 'stale';
    if (this.has(offset)) return 'replayed';
    if (offset < 32) this.low |= 1 << offset;
    else this.high |= 1 << (offset - 32);
    return 'accepted';
  }

  private has(offset: number): boolean {
    return ((offset < 32 ? this.low >>> offset : this.high >>> (offset - 32)) & 1) === 1;
  }

  /** Moves every bit `by` places towards older offsets; bits past the window fall off. */
  private shift(by: number): void {
    if (by >= WINDOW) {
      this.low = 0;
      this.high = 0;
    } else if (by >= 32) {
      this.high = by === 32 ? this.low : this.low << (by - 32);
      this.low = 0;
    } else {
      this.high = (this.high << by) | (this.low >>> (32 - by));
      this.low = this.low << by;
    }
  }

  lossRatio(): number {
    const span = Math.min(WINDOW, this.highest - this.firstSeq + 1);
    let received = 0;
    for (let i = 0; i < span; i++) if (this.has(i)) received++;
    return span === 0 ? 0 : 1 - received / span;
  }
}

export class ReplayWindow {
  /** Insertion order = use order: an accepted datagram moves its epoch to the end. */
  private readonly epochs = new Map<number, SequenceWindow>();
  private lastUsed: number | undefined;
  /** The window of lastUsed: almost every datagram is of that epoch, and a boot epoch is no small integer, so a map lookup by it hashes a double. */
  private lastWindow: SequenceWindow | undefined;

  /** `now`: local monotonic ms, only compared with itself. */
  admit(epoch: number, seq: number, now = 0): Admission {
    const held = epoch === this.lastUsed ? this.lastWindow : this.epochs.get(epoch);
    if (held === undefined) {
      if (epoch < Math.max(...this.epochs.keys()) && [...this.epochs.values()].some((w) => now - w.usedAt < EPOCH_SILENCE_MS)) return 'stale';
      // The least recently used goes, never the last used (it is last in the map).
      if (this.epochs.size >= EPOCHS_HELD) this.epochs.delete(this.epochs.keys().next().value!);
      const window = new SequenceWindow(seq, now);
      this.epochs.set(epoch, window);
      this.lastUsed = epoch;
      this.lastWindow = window;
      return 'accepted';
    }
    const admission = held.admit(seq);
    if (admission === 'accepted') {
      held.usedAt = now;
      // Almost always the epoch already last in use: the map is reordered only on a change.
      if (this.lastUsed !== epoch) {
        this.epochs.delete(epoch);
        this.epochs.set(epoch, held);
        this.lastUsed = epoch;
        this.lastWindow = held;
      }
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
