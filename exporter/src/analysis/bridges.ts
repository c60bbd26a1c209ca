/**
 * Bridge nodes: articulation points of the two-way contact graph among fresh nodes, i.e. nodes
 * whose loss splits their component (the only two-way path between groups). Iterative Tarjan
 * (discovery time / low link) with an explicit stack: no recursion, O(V + E) plus the bitset
 * scans, fine at 1000 nodes. Dense components are skipped with a cheap certificate first.
 */
import type { ContactGraph } from './contacts';

/** Articulation points of the components containing `roots`, ascending. */
export function articulationPointsFrom(graph: ContactGraph, roots: Iterable<number>): number[] {
  const { n, words, rows } = graph;
  const disc = new Int32Array(n); // 0 = not visited; discovery times start at 1
  const low = new Int32Array(n);
  const parent = new Int32Array(n);
  const next = new Int32Array(n); // next neighbour position to look at, per vertex
  const stack = new Int32Array(n);
  const cut = new Uint8Array(n);
  let time = 0;
  for (const root of roots) {
    if (disc[root] !== 0) continue;
    let rootChildren = 0;
    let top = 0;
    stack[top++] = root;
    disc[root] = low[root] = ++time;
    parent[root] = -1;
    next[root] = 0;
    while (top > 0) {
      const v = stack[top - 1]!;
      const w = nextBit(rows, v * words, words, next[v]!);
      if (w >= 0) {
        next[v] = w + 1;
        if (disc[w] === 0) {
          parent[w] = v;
          disc[w] = low[w] = ++time;
          next[w] = 0;
          stack[top++] = w;
          if (v === root) rootChildren++;
        } else if (w !== parent[v] && disc[w]! < low[v]!) {
          low[v] = disc[w]!;
        }
      } else {
        top--;
        const p = parent[v]!;
        if (p >= 0) {
          if (low[v]! < low[p]!) low[p] = low[v]!;
          if (p !== root && low[v]! >= disc[p]!) cut[p] = 1;
        }
      }
    }
    if (rootChildren > 1) cut[root] = 1;
  }
  const out: number[] = [];
  for (let v = 0; v < n; v++) if (cut[v] === 1) out.push(v);
  return out;
}

/** Lowest set bit ≥ from in the row at `base`, or -1. */
function nextBit(rows: Uint32Array, base: number, words: number, from: number): number {
  let w = from >>> 5;
  if (w >= words) return -1;
  let bits = rows[base + w]! & (-1 << (from & 31));
  while (bits === 0) {
    if (++w >= words) return -1;
    bits = rows[base + w]!;
  }
  return (w << 5) + 31 - Math.clz32(bits & -bits);
}

/** Articulation points among fresh vertices, ascending. */
export function articulationPoints(graph: ContactGraph, fresh: Uint8Array): number[] {
  const roots: number[] = [];
  for (let v = 0; v < graph.n; v++) if (fresh[v] === 1) roots.push(v);
  return articulationPointsFrom(graph, roots);
}

/**
 * Cheap certificate that a component has no articulation point: it has < 3 members, or every
 * member has ≥ s/2 neighbours (s = component size). Removing any vertex then leaves m = s - 1
 * vertices of degree ≥ (m - 1) / 2, any two non-adjacent ones share a neighbour, so it stays
 * connected. Covers complete and near-complete components (the common cases) in O(s).
 */
export function denseEnoughToHaveNoCut(graph: ContactGraph, members: readonly number[]): boolean {
  const s = members.length;
  if (s < 3) return true; // one or two nodes: removing one never disconnects the rest
  for (const v of members) if (2 * graph.degree[v]! < s) return false;
  return true;
}
