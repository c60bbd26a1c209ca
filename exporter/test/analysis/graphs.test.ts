/** The graph steps on their own: components, cut vertices, majority cliques. */
import {
  articulationPoints,
  connectedComponents,
  contactGraphFromEdges,
  contactsOf,
  denseEnoughToHaveNoCut,
  EXACT_VERTEX_LIMIT,
  findCliqueOfSize,
  neighboursOf,
  roleForCount,
} from '../../src/analysis';
import { random } from './random';

const all = (n: number): Uint8Array => new Uint8Array(n).fill(1);
const path = (n: number): Array<[number, number]> => Array.from({ length: n - 1 }, (_, i) => [i, i + 1]);
const cycle = (n: number): Array<[number, number]> => [...path(n), [n - 1, 0]];
function complete(n: number): Array<[number, number]> {
  const edges: Array<[number, number]> = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) edges.push([a, b]);
  return edges;
}
function randomEdges(n: number, p: number, rnd: () => number): Array<[number, number]> {
  return complete(n).filter(() => rnd() < p);
}
/** Largest clique by plain Bron–Kerbosch with pivot on Sets (the oracle). */
function maxClique(n: number, edges: ReadonlyArray<readonly [number, number]>, mask: Uint8Array): number {
  const adj = Array.from({ length: n }, () => new Set<number>());
  for (const [a, b] of edges) {
    if (!mask[a] || !mask[b]) continue;
    adj[a]!.add(b);
    adj[b]!.add(a);
  }
  let best = 0;
  const bk = (r: number, p: Set<number>, x: Set<number>): void => {
    if (p.size === 0 && x.size === 0) best = Math.max(best, r);
    if (r + p.size <= best) return;
    const pivot = [...p, ...x].reduce((u, v) => (adj[v]!.size > adj[u]!.size ? v : u), [...p, ...x][0]!);
    for (const v of [...p].filter((v) => !adj[pivot]!.has(v))) {
      bk(r + 1, new Set([...p].filter((w) => adj[v]!.has(w))), new Set([...x].filter((w) => adj[v]!.has(w))));
      p.delete(v);
      x.add(v);
    }
  };
  bk(0, new Set([...Array(n).keys()].filter((v) => mask[v])), new Set());
  return best;
}

describe('contact graph', () => {
  it('neighbours and contacts (self included) ascending, from 40 vertices (two words per row)', () => {
    const g = contactGraphFromEdges(40, [[5, 39], [5, 0], [5, 31], [5, 32], [5, 5], [0, 5]]);
    expect(neighboursOf(g, 5)).toEqual([0, 31, 32, 39]);
    expect(contactsOf(g, 5)).toEqual([0, 5, 31, 32, 39]);
    expect(contactsOf(g, 1)).toEqual([1]);
    expect(g.edgeCount).toBe(4);
  });

  it.each([
    [5, 5, 3, 'healthy'],
    [4, 5, 3, 'majority'],
    [3, 5, 3, 'majority'],
    [2, 5, 3, 'minority'],
    [1, 5, 3, 'isolated'],
    [2, 4, 3, 'minority'],
    [1, 1, 1, 'healthy'],
  ] as const)('roleForCount(%i of %i, quorum %i) = %s', (count, n, quorum, role) => {
    expect(roleForCount(count, n, quorum)).toBe(role);
  });
});

describe('connectedComponents', () => {
  it('only fresh vertices, each sorted, largest first then by first member', () => {
    const g = contactGraphFromEdges(9, [[8, 7], [0, 6], [3, 4], [4, 5], [1, 2]]);
    const fresh = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(connectedComponents(g, fresh)).toEqual([[3, 4, 5], [0, 6], [1, 2], [7, 8]]);
    fresh[6] = 0;
    expect(connectedComponents(contactGraphFromEdges(9, [[8, 7], [3, 4], [4, 5], [1, 2]]), fresh)).toEqual([[3, 4, 5], [1, 2], [7, 8], [0]]);
  });

  it('a 1000-vertex path is one component', () => {
    expect(connectedComponents(contactGraphFromEdges(1000, path(1000)), all(1000))).toHaveLength(1);
  });
});

describe('articulationPoints', () => {
  it.each<[string, number, Array<[number, number]>, number[]]>([
    ['path', 4, path(4), [1, 2]],
    ['cycle', 6, cycle(6), []],
    ['star', 5, [[0, 1], [0, 2], [0, 3], [0, 4]], [0]],
    ['two triangles sharing 2', 5, [[0, 1], [1, 2], [0, 2], [2, 3], [3, 4], [2, 4]], [2]],
    ['bridge topology {0,1}–2–{3,4}', 5, [[0, 1], [0, 2], [1, 2], [2, 3], [2, 4], [3, 4]], [2]],
    ['complete', 6, complete(6), []],
    ['pair', 2, [[0, 1]], []],
    ['two separate paths', 7, [[0, 1], [1, 2], [4, 5], [5, 6]], [1, 5]],
  ])('%s', (_name, n, edges, expected) => {
    expect(articulationPoints(contactGraphFromEdges(n, edges), all(n))).toEqual(expected);
  });

  it('a 1000-vertex path: every inner vertex, no recursion', () => {
    expect(articulationPoints(contactGraphFromEdges(1000, path(1000)), all(1000))).toEqual(Array.from({ length: 998 }, (_, i) => i + 1));
  });

  it('agrees with "removal disconnects" on random graphs, and the density shortcut never hides one', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const rnd = random(seed);
      const n = 3 + Math.floor(rnd() * 12);
      const edges = randomEdges(n, 0.15 + rnd() * 0.7, rnd);
      const g = contactGraphFromEdges(n, edges);
      const count = (mask: Uint8Array): number => connectedComponents(contactGraphFromEdges(n, edges.filter(([a, b]) => mask[a] && mask[b])), mask).length;
      const base = count(all(n));
      const expected = [...Array(n).keys()].filter((v) => {
        const mask = all(n);
        mask[v] = 0;
        const alone = neighboursOf(g, v).length === 0;
        return count(mask) > base - (alone ? 1 : 0);
      });
      expect([seed, articulationPoints(g, all(n))]).toEqual([seed, expected]);
      for (const c of connectedComponents(g, all(n))) {
        if (denseEnoughToHaveNoCut(g, c)) expect(expected.filter((v) => c.includes(v))).toEqual([]);
      }
    }
  });
});

describe('findCliqueOfSize', () => {
  it('C5 has no triangle, K5 has one', () => {
    expect(findCliqueOfSize(contactGraphFromEdges(5, cycle(5)), all(5), 3)).toEqual({ found: false, exact: true, work: expect.any(Number) });
    expect(findCliqueOfSize(contactGraphFromEdges(5, complete(5)), all(5), 3).found).toBe(true);
  });

  it('k ≤ 1 and too few vertices', () => {
    const g = contactGraphFromEdges(3, []);
    expect(findCliqueOfSize(g, all(3), 1).found).toBe(true);
    expect(findCliqueOfSize(g, all(3), 2).found).toBe(false);
    expect(findCliqueOfSize(g, new Uint8Array(3), 1).found).toBe(false);
    expect(findCliqueOfSize(contactGraphFromEdges(3, complete(3)), all(3), 4).found).toBe(false);
  });

  it('only vertices in the mask count', () => {
    const g = contactGraphFromEdges(4, complete(4));
    expect(findCliqueOfSize(g, Uint8Array.from([1, 1, 0, 1]), 3).found).toBe(true);
    expect(findCliqueOfSize(g, Uint8Array.from([1, 1, 0, 1]), 4).found).toBe(false);
  });

  it('agrees with Bron–Kerbosch on random graphs (exact below the vertex limit)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = random(seed);
      const n = 2 + Math.floor(rnd() * 30);
      const edges = randomEdges(n, 0.3 + rnd() * 0.65, rnd);
      const mask = Uint8Array.from({ length: n }, () => (rnd() < 0.9 ? 1 : 0));
      const best = maxClique(n, edges, mask);
      const g = contactGraphFromEdges(n, edges);
      for (const k of [best, best + 1, Math.floor(n / 2) + 1]) {
        const result = findCliqueOfSize(g, mask, k);
        expect([seed, k, result.found, result.exact]).toEqual([seed, k, k <= best, true]);
      }
    }
  });

  it('1000 vertices minus a perfect matching: largest clique 500, decided exactly by the colouring bound', () => {
    const edges = complete(1000).filter(([a, b]) => a >> 1 !== b >> 1);
    const g = contactGraphFromEdges(1000, edges);
    expect(findCliqueOfSize(g, all(1000), 501)).toMatchObject({ found: false, exact: true });
    expect(findCliqueOfSize(g, all(1000), 500)).toMatchObject({ found: true, exact: true });
  });

  it('when the budget runs out above the vertex limit the answer is "found", marked inexact', () => {
    const rnd = random(7);
    const n = EXACT_VERTEX_LIMIT + 136;
    const g = contactGraphFromEdges(n, randomEdges(n, 0.9, rnd));
    expect(findCliqueOfSize(g, all(n), 150, { budget: 1 })).toMatchObject({ found: true, exact: false });
    expect(findCliqueOfSize(g, all(n), 150)).toMatchObject({ found: false, exact: true });
  });
});
