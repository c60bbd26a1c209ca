/**
 * Connected components of the two-way contact graph among fresh nodes. Each component lists its
 * vertices ascending (= sorted by name); components come largest first, ties by first member.
 * Breadth-first search on bitsets: each visited vertex takes its unvisited neighbours a word at
 * a time, O(n²/32) whatever the number of edges.
 */
import type { ContactGraph } from './contacts';

export function connectedComponents(graph: ContactGraph, fresh: Uint8Array): number[][] {
  const { n, words, rows } = graph;
  const all: number[] = [];
  for (let v = 0; v < n; v++) if (fresh[v] === 1) all.push(v);
  // pairwise in contact (a healthy mesh, or one fully connected side): one component
  if (all.length > 0 && graph.edgeCount === (all.length * (all.length - 1)) / 2) return [all];

  const unvisited = new Uint32Array(words);
  for (const v of all) unvisited[v >>> 5]! |= 1 << (v & 31);
  const componentOf = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  const queue = new Int32Array(n);
  for (const root of all) {
    if ((unvisited[root >>> 5]! & (1 << (root & 31))) === 0) continue;
    const id = sizes.length;
    unvisited[root >>> 5]! &= ~(1 << (root & 31));
    let head = 0;
    let tail = 0;
    queue[tail++] = root;
    while (head < tail) {
      const v = queue[head++]!;
      componentOf[v] = id;
      const base = v * words;
      for (let w = 0; w < words; w++) {
        let found = rows[base + w]! & unvisited[w]!;
        if (found === 0) continue;
        unvisited[w]! &= ~found;
        while (found !== 0) {
          const low = found & -found;
          queue[tail++] = (w << 5) + 31 - Math.clz32(low);
          found ^= low;
        }
      }
    }
    sizes.push(tail);
  }
  const components: number[][] = sizes.map(() => []);
  for (const v of all) components[componentOf[v]!]!.push(v);
  // ids follow the first member, so a stable sort by size keeps "first member" order on ties
  return components.sort((a, b) => b.length - a.length);
}

/** Whether the vertices of one component are pairwise in contact. */
export function isCompleteComponent(graph: ContactGraph, members: readonly number[]): boolean {
  for (const v of members) if (graph.degree[v] !== members.length - 1) return false;
  return true;
}
