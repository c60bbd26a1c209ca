/**
 * The Jepsen partition topologies of docs/architecture.md as data: a topology is the set of directed drops
 * "datagrams from `source` never arrive at `target`". A two-way cut is two drops; a one-way link
 * is one. Pure: the firewall turns drops into nftables rules, the tests compare verdicts with
 * the ground truth written next to each case.
 */

export interface Drop {
  source: string;
  target: string;
}

export interface Topology {
  name: string;
  /** Human summary, e.g. `{n1,n2,n3} | {n4,n5}`. */
  description: string;
  drops: Drop[];
}

export function dropKey(drop: Drop): string {
  return `${drop.source}>${drop.target}`;
}

/** Both directions between a and b. */
export function cutBetween(a: string, b: string): Drop[] {
  return [
    { source: a, target: b },
    { source: b, target: a },
  ];
}

/** Every link between members of different groups, both directions. */
export function cutBetweenGroups(groups: readonly (readonly string[])[]): Drop[] {
  const drops: Drop[] = [];
  groups.forEach((group, i) => {
    groups.forEach((other, j) => {
      if (i === j) return;
      for (const source of group) for (const target of other) drops.push({ source, target });
    });
  });
  return drops;
}

const braces = (group: readonly string[]) => `{${group.join(',')}}`;

export function healthy(): Topology {
  return { name: 'healthy', description: 'no drops', drops: [] };
}

export function partition(name: string, groups: readonly (readonly string[])[]): Topology {
  return { name, description: groups.map(braces).join(' | '), drops: cutBetweenGroups(groups) };
}

/** The first ⌈N/2⌉ nodes against the rest: {n1,n2,n3} | {n4,n5}. */
export function halves(nodes: readonly string[]): Topology {
  const cut = Math.ceil(nodes.length / 2);
  return partition('halves', [nodes.slice(0, cut), nodes.slice(cut)]);
}

/** One node alone: {n1..n4} | {n5}. */
export function isolated(nodes: readonly string[], node: string): Topology {
  return { ...partition('isolated', [nodes.filter((n) => n !== node), [node]]), name: 'isolated' };
}

/** Three groups, e.g. {n1,n2} | {n3,n4} | {n5}. */
export function threeWay(groups: readonly [readonly string[], readonly string[], readonly string[]]): Topology {
  return partition('three-way', groups);
}

/**
 * Two groups that reach each other only through one node: {n1,n2} – n3 – {n4,n5}. The bridge
 * keeps both of its links, the groups lose every link between them.
 */
export function bridge(left: readonly string[], bridgeNode: string, right: readonly string[]): Topology {
  return { name: 'bridge', description: `${braces(left)} – ${bridgeNode} – ${braces(right)}`, drops: cutBetweenGroups([left, right]) };
}

/**
 * Every node keeps links only to its ring neighbours: with 5 nodes each one reaches exactly a
 * majority (itself and two neighbours), yet no three nodes all reach each other. For
 * n1..n5 this cuts 1–3, 1–4, 2–4, 2–5, 3–5.
 */
export function majoritiesRing(nodes: readonly string[]): Topology {
  const n = nodes.length;
  const reach = Math.max(1, Math.ceil(Math.floor(n / 2) / 2));
  const drops: Drop[] = [];
  const cutPairs: string[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const distance = Math.min(j - i, n - (j - i));
      if (distance <= reach) continue;
      drops.push(...cutBetween(nodes[i]!, nodes[j]!));
      cutPairs.push(`${nodes[i]}–${nodes[j]}`);
    }
  }
  return { name: 'majorities-ring', description: `cut ${cutPairs.join(', ')}`, drops };
}

/** Datagrams from `source` no longer arrive at `target`; the reverse direction still works. */
export function oneWay(source: string, target: string): Topology {
  return { name: `one-way ${source}→${target}`, description: `${source}→${target} dropped, ${target}→${source} works`, drops: [{ source, target }] };
}
