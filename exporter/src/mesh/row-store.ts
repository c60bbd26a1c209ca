/**
 * The freshest inbound row held per origin. Rows travel with their age, never a wall-clock time
 * (docs/architecture.md § Partition semantics): a row received with age A at local time T was born at
 * T - A on our clock. The highest (epoch, seq) per origin wins; rows past maxAge are dropped.
 *
 * Each held row also carries a change stamp from a counter of this store, so that a peer can ask
 * for what changed since the stamp it last saw (view-delta.ts). A row is stamped when it is news:
 * a new origin or boot, other states, or a new refresh window of the origin's seq (seq counts the
 * origin's milliseconds of uptime, so every relay starts a window at the same row, and a row
 * unchanged for a long time still reaches everyone once per window, fresh enough to not expire).
 */
import type { InboundRow, LinkState, NodeName } from '../analysis/types';
import { LINK_STATE_CHAR, linkStateOfChar } from '../contract/vocabulary';

export interface StoredRow extends InboundRow {
  epoch: number;
  seq: number;
  /** The origin's signature over the compact states in our member order (relayed verbatim). */
  sig?: string;
}

export function isNewer(a: { epoch: number; seq: number }, b: { epoch: number; seq: number }): boolean {
  return a.epoch > b.epoch || (a.epoch === b.epoch && a.seq > b.seq);
}

/** When a held row last became news, and the states it then carried. */
export interface RowStamp {
  /** The last change or refresh. */
  stamp: number;
  /** The last change of epoch, member order or states (a refresh leaves it). */
  statesStamp: number;
  /** statesHash of the states (lets a refresh name the states it renews without sending them). */
  hash: string;
}

/**
 * 24 bits of FNV-1a over the states, base 36 (at most 5 characters): a short name for a row's
 * states, sent with every refresh. It tells a requester whether the states it holds are the ones
 * renewed; it is no security check (signatures are), and a collision (1 in 16 million) would only
 * renew a row until its next change.
 */
export function statesHash(states: string): string {
  const hash = fnv1a(states);
  return ((hash >>> 8) ^ (hash & 0xff)).toString(36);
}

/** 32-bit FNV-1a over the UTF-16 code units of a string: cheap and well spread, not cryptographic. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** Up to this many members, rows renew every heartbeat interval: bytes are no concern, freshness is. */
export const RENEW_EVERY_INTERVAL_UP_TO = 100;

/**
 * How much of an origin's seq an unchanged row goes without being renewed in deltas: one
 * heartbeat interval in clusters up to RENEW_EVERY_INTERVAL_UP_TO members (a relayed copy is then
 * as fresh as with full views), a third of views.maxAge above (each origin's row costs a refresh
 * per partner and window, the largest part of a delta at 1000 members, and a copy relayed over a
 * few hops still arrives well before it expires).
 */
export function refreshWindowMs(members: number, intervalMs: number, maxAgeMs: number): number {
  const third = Math.max(1, Math.floor(maxAgeMs / 3));
  return members <= RENEW_EVERY_INTERVAL_UP_TO ? Math.max(1, Math.min(intervalMs, third)) : third;
}

/** The refresh window a row's seq falls in. */
export function refreshWindow(seq: number, refreshMs: number): number {
  return Math.floor(seq / refreshMs);
}

export class RowStore {
  private readonly rows = new Map<NodeName, StoredRow>();
  private readonly stamps = new Map<NodeName, RowStamp>();
  private counter = 0;

  /**
   * @param refreshMs an unchanged row is stamped again once per this much of its origin's seq
   *   (refreshWindowMs: a relayed copy is renewed well before it expires).
   */
  constructor(
    private readonly self: NodeName,
    private readonly members: ReadonlySet<NodeName>,
    private readonly refreshMs: () => number = () => Number.POSITIVE_INFINITY,
  ) {}

  /** Sets this node's own row (always authoritative). */
  setOwn(row: StoredRow): void {
    this.stamp(row, this.rows.get(this.self));
    this.rows.set(this.self, row);
  }

  /**
   * No held row was born before this (a lower bound, exact after each scan of expire): expire(),
   * run every damping tick, scans 1000 rows only when one of them may be past its age.
   */
  private oldestBornAt = Infinity;

  /** The counter's current value: everything held has a stamp at most this. */
  get latestStamp(): number {
    return this.counter;
  }

  stampOf(origin: NodeName): RowStamp | undefined {
    return this.stamps.get(origin);
  }

  private stamp(row: StoredRow, held: StoredRow | undefined): void {
    const states = row.compact?.states;
    const changed = held === undefined || held.epoch !== row.epoch || held.compact?.order !== row.compact?.order || held.compact?.states !== states || states === undefined;
    if (changed) {
      const stamp = ++this.counter;
      this.stamps.set(row.origin, { stamp, statesStamp: stamp, hash: states === undefined ? '' : statesHash(states) });
      return;
    }
    const refreshMs = this.refreshMs();
    if (refreshWindow(row.seq, refreshMs) !== refreshWindow(held.seq, refreshMs)) this.stamps.get(row.origin)!.stamp = ++this.counter;
  }

  /** Offers a relayed row; returns true when it replaced what was held. */
  offer(row: StoredRow): boolean {
    if (row.origin === this.self || !this.members.has(row.origin)) return false;
    const held = this.rows.get(row.origin);
    if (held !== undefined && !isNewer(row, held)) return false;
    this.stamp(row, held);
    this.rows.set(row.origin, row);
    this.oldestBornAt = Math.min(this.oldestBornAt, row.bornAt);
    return true;
  }

  /**
   * Replaces `held`, the row held for `row.origin`, by `row`, a newer one with the same states
   * (a delta's refresh): offer() without the checks the caller made on `held`. A delta may name
   * one origin twice: then the second renews what the first left when it is newer still (false
   * when not).
   */
  renew(held: StoredRow, row: StoredRow): boolean {
    const current = this.rows.get(row.origin);
    if (current === undefined) return false;
    if (current !== held && !(isNewer(row, current) && current.compact?.order === held.compact?.order && current.compact?.states === held.compact?.states)) return false;
    this.stamp(row, current);
    this.rows.set(row.origin, row);
    this.oldestBornAt = Math.min(this.oldestBornAt, row.bornAt);
    return true;
  }

  /** Drops the row of a former member. */
  forget(origin: NodeName): void {
    if (origin === this.self) return;
    this.rows.delete(origin);
    this.stamps.delete(origin);
  }

  /** Drops rows older than maxAgeMs (never the own row); returns how many were dropped. */
  expire(now: number, maxAgeMs: number): number {
    if (now - this.oldestBornAt <= maxAgeMs) return 0;
    let dropped = 0;
    let oldest = Infinity;
    for (const [origin, row] of this.rows) {
      if (origin === this.self) continue;
      if (now - row.bornAt > maxAgeMs) {
        this.rows.delete(origin);
        this.stamps.delete(origin);
        dropped++;
      } else oldest = Math.min(oldest, row.bornAt);
    }
    this.oldestBornAt = oldest;
    return dropped;
  }

  get(origin: NodeName): StoredRow | undefined {
    return this.rows.get(origin);
  }

  snapshot(): ReadonlyMap<NodeName, StoredRow> {
    return this.rows;
  }
}


/**
 * A row kept in its wire form (one character per name of `order`), decoded into `inbound` only
 * when something asks: analysis reads the compact form, so relaying 200 rows costs no decoding.
 * A class, so that the lazy `inbound` is one getter on the prototype: an object literal with a
 * getter is built through the runtime's slow path, 1500 times a second at 1000 members.
 */
class CompactRow implements StoredRow {
  readonly compact: { order: readonly NodeName[]; states: string };
  declare readonly sig?: string;
  #decoded: Record<NodeName, LinkState> | undefined;
  readonly #known: ReadonlySet<NodeName>;

  constructor(
    readonly origin: NodeName,
    readonly epoch: number,
    readonly seq: number,
    readonly bornAt: number,
    order: readonly NodeName[],
    states: string,
    known: ReadonlySet<NodeName>,
    sig: string | undefined,
  ) {
    // sig only when there is one, as rows have always been: no own property holding undefined.
    if (sig !== undefined) (this as { sig?: string }).sig = sig;
    this.compact = { order, states };
    this.#known = known;
  }

  get inbound(): Record<NodeName, LinkState> {
    return (this.#decoded ??= decodeInbound(this.compact.states, this.compact.order, this.#known));
  }
}

export function compactRow(origin: NodeName, epoch: number, seq: number, bornAt: number, order: readonly NodeName[], states: string, known: ReadonlySet<NodeName>, sig?: string): StoredRow {
  return new CompactRow(origin, epoch, seq, bornAt, order, states, known, sig);
}

/** One character per member, in `members` order: compact on the wire, still readable. */
export function encodeInbound(inbound: Readonly<Record<NodeName, LinkState>>, members: readonly NodeName[]): string {
  let out = '';
  for (const m of members) out += LINK_STATE_CHAR[inbound[m] ?? 'unknown'];
  return out;
}

/** Inverse of encodeInbound; names outside `known` are ignored, bad characters read as unknown. */
export function decodeInbound(text: string, members: readonly NodeName[], known: ReadonlySet<NodeName>): Record<NodeName, LinkState> {
  const inbound: Record<NodeName, LinkState> = {};
  for (let i = 0; i < members.length && i < text.length; i++) {
    const name = members[i]!;
    if (known.has(name)) inbound[name] = linkStateOfChar(text[i]);
  }
  return inbound;
}
