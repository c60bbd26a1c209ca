/**
 * Which members' rows count. A row is fresh while now - bornAt <= maxAgeMs (a row born "in the
 * future" is fresh; a NaN age is not). This agent's own row always counts: the caller guarantees
 * it is present, and this node's knowledge of its own inbound links is never second-hand.
 */
import type { Membership } from './membership';
import type { ClusterView, InboundRow } from './types';

export function isFresh(row: InboundRow, now: number, maxAgeMs: number): boolean {
  return now - row.bornAt <= maxAgeMs;
}

/** fresh[i] = 1 when member i's row is fresh (self always), else 0. */
export function freshMask(view: ClusterView, m: Membership): Uint8Array {
  const fresh = new Uint8Array(m.n);
  for (let i = 0; i < m.n; i++) {
    const row = view.rows.get(m.names[i]!);
    if (row !== undefined && isFresh(row, view.now, view.maxAgeMs)) fresh[i] = 1;
  }
  fresh[m.self] = 1;
  return fresh;
}

export function countFresh(fresh: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < fresh.length; i++) count += fresh[i]!;
  return count;
}
