/**
 * Consensus facts fused with reachability. Pure.
 *
 * A raft group commits only where a quorum of its voting members can talk. The mesh knows which
 * nodes can talk before etcd's election timeout runs out, so a component of the contact graph
 * holding fewer than a quorum of a group's voters cannot commit — whatever its members still
 * claim. Members netsplit could not place on a node count as "maybe here": a component is only
 * declared without quorum when even they could not complete one.
 *
 * From the same facts: the local member's state (reachable, has a leader) for degradation, and
 * the leaders as writers placed on their nodes (two in different components make a split brain).
 */
import { quorumOf } from './membership';
import type { ConsensusAssessment, ConsensusGroup, DegradationLevel, LocalConsensus, NodeName, Writer } from './types';

/**
 * Quorum per component of one group, and whether self's side (and the probes) hold one. Self's
 * side is its component AND its own two-way contacts when given: a component is joined through
 * relayed rows, which stay fresh for a while after a cut (their "up" is from before it), while
 * self's contacts rest on its own row, current to the damping. Conservative, never optimistic.
 */
export function assessConsensus(group: ConsensusGroup, components: readonly (readonly NodeName[])[], self: NodeName, selfContacts?: readonly NodeName[]): ConsensusAssessment {
  const voters = group.members.filter((m) => m.voter);
  const quorumSize = quorumOf(voters.length);
  const unplaced = voters.filter((m) => m.node === undefined).length;
  const holdsQuorum = (nodes: readonly NodeName[]) => {
    const inside = new Set(nodes);
    const placed = voters.filter((m) => m.node !== undefined && inside.has(m.node)).length;
    return { placed, holds: placed + unplaced >= quorumSize };
  };
  const perComponent = components.map((nodes) => {
    const { placed, holds } = holdsQuorum(nodes);
    return { nodes: [...nodes], voters: placed, holdsQuorum: holds };
  });
  const own = perComponent.find((c) => c.nodes.includes(self));
  // Self always has a component when fresh; without one only the probes can tell.
  const componentQuorum = (own === undefined ? true : own.holdsQuorum) && (selfContacts === undefined || holdsQuorum(selfContacts).holds);
  return {
    system: group.system,
    target: group.target,
    voters: voters.length,
    quorumSize,
    components: perComponent,
    componentQuorum,
    probeQuorum: group.probeQuorum,
    quorum: componentQuorum && group.probeQuorum,
  };
}

/**
 * What the member(s) on `self` say. With several groups (targets) the worst wins: one store that
 * cannot take writes is enough to make this node read-only for it.
 */
export function localConsensusOf(groups: readonly ConsensusGroup[], self: NodeName): LocalConsensus | undefined {
  const local = groups.flatMap((g) => g.members.filter((m) => m.node === self));
  if (local.length === 0) return undefined;
  return { reachable: local.every((m) => m.reachable), hasLeader: local.every((m) => m.reachable && m.hasLeader) };
}

/** Every reachable member that says it leads, on its node (a stale leader too: it still claims). */
export function leadersAsWriters(groups: readonly ConsensusGroup[]): Writer[] {
  const writers: Writer[] = [];
  for (const g of groups) {
    for (const m of g.members) {
      if (m.reachable && m.isLeader && m.node !== undefined) writers.push({ system: g.system, target: g.target, instance: m.instance, node: m.node });
    }
  }
  return writers;
}

/**
 * netsplit_etcd_quorum (and any consensus system's quorum gauge): the probes see a leader backed
 * by a quorum AND this node's side of the mesh holds (or may hold) a quorum of the members. The
 * probes' answer may be newer than the latest verdict, so it is passed in on its own; without a
 * verdict yet, or for a target the verdict does not assess, the probes alone decide.
 */
export function quorumWithMesh(probeQuorum: boolean, assessments: readonly ConsensusAssessment[] | undefined, system: string, target: string): boolean {
  const assessment = assessments?.find((a) => a.system === system && a.target === target);
  return probeQuorum && (assessment?.componentQuorum ?? true);
}

/** A side that cannot commit to a group is read-only for it: at least level 1. */
export function degradationWithConsensus(level: DegradationLevel, assessments: readonly ConsensusAssessment[] | undefined): DegradationLevel {
  if (assessments === undefined || level >= 1) return level;
  return assessments.some((a) => !a.componentQuorum) ? 1 : level;
}
