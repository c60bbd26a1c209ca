/**
 * Test oracle: the Verdict computed straight from the definitions in docs/architecture.md and types.ts, by
 * name, with brute force (all subsets for cliques, removal for cut vertices). Slow and obvious on
 * purpose; only for small N (cliques enumerate 2^N subsets).
 */
import type { ClusterView, DirectedLink, LinkState, NodeName, Role, Verdict } from '../../src/analysis/types';

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The verdict and, beside it, every ordered pair's state (what `linksOf` returns). */
export function referenceVerdict(view: ClusterView): Verdict & { links: DirectedLink[] } {
  const members = [...new Set(view.members)].sort(byName);
  const n = members.length;
  const quorum = Math.floor(n / 2) + 1;
  const isFresh = (x: NodeName): boolean => {
    if (x === view.self) return true;
    const row = view.rows.get(x);
    return row !== undefined && view.now - row.bornAt <= view.maxAgeMs;
  };
  const fresh = members.filter(isFresh);
  const state = (a: NodeName, b: NodeName): LinkState => {
    if (!isFresh(b)) return 'unknown';
    const s = view.rows.get(b)?.inbound[a];
    return s === 'up' || s === 'down' ? s : 'unknown';
  };
  const contact = (a: NodeName, b: NodeName): boolean => a === b || (state(a, b) === 'up' && state(b, a) === 'up');
  const contactsOf = (x: NodeName): NodeName[] => members.filter((y) => contact(x, y));
  const roleOf = (count: number): Role => (count === n ? 'healthy' : count >= quorum ? 'majority' : count >= 2 ? 'minority' : 'isolated');
  const roles: Record<NodeName, Role> = {};
  for (const x of fresh) roles[x] = roleOf(contactsOf(x).length);

  const componentsAmong = (nodes: readonly NodeName[]): NodeName[][] => {
    const left = new Set(nodes);
    const out: NodeName[][] = [];
    for (const root of nodes) {
      if (!left.has(root)) continue;
      left.delete(root);
      const comp = [root];
      for (let i = 0; i < comp.length; i++)
        for (const y of [...left]) if (contact(comp[i]!, y)) {
          left.delete(y);
          comp.push(y);
        }
      out.push(comp.sort(byName));
    }
    return out.sort((a, b) => b.length - a.length || byName(a[0]!, b[0]!));
  };
  const components = componentsAmong(fresh);
  const bridges = fresh.filter((x) => {
    const mine = components.find((c) => c.includes(x))!;
    return componentsAmong(mine.filter((y) => y !== x)).length > 1;
  });

  let maxClique = 0;
  for (let mask = 1; mask < 1 << fresh.length; mask++) {
    const set = fresh.filter((_, i) => mask & (1 << i));
    if (set.length > maxClique && set.every((a) => set.every((b) => contact(a, b)))) maxClique = set.length;
  }
  const complete = fresh.every((a) => fresh.every((b) => contact(a, b)));
  const majoritiesRing = fresh.every((x) => roles[x] === 'healthy' || roles[x] === 'majority') && !complete && maxClique < quorum;
  const noQuorum = !fresh.some((x) => contactsOf(x).length >= quorum) && n - fresh.length < quorum;

  const links = members.flatMap((s) => members.filter((t) => t !== s).map((t) => ({ source: s, target: t, state: state(s, t) })));
  const asymmetricLinks = links
    .filter((l) => l.state === 'down' && state(l.target, l.source) === 'up')
    .map((l) => ({ source: l.source, target: l.target }));
  const contacts = contactsOf(view.self);
  const unreachable = members.filter((x) => !contact(view.self, x));
  const role = roles[view.self]!;
  const levels = { healthy: 0, majority: 0, minority: 1, isolated: 2 } as const;
  let degradation: 0 | 1 | 2 | 3 = levels[role];
  const lc = view.localConsensus;
  if (lc && role === 'isolated' && !lc.reachable) degradation = 3;
  else if (lc && !lc.hasLeader && degradation < 1) degradation = 1;

  return {
    self: view.self,
    memberCount: n,
    quorum,
    freshNodes: fresh,
    links,
    contacts,
    role,
    roles,
    degradation,
    components,
    unreachable,
    partitionDetected: unreachable.length > 0 || links.some((l) => l.state === 'down'),
    asymmetricLinks,
    bridges,
    majoritiesRing,
    noQuorum,
  };
}
