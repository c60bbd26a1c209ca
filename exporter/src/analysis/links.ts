/**
 * Directed link states from fresh rows. a→b is known only from b's row (b is the one who hears
 * a): it is rows.get(b).inbound[a] while b's row is fresh, else 'unknown'. A source missing from a
 * row, or any value other than 'up' / 'down', is unknown too. A row that carries the optional
 * `compact` form is read from it instead (same meaning, no hash lookups).
 *
 * Compact form: one byte per ordered pair, `inbound[target * n + source]` (row `target` is
 * target's inbound row, as parsed). Rows of non-fresh members stay all-unknown. Passes that need
 * both directions of a pair walk it in TILE × TILE blocks so both reads stay in cache.
 */
import type { Membership } from './membership';
import { LINK_STATE_CHAR } from '../contract/vocabulary';
import type { ClusterView, DirectedLink, LinkState, NodeName } from './types';

export const LINK_UNKNOWN = 0;
export const LINK_UP = 1;
export const LINK_DOWN = 2;
export type LinkCode = typeof LINK_UNKNOWN | typeof LINK_UP | typeof LINK_DOWN;

const STATES: readonly LinkState[] = ['unknown', 'up', 'down'];

export interface LinkMatrix {
  readonly n: number;
  /** inbound[target * n + source] = code of source→target; the diagonal stays unknown. */
  readonly inbound: Uint8Array;
  /** Known 'down' links between distinct members. */
  readonly downCount: number;
}

export function buildLinkMatrix(view: ClusterView, m: Membership, fresh: Uint8Array): LinkMatrix {
  const { n, names } = m;
  const inbound = new Uint8Array(n * n);
  const orders = new CompactOrders(m);
  const runs = new RegExp(RUNS_SOURCE, 'g'); // per call: a global regex carries lastIndex state
  let downCount = 0;
  for (let target = 0; target < n; target++) {
    if (fresh[target] !== 1) continue;
    const row = view.rows.get(names[target]!);
    if (row === undefined) continue; // only self can be fresh without a row (caller bug): all unknown
    const base = target * n;
    downCount +=
      row.compact === undefined
        ? parseRecord(row.inbound, names, target, inbound, base)
        : parseCompact(row.compact.states, orders.of(row.compact.order), runs, target, inbound, base);
  }
  return { n, inbound, downCount };
}

/** One hash lookup per member (~40 ns each at 1000 members, cache misses); returns downs. */
function parseRecord(states: Readonly<Record<NodeName, LinkState>>, names: readonly NodeName[], target: number, into: Uint8Array, base: number): number {
  let down = 0;
  for (let source = 0; source < names.length; source++) {
    if (source === target) continue;
    const state = states[names[source]!];
    if (state === 'up') into[base + source] = LINK_UP;
    else if (state === 'down') {
      into[base + source] = LINK_DOWN;
      down++;
    }
  }
  return down;
}

const CHAR_U = LINK_STATE_CHAR.up.charCodeAt(0);
const CHAR_D = LINK_STATE_CHAR.down.charCodeAt(0);
/** Runs of up, runs of down, runs of anything else (unknown). */
const RUNS_SOURCE = `${LINK_STATE_CHAR.up}+|${LINK_STATE_CHAR.down}+|[^${LINK_STATE_CHAR.up}${LINK_STATE_CHAR.down}]+`;
/** Runs per row before the run scan gives way to a plain character loop (alternating states). */
const MAX_RUNS = 64;

/**
 * Reads a compact row. Rows are mostly long runs of one state (a healthy mesh, sides of a cut), so
 * runs are found by a native regex scan and written with fill() when `order` is the sorted
 * membership; rows with many runs fall back to one character at a time. Returns downs.
 */
function parseCompact(states: string, order: CompactOrder, runs: RegExp, target: number, into: Uint8Array, base: number): number {
  const { indices, identity } = order;
  const length = Math.min(states.length, indices.length);
  let down = 0;
  let position = 0;
  runs.lastIndex = 0;
  for (let count = 0; count < MAX_RUNS && position < length; count++) {
    const match = runs.exec(states);
    if (match === null) break;
    const start = match.index;
    const end = Math.min(start + match[0].length, length);
    position = end;
    const c = states.charCodeAt(start);
    if (c !== CHAR_U && c !== CHAR_D) continue; // unknown: already 0
    const code = c === CHAR_U ? LINK_UP : LINK_DOWN;
    if (identity) {
      into.fill(code, base + start, base + end);
      if (code === LINK_DOWN) down += end - start;
      if (target >= start && target < end) {
        into[base + target] = LINK_UNKNOWN; // the diagonal is never a link
        if (code === LINK_DOWN) down--;
      }
    } else {
      for (let i = start; i < end; i++) {
        const source = indices[i]!;
        if (source < 0 || source === target) continue;
        into[base + source] = code;
        if (code === LINK_DOWN) down++;
      }
    }
  }
  for (let i = position; i < length; i++) {
    const source = indices[i]!;
    if (source < 0 || source === target) continue;
    const c = states.charCodeAt(i);
    if (c === CHAR_U) into[base + source] = LINK_UP;
    else if (c === CHAR_D) {
      into[base + source] = LINK_DOWN;
      down++;
    }
  }
  return down;
}

interface CompactOrder {
  /** Member index per position of `order`, -1 for names that are not members (or repeats). */
  indices: Int32Array;
  /** `order` is exactly the sorted membership: position i is member i. */
  identity: boolean;
}

/**
 * Member indices of each compact `order` seen during one call. Rows relayed in one view share
 * one order array, and different arrays usually list the same names, so the mapping is built
 * rarely: reused by identity, then by equal content, else built with one lookup per name.
 * Names that are not members are skipped.
 */
class CompactOrders {
  private lastOrder: readonly NodeName[] | undefined;
  private last: CompactOrder = { indices: new Int32Array(0), identity: false };

  constructor(private readonly m: Membership) {}

  of(order: readonly NodeName[]): CompactOrder {
    if (order === this.lastOrder) return this.last;
    const previous = this.lastOrder;
    this.lastOrder = order;
    if (previous !== undefined && previous.length === order.length && order.every((name, i) => name === previous[i])) return this.last;
    const indices = new Int32Array(order.length);
    const taken = new Uint8Array(this.m.n);
    let identity = order.length === this.m.n;
    for (let i = 0; i < order.length; i++) {
      const index = this.m.index.get(order[i]!) ?? -1;
      // a name listed twice counts once (its first position), like a Record key
      indices[i] = index >= 0 && taken[index] === 0 ? index : -1;
      if (index >= 0) taken[index] = 1;
      if (indices[i] !== i) identity = false;
    }
    this.last = { indices, identity };
    return this.last;
  }
}

/** Block size for passes over both directions of every pair (64 × 64 bytes: L1-resident). */
export const TILE = 64;

/**
 * Visits the upper triangle of an n × n matrix tile by tile: `visit(a0, a1, b0, b1)` covers the
 * pairs a in [a0, a1), b in [max(b0, a + 1), b1). Pair scans over both halves of the link matrix
 * (a→b and b→a) stay inside two cache-sized tiles this way.
 */
export function forEachUpperTile(n: number, visit: (a0: number, a1: number, b0: number, b1: number) => void): void {
  for (let a0 = 0; a0 < n; a0 += TILE) {
    const a1 = Math.min(a0 + TILE, n);
    for (let b0 = a0; b0 < n; b0 += TILE) visit(a0, a1, b0, Math.min(b0 + TILE, n));
  }
}

export function linkCode(links: LinkMatrix, source: number, target: number): LinkCode {
  return links.inbound[target * links.n + source] as LinkCode;
}

export function linkStateOf(code: number): LinkState {
  return STATES[code] ?? 'unknown';
}

/** Every ordered pair of distinct members, sorted by source then target (names are sorted). */
export function directedLinks(links: LinkMatrix, names: readonly NodeName[]): DirectedLink[] {
  const { n, inbound } = links;
  const out: DirectedLink[] = new Array<DirectedLink>(n * (n - 1));
  let k = 0;
  for (let source = 0; source < n; source++) {
    const sourceName = names[source]!;
    for (let target = 0; target < n; target++) {
      if (source === target) continue;
      out[k++] = { source: sourceName, target: names[target]!, state: STATES[inbound[target * n + source]!]! };
    }
  }
  return out;
}
