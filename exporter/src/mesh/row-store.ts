/**
 * The freshest inbound row held per origin. Rows travel with their age, never a wall-clock time
 * (docs/architecture.md § Partition semantics): a row received with age A at local time T was born at
 * T - A on our clock. The highest (epoch, seq) per origin wins; rows past maxAge are dropped.
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

export class RowStore {
  private readonly rows = new Map<NodeName, StoredRow>();

  constructor(
    private readonly self: NodeName,
    private readonly members: ReadonlySet<NodeName>,
  ) {}

  /** Sets this node's own row (always authoritative). */
  setOwn(row: StoredRow): void {
    this.rows.set(this.self, row);
  }

  /** Offers a relayed row; returns true when it replaced what was held. */
  offer(row: StoredRow): boolean {
    if (row.origin === this.self || !this.members.has(row.origin)) return false;
    const held = this.rows.get(row.origin);
    if (held !== undefined && !isNewer(row, held)) return false;
    this.rows.set(row.origin, row);
    return true;
  }

  /** Drops the row of a former member. */
  forget(origin: NodeName): void {
    if (origin !== this.self) this.rows.delete(origin);
  }

  /** Drops rows older than maxAgeMs (never the own row); returns how many were dropped. */
  expire(now: number, maxAgeMs: number): number {
    let dropped = 0;
    for (const [origin, row] of this.rows) {
      if (origin !== this.self && now - row.bornAt > maxAgeMs) {
        this.rows.delete(origin);
        dropped++;
      }
    }
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
 */
export function compactRow(origin: NodeName, epoch: number, seq: number, bornAt: number, order: readonly NodeName[], states: string, known: ReadonlySet<NodeName>, sig?: string): StoredRow {
  let decoded: Record<NodeName, LinkState> | undefined;
  return {
    origin,
    epoch,
    seq,
    bornAt,
    ...(sig === undefined ? {} : { sig }),
    compact: { order, states },
    get inbound() {
      return (decoded ??= decodeInbound(states, order, known));
    },
  };
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
