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
import { forEachUpperTile, LINK_UP, type LinkMatrix } from './links';

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

export function buildContactGraph(links: LinkMatrix): ContactGraph {
  const { n, inbound } = links;
  const UP = LINK_UP; // local copy: an imported binding is a property load in CommonJS output
  const words = (n + 31) >>> 5;
  const rows = new Uint32Array(n * words);
  const degree = new Int32Array(n);
  let edgeCount = 0;
  // inbound[a*n+b] = b→a and inbound[b*n+a] = a→b; codes up 1, down 2, unknown 0, so (x & y) === 1
  // exactly when both are up. A known code implies a fresh row: non-fresh members get no edges.
  forEachUpperTile(n, (a0, a1, b0, b1) => {
    for (let a = a0; a < a1; a++) {
      const rowA = a * n;
      const bitsA = a * words;
      const wordA = a >>> 5;
      const bitA = 1 << (a & 31);
      for (let b = b0 > a ? b0 : a + 1; b < b1; b++) {
        if ((inbound[rowA + b]! & inbound[b * n + a]!) === UP) {
          rows[bitsA + (b >>> 5)]! |= 1 << (b & 31);
          rows[b * words + wordA]! |= bitA;
          degree[a]!++;
          degree[b]!++;
          edgeCount++;
        }
      }
    }
  });
  return { n, words, rows, degree, edgeCount };
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
