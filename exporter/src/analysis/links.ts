/**
 * Directed link states from fresh rows. a→b is known only from b's row (b is the one who hears
 * a): it is rows.get(b).inbound[a] while b's row is fresh, else 'unknown'. A source missing from a
 * row, or any value other than 'up' / 'down', is unknown too. A row that carries the optional
 * `compact` form is read from it instead (same meaning, no hash lookups).
 *
 * Compact form: two bitsets over member indices, rows by target — bit `source` of row `target`
 * in `up` (or `down`) is set when source→target is up (down); neither bit: unknown. Rows of
 * non-fresh members stay empty. ⌈n/32⌉ words per row: 3 MB per set at 5000 members, where a
 * byte per pair took 25 MB and every pass over both directions of a pair walked all of it; the
 * passes over pairs (contacts.ts, asymmetry.ts) work a word of 32 pairs at a time on these rows
 * and their transpose (`transposeBits`).
 */
import type { Membership } from './membership';
import { RUN_UP, RunScanner, type RunVisitor } from './compact-runs';
import type { ClusterView, DirectedLink, LinkState, NodeName } from './types';

export const LINK_UNKNOWN = 0;
export const LINK_UP = 1;
export const LINK_DOWN = 2;
export type LinkCode = typeof LINK_UNKNOWN | typeof LINK_UP | typeof LINK_DOWN;

const STATES: readonly LinkState[] = ['unknown', 'up', 'down'];

export interface LinkMatrix {
  readonly n: number;
  /** 32-bit words per row: ⌈n / 32⌉. */
  readonly words: number;
  /** Bit s of row t — up[t * words + (s >>> 5)] & (1 << (s & 31)) — set when s→t is up. */
  readonly up: Uint32Array;
  /** Likewise for s→t down. The diagonal is never set. */
  readonly down: Uint32Array;
  /** Known 'down' links between distinct members. */
  readonly downCount: number;
}

export function buildLinkMatrix(view: ClusterView, m: Membership, fresh: Uint8Array): LinkMatrix {
  const { n, names } = m;
  const words = (n + 31) >>> 5;
  const up = new Uint32Array(n * words);
  const down = new Uint32Array(n * words);
  const orders = new CompactOrders(m);
  const reader = new CompactReader(n, up, down, words);
  for (let target = 0; target < n; target++) {
    if (fresh[target] !== 1) continue;
    const row = view.rows.get(names[target]!);
    if (row === undefined) continue; // only self can be fresh without a row (caller bug): all unknown
    const base = target * words;
    if (row.compact === undefined) parseRecord(row.inbound, names, target, up, down, base);
    else reader.read(row.compact.states, orders.of(row.compact.order), target);
  }
  return { n, words, up, down, downCount: popcount(down) };
}

/** One hash lookup per member (~40 ns each at 1000 members, cache misses). */
function parseRecord(states: Readonly<Record<NodeName, LinkState>>, names: readonly NodeName[], target: number, up: Uint32Array, down: Uint32Array, base: number): void {
  for (let source = 0; source < names.length; source++) {
    if (source === target) continue;
    const state = states[names[source]!];
    if (state === 'up') up[base + (source >>> 5)]! |= 1 << (source & 31);
    else if (state === 'down') down[base + (source >>> 5)]! |= 1 << (source & 31);
  }
}

/**
 * Reads compact rows a run at a time (compact-runs.ts): a run is set a word at a time when the
 * row's order is the sorted membership (~1 ms per 1000 rows of 5000), else position by position.
 * One reader per call, its visitor made once (not one closure per row).
 */
class CompactReader {
  private indices: Int32Array = new Int32Array(0);
  private identity = false;
  private base = 0;
  private readonly runs: RunScanner;
  private readonly visit: RunVisitor = (start, end, code) => {
    const bits = code === RUN_UP ? this.up : this.down;
    if (this.identity) setRange(bits, this.base, start, end);
    else {
      const { indices, base } = this;
      for (let i = start; i < end; i++) {
        const source = indices[i]!;
        if (source >= 0) bits[base + (source >>> 5)]! |= 1 << (source & 31);
      }
    }
  };

  constructor(
    n: number,
    private readonly up: Uint32Array,
    private readonly down: Uint32Array,
    private readonly words: number,
  ) {
    this.runs = new RunScanner(n);
  }

  read(states: string, order: CompactOrder, target: number): void {
    this.indices = order.indices;
    this.identity = order.identity;
    this.base = target * this.words;
    this.runs.scan(states, Math.min(states.length, order.indices.length), this.visit);
    // The diagonal is never a link, whatever the row says about its own origin.
    const self = ~(1 << (target & 31));
    this.up[this.base + (target >>> 5)]! &= self;
    this.down[this.base + (target >>> 5)]! &= self;
  }
}

/** Sets bits [start, end) of the row starting at word `base`. */
function setRange(bits: Uint32Array, base: number, start: number, end: number): void {
  if (start >= end) return;
  const first = start >>> 5;
  const last = (end - 1) >>> 5;
  const head = ~0 << (start & 31);
  const tail = ~0 >>> (31 - ((end - 1) & 31));
  if (first === last) {
    bits[base + first]! |= head & tail;
    return;
  }
  bits[base + first]! |= head;
  for (let w = first + 1; w < last; w++) bits[base + w] = ~0;
  bits[base + last]! |= tail;
}

/** Set bits in all of `bits`. */
export function popcount(bits: Uint32Array): number {
  let count = 0;
  for (let i = 0; i < bits.length; i++) count += popcount32(bits[i]!);
  return count;
}

export function popcount32(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * The transpose of an n × n bit matrix (rows of `words` words): bit b of row a of the result is
 * bit a of row b. Done in 32 × 32 blocks, each transposed in registers (five rounds of swapping
 * half-blocks), so the cost is O(n²/32) word operations and no per-bit work.
 */
export function transposeBits(bits: Uint32Array, n: number, words: number): Uint32Array {
  const out = new Uint32Array(n * words);
  const block = new Int32Array(32);
  for (let bi = 0; bi < words; bi++) {
    const rowBase = bi << 5;
    const rows = Math.min(32, n - rowBase);
    for (let bj = 0; bj < words; bj++) {
      let any = 0;
      let every = ~0;
      for (let r = 0; r < rows; r++) {
        const word = (block[r] = bits[(rowBase + r) * words + bj]!);
        any |= word;
        every &= word;
      }
      if (any === 0) continue; // out is zero already
      const colBase = bj << 5;
      const cols = Math.min(32, n - colBase);
      if (every === ~0 && rows === 32) {
        // A block of ones (a healthy mesh, one side of a cut) is its own transpose.
        for (let c = 0; c < cols; c++) out[(colBase + c) * words + bi] = ~0;
        continue;
      }
      for (let r = rows; r < 32; r++) block[r] = 0;
      transpose32(block);
      for (let c = 0; c < cols; c++) out[(colBase + c) * words + bi] = block[c]!;
    }
  }
  return out;
}

/** In-place transpose of a 32 × 32 bit block: bit j of word i ↔ bit i of word j. */
function transpose32(a: Int32Array): void {
  let m = 0x0000ffff;
  for (let j = 16; j !== 0; j >>>= 1, m ^= m << j) {
    for (let k = 0; k < 32; k = (k + j + 1) & ~j) {
      const t = ((a[k]! >>> j) ^ a[k + j]!) & m;
      a[k]! ^= t << j;
      a[k + j]! ^= t;
    }
  }
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

export function linkCode(links: LinkMatrix, source: number, target: number): LinkCode {
  const at = target * links.words + (source >>> 5);
  const bit = 1 << (source & 31);
  return (links.up[at]! & bit) !== 0 ? LINK_UP : (links.down[at]! & bit) !== 0 ? LINK_DOWN : LINK_UNKNOWN;
}

export function linkStateOf(code: number): LinkState {
  return STATES[code] ?? 'unknown';
}

/** Every ordered pair of distinct members, sorted by source then target (names are sorted). */
export function directedLinks(links: LinkMatrix, names: readonly NodeName[]): DirectedLink[] {
  const { n } = links;
  const out: DirectedLink[] = new Array<DirectedLink>(n * (n - 1));
  let k = 0;
  for (let source = 0; source < n; source++) {
    const sourceName = names[source]!;
    for (let target = 0; target < n; target++) {
      if (source === target) continue;
      out[k++] = { source: sourceName, target: names[target]!, state: STATES[linkCode(links, source, target)]! };
    }
  }
  return out;
}
