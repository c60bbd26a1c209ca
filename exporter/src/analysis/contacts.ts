/**
 * Two-way contact: a and b are in contact when a→b and b→a are both 'up'. Both directions are
 * known only when both rows are fresh, so the contact graph lives among fresh members; a node
 * always has contact with itself (that is not an edge of the graph, it is the "+ 1" of counts).
 *
 * Compact form: an undirected simple graph over member indices as bitset rows (n × ⌈n/32⌉ words,
 * 128 KB at 1000 members), plus degrees. Bitsets make the dense graphs this product sees (a mesh,
 * the sides of a cut) cheap: a breadth-first search is O(n²/32), and the clique search needs
 * them anyway. Non-fresh members are vertices without edges.
 */
import { popcount32, transposeBits, type LinkMatrix } from './links';

export interface ContactGraph {
  /** Vertex count (N, all members). */
  readonly n: number;
  /** 32-bit words per row: ⌈n / 32⌉. */
  readonly words: number;
  /** Bit b of row a — rows[a * words + (b >>> 5)] & (1 << (b & 31)) — set when a and b are in contact. */
  readonly rows: Uint32Array;
  readonly degree: Int32Array;
  /** Undirected edge count. */
  readonly edgeCount: number;
}

/**
 * Row a of `up` holds b→a; row a of its transpose holds a→b: their AND, 32 pairs per word
 * operation, is the contact row of a. A set bit implies a fresh row on both ends (non-fresh rows
 * are empty), so non-fresh members get no edges.
 */
export function buildContactGraph(links: LinkMatrix): ContactGraph {
  return contactGraphOf(links, transposeBits(links.up, links.n, links.words));
}

/** The same, from the transpose of `links.up` when the caller already has it (asymmetry.ts reads it too). */
export function contactGraphOf(links: LinkMatrix, upOut: Uint32Array): ContactGraph {
  const { n, words, up } = links;
  const rows = new Uint32Array(n * words);
  const degree = new Int32Array(n);
  let twice = 0;
  for (let a = 0; a < n; a++) {
    const base = a * words;
    let d = 0;
    for (let w = 0; w < words; w++) {
      const bits = up[base + w]! & upOut[base + w]!;
      if (bits === 0) continue;
      rows[base + w] = bits;
      d += popcount32(bits);
    }
    degree[a] = d;
    twice += d;
  }
  return { n, words, rows, degree, edgeCount: twice / 2 };
}

/** A graph from an explicit undirected edge list (tests, tools); duplicates and loops dropped. */
export function contactGraphFromEdges(n: number, edges: ReadonlyArray<readonly [number, number]>): ContactGraph {
  const words = (n + 31) >>> 5;
  const rows = new Uint32Array(n * words);
  const degree = new Int32Array(n);
  let edgeCount = 0;
  for (const [a, b] of edges) {
    if (a === b || a < 0 || b < 0 || a >= n || b >= n || hasBit(rows, words, a, b)) continue;
    rows[a * words + (b >>> 5)]! |= 1 << (b & 31);
    rows[b * words + (a >>> 5)]! |= 1 << (a & 31);
    degree[a]!++;
    degree[b]!++;
    edgeCount++;
  }
  return { n, words, rows, degree, edgeCount };
}

function hasBit(rows: Uint32Array, words: number, a: number, b: number): boolean {
  return (rows[a * words + (b >>> 5)]! & (1 << (b & 31))) !== 0;
}

export function degreeOf(graph: ContactGraph, v: number): number {
  return graph.degree[v]!;
}

/** Two-way contacts of v, v included: degree + 1. */
export function contactCount(graph: ContactGraph, v: number): number {
  return graph.degree[v]! + 1;
}

export function hasContact(graph: ContactGraph, a: number, b: number): boolean {
  return a === b || hasBit(graph.rows, graph.words, a, b);
}

/** Neighbours of v (v excluded), ascending. */
export function neighboursOf(graph: ContactGraph, v: number): number[] {
  const out: number[] = [];
  const base = v * graph.words;
  for (let w = 0; w < graph.words; w++) {
    let bits = graph.rows[base + w]!;
    while (bits !== 0) {
      const low = bits & -bits;
      out.push((w << 5) + 31 - Math.clz32(low));
      bits ^= low;
    }
  }
  return out;
}

/** Two-way contacts of v, v included, ascending. */
export function contactsOf(graph: ContactGraph, v: number): number[] {
  const out = neighboursOf(graph, v);
  let i = 0;
  while (i < out.length && out[i]! < v) i++;
  out.splice(i, 0, v);
  return out;
}
