import { MatrixView, NodeView } from './matrixView';
import { nodeList } from './nodeList';

export type BannerKind = 'splitBrain' | 'healthy' | 'split' | 'noQuorum' | 'bridge' | 'majoritiesRing' | 'unknownNodes' | 'oneWay' | 'linksDown' | 'noRoles';

export interface Banner {
  kind: BannerKind;
  /** Worst known degradation level, null when no agent reports one. */
  level: number | null;
  levelName: string;
  /** One sentence an operator can read aloud across the room. */
  sentence: string;
  /** Counts for the second line: "3 down · 2 unknown · 1 one-way". */
  detail: string;
}

export const levelNames: readonly string[] = ['full service', 'read-only', 'cached responses', 'emergency fallback'];

export function levelName(level: number | null): string {
  if (level === null) return 'level unknown';
  return levelNames[level] ?? `level ${level}`;
}

const holdsQuorum = (node: NodeView) => node.role === 'healthy' || node.role === 'majority';
const lostQuorum = (node: NodeView) => node.role === 'minority' || node.role === 'isolated';

/**
 * The banner's sentence, by severity: split brain first (data is diverging), then a split or lost
 * quorum, a bridge whose loss would split, a majorities ring, silent agents, one-way links,
 * remaining cut links, and finally "healthy".
 * `formatTime` turns ms since epoch into the dashboard's clock time (HH:mm:ss).
 */
export function buildBanner(view: MatrixView, formatTime: (ms: number) => string): Banner {
  const nodes = view.nodes;
  const holders = nodes.filter(holdsQuorum);
  const lost = nodes.filter(lostQuorum);
  const silent = nodes.filter((node) => node.role === 'unknown');
  const base = { level: view.level, levelName: levelName(view.level), detail: detail(view) };

  if (view.splitBrain) {
    return { ...base, kind: 'splitBrain', sentence: 'Split brain: writers on two sides of the cut — fence the minority-side writer now' };
  }
  if (lost.length > 0) {
    const degraded = `${degradedSides(lost)}${sinceClause(lost, formatTime)}`;
    const unknownTail = silent.length > 0 ? `; no data from ${nodeList(silent.map((n) => n.name))}` : '';
    if (holders.length > 0) {
      return { ...base, kind: 'split', sentence: `Split: ${nodeList(holders.map((n) => n.name))} hold quorum — ${degraded}${unknownTail}` };
    }
    return { ...base, kind: 'noQuorum', sentence: `No quorum: no side holds a majority — ${degraded}${unknownTail}` };
  }
  const bridge = view.bridges[0];
  if (bridge && bridge.sides.length >= 2) {
    const sides = bridge.sides.map((side) => nodeList(side)).join(' and ');
    return { ...base, kind: 'bridge', sentence: `Bridge: ${bridge.name} is the only path between ${sides} — losing it splits the cluster` };
  }
  if (view.majoritiesRing && lost.length === 0) {
    return { ...base, kind: 'majoritiesRing', sentence: 'Majorities ring: every node sees a majority, but no majority sees itself whole — leader churn likely' };
  }
  if (silent.length > 0 && holders.length > 0) {
    return {
      ...base,
      kind: 'unknownNodes',
      sentence: `No data from ${nodeList(silent.map((n) => n.name))} — ${nodeList(holders.map((n) => n.name))} hold quorum`,
    };
  }
  if (holders.length === 0) {
    return { ...base, kind: 'noRoles', sentence: 'No roles reported yet — agents are starting or not scraped' };
  }
  if (view.counts.oneWay > 0) {
    const pairs = oneWayPairs(view);
    const first = pairs[0]!;
    const sentence =
      pairs.length === 1
        ? `One-way link: ${first.source} → ${first.target} down, ${first.target} → ${first.source} up — no split`
        : `${pairs.length} one-way links, e.g. ${first.source} → ${first.target} — no split`;
    return { ...base, kind: 'oneWay', sentence };
  }
  if (view.counts.down > 0 || holders.some((node) => node.role === 'majority')) {
    return { ...base, kind: 'linksDown', sentence: `Links cut: ${view.counts.down} links down, every node still holds quorum` };
  }
  return { ...base, kind: 'healthy', sentence: `Healthy: all ${nodes.length} nodes in two-way contact` };
}

/** "n4 n5 read-only" or "n1 n2 read-only, n5 cached responses". */
function degradedSides(lost: readonly NodeView[]): string {
  const byLevel = new Map<string, string[]>();
  for (const node of lost) {
    const name = levelName(node.level);
    byLevel.set(name, [...(byLevel.get(name) ?? []), node.name]);
  }
  return [...byLevel.entries()].map(([name, names]) => `${nodeList(names)} ${name}`).join(', ');
}

/** The split began when the first of the degraded nodes changed. */
function sinceClause(nodes: readonly NodeView[], formatTime: (ms: number) => string): string {
  const times = nodes.map((node) => node.sinceMs).filter((ms): ms is number => ms !== null);
  return times.length === 0 ? '' : ` since ${formatTime(Math.min(...times))}`;
}

function detail(view: MatrixView): string {
  const { up, down, unknown, oneWay } = view.counts;
  const parts = [`${view.nodes.length} nodes`, `${view.groups.length} ${view.groups.length === 1 ? 'group' : 'groups'}`, `${up} up`, `${down} down`];
  if (oneWay > 0) parts.push(`${oneWay} one-way`);
  if (unknown > 0) parts.push(`${unknown} unknown`);
  return parts.join(' · ');
}

function oneWayPairs(view: MatrixView): Array<{ source: string; target: string }> {
  const count = view.nodes.length;
  const pairs: Array<{ source: string; target: string }> = [];
  for (let index = 0; index < view.oneWay.length; index++) {
    if (view.oneWay[index] === 1) pairs.push({ source: view.nodes[Math.floor(index / count)]!.name, target: view.nodes[index % count]!.name });
  }
  return pairs;
}
