/**
 * Test helper: builds the ClusterView one agent would hold for a described network.
 *
 * Model (kept deliberately simple):
 * - Every live node sends heartbeats to every other member. a→b is up when a and b are both live
 *   and the link is neither cut (undirected pair) nor dropped (one direction); otherwise down.
 * - Each live node's row reports every other member as a source: 'up' or 'down' as above.
 *   A stopped node sends nothing and has no row.
 * - Rows propagate along two-way contacts (views are pulled over request/response, which needs
 *   both directions): with relay 'contacts' (default) self holds the rows of every live node in
 *   its own connected component of the two-way contact graph, relayed hop by hop.
 *   relay 'all' hands self every live node's row (an observer that reaches everyone, e.g. rows
 *   gathered out of band); use it to test what a complete view concludes.
 * - Held rows are `age` ms old (default 0; per-origin override via `ages`).
 * - With `compact`, rows also carry the compact form (order = members as given, shared).
 */
import type { ClusterView, InboundRow, LinkState, LocalConsensus, NodeName } from '../../src/analysis/types';

export interface Topology {
  members: readonly NodeName[];
  self: NodeName;
  /** Undirected pairs with both directions dropped. */
  cut?: ReadonlyArray<readonly [NodeName, NodeName]>;
  /** Directed links source→target dropped. */
  dropped?: ReadonlyArray<readonly [NodeName, NodeName]>;
  /** Nodes whose agent is down: they send nothing and have no row. */
  stopped?: readonly NodeName[];
  relay?: 'contacts' | 'all';
  now?: number;
  maxAgeMs?: number;
  /** Age (ms) of the row self holds per origin; default 0. */
  ages?: Readonly<Record<NodeName, number>>;
  localConsensus?: LocalConsensus;
  /** Also give every row its `compact` form, in `members` order (one shared order array). */
  compact?: boolean;
}

export const NOW = 1_000_000;
export const MAX_AGE_MS = 5_000;

/** ['n1', ..., 'n<count>'] (or another prefix). */
export function nodes(count: number, prefix = 'n'): NodeName[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}

/** Every cross-group pair: cutting them splits the members into these groups. */
export function between(...groups: ReadonlyArray<readonly NodeName[]>): Array<[NodeName, NodeName]> {
  const pairs: Array<[NodeName, NodeName]> = [];
  for (let g = 0; g < groups.length; g++)
    for (let h = g + 1; h < groups.length; h++) for (const a of groups[g]!) for (const b of groups[h]!) pairs.push([a, b]);
  return pairs;
}

export function topology(spec: Topology): ClusterView {
  const members = spec.members;
  const n = members.length;
  const index = new Map(members.map((name, i) => [name, i] as const));
  const at = (name: NodeName): number => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`topology: ${name} is not a member`);
    return i;
  };
  const live = new Uint8Array(n).fill(1);
  for (const s of spec.stopped ?? []) live[at(s)] = 0;
  if (live[at(spec.self)] === 0) throw new Error('topology: self cannot be stopped');
  // up[a * n + b] = 1 when a→b is up
  const up = new Uint8Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b && live[a] && live[b]) up[a * n + b] = 1;
  for (const [a, b] of spec.cut ?? []) {
    up[at(a) * n + at(b)] = 0;
    up[at(b) * n + at(a)] = 0;
  }
  for (const [a, b] of spec.dropped ?? []) up[at(a) * n + at(b)] = 0;

  const held = new Uint8Array(n);
  if (spec.relay === 'all') {
    for (let v = 0; v < n; v++) held[v] = live[v]!;
  } else {
    const queue = [at(spec.self)];
    held[queue[0]!] = 1;
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head]!;
      for (let w = 0; w < n; w++) {
        if (!held[w] && up[v * n + w] && up[w * n + v]) {
          held[w] = 1;
          queue.push(w);
        }
      }
    }
  }

  const now = spec.now ?? NOW;
  const rows = new Map<NodeName, InboundRow>();
  const order = [...members];
  for (let b = 0; b < n; b++) {
    if (!held[b]) continue;
    const inbound: Record<NodeName, LinkState> = {};
    let states = '';
    for (let a = 0; a < n; a++) {
      if (a !== b) inbound[members[a]!] = up[a * n + b] ? 'up' : 'down';
      states += a === b ? '?' : up[a * n + b] ? 'u' : 'd';
    }
    const origin = members[b]!;
    const row: InboundRow = { origin, bornAt: now - (spec.ages?.[origin] ?? 0), inbound };
    rows.set(origin, spec.compact ? { ...row, compact: { order, states } } : row);
  }
  const view: ClusterView = { self: spec.self, members, now, maxAgeMs: spec.maxAgeMs ?? MAX_AGE_MS, rows };
  return spec.localConsensus === undefined ? view : { ...view, localConsensus: spec.localConsensus };
}
