/**
 * Does the two-way contact graph among fresh nodes hold a clique of at least k nodes (k = quorum)?
 * A "majorities ring" is flagged only when it does not: every node then reaches a majority, but no
 * majority of nodes can all hear each other, so a Raft-style leader keeps losing followers.
 *
 * Search, cheapest first, each step exact:
 * 1. k-core pruning: a vertex with fewer than k - 1 neighbours is in no k-clique; drop it, repeat.
 *    Fewer than k survivors → no.
 * 2. The survivors are pairwise connected → yes (the common case: a healthy mesh).
 * 3. Greedy from the highest-degree seeds on the bitset rows → yes when it reaches k (the
 *    common case for a near-complete graph: one or two cut links).
 * 4. Branch and bound with greedy-colouring bounds on bitsets (Tomita's MCQ / San Segundo's BBMC),
 *    stopping as soon as a k-clique is found or every branch is pruned.
 *
 * Step 4 is exponential in the worst case. Up to EXACT_VERTEX_LIMIT survivors it runs to the end
 * (such graphs finish in well under a millisecond in practice). Above that it has a work budget
 * (bitset word operations); when the budget runs out the answer is "found" with `exact: false`,
 * i.e. no majorities-ring is flagged. Reason: at hundreds of nodes a false "leader churn likely"
 * alarm pages someone for nothing on every evaluation, while a missed ring still shows up as
 * churn in the consensus metrics (no leader, elections) that the probes export.
 */
import type { ContactGraph } from './contacts';

export const EXACT_VERTEX_LIMIT = 64;
/** Bitset word operations allowed in step 4 above EXACT_VERTEX_LIMIT (≈ 5 ms when used up, JIT-warm, on the 2-core test machine). */
export const DEFAULT_CLIQUE_BUDGET = 1_000_000;

export interface CliqueOptions {
  /** Work budget (bitset word operations) for graphs above EXACT_VERTEX_LIMIT vertices. */
  budget?: number;
}

export interface CliqueSearch {
  /** A clique of ≥ k vertices exists (or the budget ran out: then exact is false). */
  found: boolean;
  /** False only when the budget ran out and `found` is the conservative default. */
  exact: boolean;
  /** Bitset word operations spent in the branch and bound. */
  work: number;
}

/** Whether the graph restricted to `vertices` (mask) holds a clique of at least k vertices. */
export function findCliqueOfSize(graph: ContactGraph, vertices: Uint8Array, k: number, options: CliqueOptions = {}): CliqueSearch {
  const { n, words, rows } = graph;
  let total = 0;
  for (let v = 0; v < n; v++) total += vertices[v] === 1 ? 1 : 0;
  if (k <= 1) return { found: k <= 0 || total >= 1, exact: true, work: 0 };
  if (total < k) return { found: false, exact: true, work: 0 };

  // 1. k-core pruning, on the bitset `alive`
  const alive = new Uint32Array(words);
  for (let v = 0; v < n; v++) if (vertices[v] === 1) alive[v >>> 5]! |= 1 << (v & 31);
  const degree = new Int32Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) {
    if (vertices[v] !== 1) continue;
    degree[v] = popcountAnd(rows, v * words, alive, words);
    if (degree[v]! < k - 1) queue[tail++] = v;
  }
  for (let i = 0; i < tail; i++) alive[queue[i]! >>> 5]! &= ~(1 << (queue[i]! & 31));
  for (let head = 0; head < tail; head++) {
    const v = queue[head]!;
    const base = v * words;
    for (let w = 0; w < words; w++) {
      let bits = rows[base + w]! & alive[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const u = (w << 5) + 31 - Math.clz32(low);
        if (--degree[u]! < k - 1) {
          alive[w]! &= ~low;
          queue[tail++] = u;
        }
      }
    }
  }
  const survivors: number[] = [];
  let degreeSum = 0;
  for (let v = 0; v < n; v++) {
    if ((alive[v >>> 5]! & (1 << (v & 31))) !== 0) {
      survivors.push(v);
      degreeSum += degree[v]!;
    }
  }
  const r = survivors.length;
  if (r < k) return { found: false, exact: true, work: 0 };

  // 2. complete
  if (degreeSum === r * (r - 1)) return { found: true, exact: true, work: 0 };

  // 3. greedy from the highest-degree survivors
  const seeds = survivors.sort((a, b) => degree[b]! - degree[a]! || a - b).slice(0, GREEDY_SEEDS);
  if (greedyClique(rows, words, alive, seeds, k)) return { found: true, exact: true, work: 0 };

  // 4. branch and bound over the survivors
  const budget = r <= EXACT_VERTEX_LIMIT ? Infinity : (options.budget ?? DEFAULT_CLIQUE_BUDGET);
  return branchAndBound(rows, words, alive, r, k, budget);
}

function popcountAnd(rows: Uint32Array, base: number, mask: Uint32Array, words: number): number {
  let count = 0;
  for (let w = 0; w < words; w++) {
    let x = rows[base + w]! & mask[w]!;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    count += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return count;
}

const GREEDY_SEEDS = 16;

function greedyClique(rows: Uint32Array, words: number, alive: Uint32Array, seeds: readonly number[], k: number): boolean {
  const P = new Uint32Array(words);
  for (const seed of seeds) {
    const seedBase = seed * words;
    for (let i = 0; i < words; i++) P[i] = rows[seedBase + i]! & alive[i]!;
    let size = 1;
    let w = 0;
    for (;;) {
      while (w < words && P[w] === 0) w++;
      if (w === words) break;
      const bits = P[w]!;
      const v = (w << 5) + 31 - Math.clz32(bits & -bits);
      if (++size >= k) return true;
      const base = v * words;
      for (let i = w; i < words; i++) P[i]! &= rows[base + i]!;
    }
  }
  return false;
}

interface Level {
  P: Uint32Array;
  order: Int32Array;
  color: Int32Array;
}

function branchAndBound(adj: Uint32Array, words: number, start: Uint32Array, r: number, k: number, budget: number): CliqueSearch {
  const levels: Level[] = [];
  const level = (depth: number): Level =>
    (levels[depth] ??= { P: new Uint32Array(words), order: new Int32Array(r), color: new Int32Array(r) });
  const U = new Uint32Array(words);
  const Q = new Uint32Array(words);
  let work = 0;
  let exhausted = false;

  // Depth of recursion ≤ k (one level per clique member), so the stack stays small.
  const expand = (P: Uint32Array, size: number, depth: number): boolean => {
    const { order, color } = level(depth);
    // greedy colouring of P: vertices listed in order of non-decreasing colour
    U.set(P);
    let count = 0;
    let colour = 0;
    let uw = 0;
    for (;;) {
      while (uw < words && U[uw] === 0) uw++;
      if (uw === words) break;
      colour++;
      for (let i = uw; i < words; i++) Q[i] = U[i]!;
      let qw = uw;
      for (;;) {
        while (qw < words && Q[qw] === 0) qw++;
        if (qw === words) break;
        const bits = Q[qw]!;
        const bit = 31 - Math.clz32(bits & -bits);
        const v = (qw << 5) + bit;
        const mask = ~(1 << bit);
        U[qw]! &= mask;
        Q[qw]! &= mask;
        const base = v * words;
        for (let i = qw; i < words; i++) Q[i]! &= ~adj[base + i]!;
        work += words - qw + 1;
        order[count] = v;
        color[count] = colour;
        count++;
      }
    }
    if (work > budget) {
      exhausted = true;
      return true;
    }
    const NP = level(depth + 1).P;
    for (let i = count - 1; i >= 0; i--) {
      if (size + color[i]! < k) return false; // every vertex left has a colour ≤ this one
      if (size + 1 >= k) return true;
      const v = order[i]!;
      const base = v * words;
      let any = 0;
      for (let j = 0; j < words; j++) {
        const x = P[j]! & adj[base + j]!;
        NP[j] = x;
        any |= x;
      }
      work += words;
      if (any !== 0 && expand(NP, size + 1, depth + 1)) return true;
      P[v >>> 5]! &= ~(1 << (v & 31));
    }
    return false;
  };

  const found = expand(start.slice(), 0, 0);
  return { found, exact: !exhausted, work };
}
