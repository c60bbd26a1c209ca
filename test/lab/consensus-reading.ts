/**
 * What the demo's agents measure about etcd consensus, agent by agent: the leader each one sees
 * (the members its probes find reporting netsplit_etcd_member_is_leader 1) and its
 * netsplit_etcd_quorum; whether that matches a runbook step's expectation; and how to print it.
 * Only `readConsensus` talks to the agents, the rest is pure.
 */
import type { AgentFleet } from './agent-fleet';
import { etcdPicture } from './services/etcd-picture';

export interface ConsensusReading {
  /** node → the members its agent sees leading: one with quorum, none without. */
  leaders: Record<string, string[]>;
  /** node → its agent's netsplit_etcd_quorum (null while not exported yet). */
  quorum: Record<string, number | null>;
}

export interface ConsensusExpectation {
  /** node → the netsplit_etcd_quorum its agent must report. */
  quorum: Record<string, number>;
  /**
   * The members that may lead. Which one etcd elects is its own choice (it re-elects when the
   * leader ends up on the minority side), so the step names candidates, not a member.
   */
  leaderAmong: string[];
}

export async function readConsensus(fleet: AgentFleet): Promise<ConsensusReading> {
  const pictures = Object.entries(await fleet.metricsOf()).map(([node, samples]) => [node, etcdPicture(samples)] as const);
  return {
    leaders: Object.fromEntries(pictures.map(([node, p]) => [node, p.leaders])),
    quorum: Object.fromEntries(pictures.map(([node, p]) => [node, p.quorum])),
  };
}

/**
 * Every agent reports the expected quorum; the agents with quorum all see one and the same leader,
 * one of the candidates; the agents without quorum see no leader at all (a stale leader cut off
 * on the minority side must have stepped down: writes are possible on the majority side only).
 */
export function consensusHolds(reading: ConsensusReading, expected: ConsensusExpectation): boolean {
  const nodes = Object.keys(expected.quorum);
  if (!nodes.every((n) => reading.quorum[n] === expected.quorum[n])) return false;
  const withQuorum = nodes.filter((n) => expected.quorum[n] === 1);
  const seen = new Set(withQuorum.map((n) => (reading.leaders[n] ?? []).join('+')));
  const [leader] = [...seen];
  const oneLeader = seen.size === 1 && leader !== undefined && expected.leaderAmong.includes(leader);
  const noStaleLeader = nodes.filter((n) => expected.quorum[n] === 0).every((n) => (reading.leaders[n] ?? []).length === 0);
  return (withQuorum.length === 0 || oneLeader) && noStaleLeader;
}

/** `a b c = x · d e = y`-style grouping of nodes by a value, in node order. */
function groupNodes(byNode: Record<string, string>, format: (value: string, nodes: string) => string): string {
  const groups = new Map<string, string[]>();
  for (const [node, value] of Object.entries(byNode).sort()) groups.set(value, [...(groups.get(value) ?? []), node]);
  return [...groups].map(([value, nodes]) => format(value, nodes.join(' '))).join(' · ');
}

const leaderText = (leaders: readonly string[] | undefined) => (leaders === undefined || leaders.length === 0 ? 'none' : leaders.join('+'));

/** `etcd-n2 (n1 n2 n3) · none (n4 n5)`: the leader each agent sees. */
export function describeLeaders(reading: ConsensusReading): string {
  return groupNodes(Object.fromEntries(Object.entries(reading.leaders).map(([n, l]) => [n, leaderText(l)])), (leader, nodes) => `${leader} (${nodes})`);
}

/** `n1 n2 n3 = 1 · n4 n5 = 0` */
export function describeQuorum(reading: ConsensusReading): string {
  return groupNodes(Object.fromEntries(Object.entries(reading.quorum).map(([n, q]) => [n, String(q ?? 'absent')])), (quorum, nodes) => `${nodes} = ${quorum}`);
}

/** The nodes whose agent reports quorum — where writes can go — e.g. `n1 n2 n3`, or `none`. */
export function writableNodes(reading: ConsensusReading): string {
  const nodes = Object.keys(reading.quorum)
    .filter((n) => reading.quorum[n] === 1)
    .sort();
  return nodes.length === 0 ? 'none' : nodes.join(' ');
}

/** The leader(s) the agents name, all sides together: `etcd-n2`, `none`, or `etcd-n2+etcd-n5` (a stale leader). */
export function measuredLeader(reading: ConsensusReading): string {
  return leaderText([...new Set(Object.values(reading.leaders).flat())].sort());
}
