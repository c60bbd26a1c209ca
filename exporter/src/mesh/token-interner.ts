/**
 * Strings for the names a datagram carries, made once and then found by their bytes.
 *
 * Every heartbeat names its cluster, sender and recipient: at 1000 peers, 6000 strings a second
 * cut from datagrams (each a call into the runtime), each hashed again by the map it is looked
 * up in. The same few thousand names come back every interval, so the decoder asks here first: a
 * hit returns the string made last time (its hash already cached by the runtime), a miss makes
 * it and keeps it in its slot.
 *
 * A direct-mapped cache of fixed size: a slot holds the last name that hashed to it, so memory is
 * bounded whatever a sender names (names are read only after the MAC is checked, and a flood of
 * names only evicts; it never grows the table). Two names sharing a slot both still decode: they
 * just miss every time. With 16384 slots (128 KiB), about 6 % of 1000 members share one.
 */
import { fnv1a } from './row-store';

const SLOTS = 16384;
/** Longer fields are cut as strings every time: names are at most 253 characters (MAX_TOKEN). */
const MAX_INTERNED = 64;

/** The slot of an FNV-1a hash (row-store.ts fnv1a: over a latin1 name's bytes or its characters alike). */
const slotOf = (hash: number) => (hash ^ (hash >>> 16)) & (SLOTS - 1);

export class TokenInterner {
  private readonly slots: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

  /** The latin1 string of `bytes[start, end)`: the kept one when its bytes are the same. */
  intern(bytes: Buffer, start: number, end: number): string {
    const length = end - start;
    if (length > MAX_INTERNED) return bytes.toString('latin1', start, end);
    // fnv1a over the bytes in place: hashing a string would need the string this avoids.
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    const slot = slotOf(hash >>> 0);
    const kept = this.slots[slot];
    if (kept !== undefined && kept.length === length && sameBytes(kept, bytes, start)) return kept;
    return (this.slots[slot] = bytes.toString('latin1', start, end));
  }

  /**
   * Keeps these very strings (the members' names as the maps are keyed by): a decoded name is then
   * the key itself, and a lookup compares no characters.
   */
  seed(names: Iterable<string>): void {
    for (const name of names) if (name.length <= MAX_INTERNED) this.slots[slotOf(fnv1a(name))] = name;
  }
}

function sameBytes(text: string, bytes: Buffer, start: number): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}
