import { DEGRADATION_LEVEL_NAMES } from '../../../exporter/src/contract/vocabulary';
import { formatDuration } from './duration';
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
  /** Nodes the sentence is about (the degraded side, the bridge, the silent agents…): listed beside the matrix. */
  about: string[];
}


export function levelName(level: number | null): string {
  if (level === null) return 'level unknown';
  return DEGRADATION_LEVEL_NAMES[level] ?? `level ${level}`;
}

const holdsQuorum = (node: NodeView) => node.role === 'healthy' || node.role === 'majority';
const lostQuorum = (node: NodeView) => node.role === 'minority' || node.role === 'isolated';

/**
 * The banner's sentence, by severity: split brain first (data is diverging), then a split or lost
 * quorum, a bridge whose loss would split, a majorities ring, silent agents, one-way links,
 * remaining cut links, and finally "healthy".
 * `formatTime` turns ms since epoch into the dashboard's clock time (HH:mm:ss); `nowMs` is the
 * end of the dashboard's time range (never the wall clock), for "since 10:01:07, for 4 min".
 */
export function buildBanner(view: MatrixView, formatTime: (ms: number) => string, nowMs: number | null = null): Banner {
  const nodes = view.nodes;
  const holders = nodes.filter(holdsQuorum);
  const lost = nodes.filter(lostQuorum);
  const silent = nodes.filter((node) => node.role === 'unknown');
  const base = { level: view.level, levelName: levelName(view.level), detail: detail(view, formatTime) };
  const list = (group: readonly NodeView[]) => nodeList(group.map((n) => n.label));
  const labelOf = new Map(nodes.map((node) => [node.name, node.label]));
  const labelsOf = (names: readonly string[]) => names.map((name) => labelOf.get(name) ?? name);

  if (view.splitBrain) {
    const writers = view.writers.length > 0 ? `writers on ${nodeList(labelsOf(view.writers))}` : 'writers on two sides of the cut';
    return { ...base, kind: 'splitBrain', sentence: `Split brain: ${writers} — fence the minority-side writer now`, about: [...view.writers] };
  }
  if (lost.length > 0) {
    const degraded = `${degradedSides(lost)}${sinceClause(lost, formatTime, nowMs)}`;
    const unknownTail = silent.length > 0 ? `; no data from ${list(silent)}` : '';
    const about = [...lost, ...silent].map((n) => n.name);
    if (holders.length > 0) {
      return { ...base, kind: 'split', sentence: `Split: ${list(holders)} hold quorum — ${degraded}${unknownTail}`, about };
    }
    return { ...base, kind: 'noQuorum', sentence: `No quorum: no side holds a majority — ${degraded}${unknownTail}`, about };
  }
  const bridge = view.bridges[0];
  if (bridge && bridge.sides.length >= 2) {
    const sides = bridge.sides.map((side) => nodeList(labelsOf(side))).join(' and ');
    const about = [...view.bridges.map((b) => b.name), ...silent.map((n) => n.name)];
    return { ...base, kind: 'bridge', sentence: `Bridge: ${labelOf.get(bridge.name) ?? bridge.name} is the only path between ${sides} — losing it splits the cluster`, about };
  }
  if (view.majoritiesRing && lost.length === 0) {
    return { ...base, kind: 'majoritiesRing', sentence: 'Majorities ring: every node sees a majority, but no majority sees itself whole — leader churn likely', about: silent.map((n) => n.name) };
  }
  if (silent.length > 0 && holders.length > 0) {
    return { ...base, kind: 'unknownNodes', sentence: `No data from ${list(silent)} — ${list(holders)} hold quorum`, about: silent.map((n) => n.name) };
  }
  if (holders.length === 0) {
    return { ...base, kind: 'noRoles', sentence: 'No roles reported yet — agents are starting or not scraped', about: [] };
  }
  if (view.counts.oneWay > 0) {
    const pairs = oneWayPairs(view);
    const first = pairs[0]!;
    const sentence =
      pairs.length === 1
        ? `One-way link: ${first.source} → ${first.target} down, ${first.target} → ${first.source} up — no split`
        : `${pairs.length} one-way links, e.g. ${first.source} → ${first.target} — no split`;
    return { ...base, kind: 'oneWay', sentence, about: [...new Set(pairs.flatMap((pair) => [pair.sourceName, pair.targetName]))] };
  }
  if (view.counts.down > 0 || holders.some((node) => node.role === 'majority')) {
    return { ...base, kind: 'linksDown', sentence: `Links cut: ${view.counts.down} links down, every node still holds quorum`, about: [] };
  }
  return { ...base, kind: 'healthy', sentence: `Healthy: all ${nodes.length} nodes in two-way contact`, about: [] };
}

/** "n4 n5 read-only" or "n1 n2 read-only, n5 cached responses". */
function degradedSides(lost: readonly NodeView[]): string {
  const byLevel = new Map<string, string[]>();
  for (const node of lost) {
    const name = levelName(node.level);
    byLevel.set(name, [...(byLevel.get(name) ?? []), node.label]);
  }
  return [...byLevel.entries()].map(([name, names]) => `${nodeList(names)} ${name}`).join(', ');
}

/** The split began when the first of the degraded nodes changed; "for 4 min" saves the subtraction at 3 AM. */
function sinceClause(nodes: readonly NodeView[], formatTime: (ms: number) => string, nowMs: number | null): string {
  const times = nodes.map((node) => node.sinceMs).filter((ms): ms is number => ms !== null);
  if (times.length === 0) return '';
  const since = Math.min(...times);
  const lasting = nowMs !== null && nowMs >= since ? `, for ${formatDuration(nowMs - since)}` : '';
  return ` since ${formatTime(since)}${lasting}`;
}

function detail(view: MatrixView, formatTime: (ms: number) => string): string {
  const { up, down, unknown, oneWay } = view.counts;
  const parts = [`${view.nodes.length} nodes`, `${view.groups.length} ${view.groups.length === 1 ? 'group' : 'groups'}`];
  if (view.noData.length > 0) parts.push(`${view.noData.length} no data`);
  parts.push(`${up} up`, `${down} down`);
  if (oneWay > 0) parts.push(`${oneWay} one-way`);
  if (unknown > 0) parts.push(`${unknown} unknown`);
  if (view.newestMs !== null) parts.push(`as of ${formatTime(view.newestMs)}`);
  return parts.join(' · ');
}

function oneWayPairs(view: MatrixView): Array<{ source: string; target: string; sourceName: string; targetName: string }> {
  const count = view.nodes.length;
  const pairs: Array<{ source: string; target: string; sourceName: string; targetName: string }> = [];
  for (let index = 0; index < view.oneWay.length; index++) {
    if (view.oneWay[index] !== 1) continue;
    const source = view.nodes[Math.floor(index / count)]!;
    const target = view.nodes[index % count]!;
    pairs.push({ source: source.label, target: target.label, sourceName: source.name, targetName: target.name });
  }
  return pairs;
}
