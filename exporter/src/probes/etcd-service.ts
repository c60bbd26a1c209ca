/**
 * Probes every configured etcd target each probes.interval: one prober per endpoint, all in
 * parallel, each bounded by probes.timeout. As each endpoint answers it publishes the per-member
 * gauges, counts probe errors by catalog pattern, and hands analysis the group (members placed on
 * nodes) and the leaders as writers.
 *
 * netsplit_etcd_quorum is filled at scrape time from the latest verdict: the probes' own answer
 * ANDed with "this node's side of the mesh holds a quorum of members", so it drops as soon as the
 * mesh sees the cut, not one probe deadline (or one etcd election timeout) later.
 */
import type { ConsensusGroup, Verdict } from '../analysis/types';
import { leadersAsWriters } from '../analysis/consensus';
import { nodeOfMember, type NodeAddress } from '../analysis/member-nodes';
import { createEtcdMetrics, type EtcdMetrics } from '../metrics/etcd';
import { classify } from '../patterns';
import { createEndpointProber, type EndpointObservation } from './etcd';
import { summarizeTarget, type TargetSummary } from './etcd-summary';
import type { ProbeFacts, ProbeServiceFactory } from './service';

export const createEtcdService: ProbeServiceFactory = ({ config, registry, log, verdict }) => {
  const targets = config.targets.etcd;
  if (targets.length === 0) return undefined;
  // netsplit_etcd_quorum at scrape: the probes' answer AND the mesh's (self's side holds a quorum of members).
  const metrics = createEtcdMetrics(registry, () => {
    const current = verdict?.();
    for (const [target, { summary }] of latest) metrics.quorum.set({ target }, fusedQuorum(summary.quorum, current, target) ? 1 : 0);
  });
  const nodes: NodeAddress[] = config.peers.map((p) => ({ name: p.name, host: p.address.host }));
  const probers = new Map(targets.map((t) => [t.name, t.endpoints.map((e) => createEndpointProber(e, config.probes.timeoutMs, config.targetTls.etcd[t.name]))]));
  const latest = new Map<string, { summary: TargetSummary; group: ConsensusGroup }>();
  const tlsSaid = new Map<string, string | undefined>();
  const published = new Map<string, Map<string, string>>();
  let facts: ProbeFacts = {};
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> | undefined;

  // Each endpoint's latest observation. A target is re-summarised as soon as any endpoint answers,
  // so a reachable member's state is published milliseconds into the round instead of waiting for
  // a blackholed endpoint's deadline (has_leader then trails etcd by at most one probe interval).
  const observed = new Map(targets.map((t) => [t.name, new Array<EndpointObservation | undefined>(t.endpoints.length)]));

  async function probeAll(): Promise<void> {
    await Promise.all(
      targets.flatMap((target) =>
        (probers.get(target.name) ?? []).map(async (prober, i) => {
          const observation = await prober.probe();
          // A TLS failure does not heal by itself: said once per endpoint and change, naming the file.
          if (observation.tlsFailure !== tlsSaid.get(prober.endpoint)) {
            if (observation.tlsFailure !== undefined) log.warn('etcd probe failed on TLS', { target: target.name, endpoint: prober.endpoint, kind: 'tls', detail: observation.tlsFailure });
            tlsSaid.set(prober.endpoint, observation.tlsFailure);
          }
          for (const message of observation.errors) countPattern(metrics, target.name, message);
          const slots = observed.get(target.name)!;
          slots[i] = observation;
          // Until every endpoint answered once there is no member list to name the silent ones by.
          if (slots.every((o) => o !== undefined)) update(target.name, slots as EndpointObservation[], target.members);
        }),
      ),
    );
  }

  function update(target: string, observations: readonly EndpointObservation[], explicit?: Readonly<Record<string, string>>): void {
    const summary = summarizeTarget(target, observations);
    publish(summary);
    latest.set(target, { summary, group: groupOf(summary, nodes, explicit) });
    const groups = [...latest.values()].map((l) => l.group);
    facts = { consensusGroups: groups, writers: leadersAsWriters(groups) };
  }

  function publish(summary: TargetSummary): void {
    const target = summary.target;
    const before = published.get(target) ?? new Map<string, string>();
    const now = new Map<string, string>();
    for (const m of summary.members) {
      const labels = { target, member: m.member };
      now.set(m.member, m.leaderIdHex);
      metrics.memberUp.set(labels, m.up ? 1 : 0);
      metrics.probeDuration.set(labels, m.durationSeconds);
      metrics.linearizable.set(labels, m.linearizable === 'ok' ? 1 : 0);
      const previousLeader = before.get(m.member);
      if (previousLeader !== undefined && previousLeader !== m.leaderIdHex) metrics.leaderInfo.remove({ ...labels, leader_id: previousLeader });
      if (!m.up) {
        // Unknown is not "no leader": a member we cannot ask has no series rather than a false 0.
        for (const g of [metrics.memberHasLeader, metrics.memberIsLeader, metrics.raftIndex, metrics.raftAppliedIndex]) g.remove(labels);
        if (previousLeader !== undefined) metrics.leaderInfo.remove({ ...labels, leader_id: previousLeader });
        now.delete(m.member);
        continue;
      }
      metrics.memberHasLeader.set(labels, m.hasLeader ? 1 : 0);
      metrics.memberIsLeader.set(labels, m.isLeader ? 1 : 0);
      metrics.leaderInfo.set({ ...labels, leader_id: m.leaderIdHex }, 1);
      metrics.raftIndex.set(labels, Number(m.raftIndex ?? 0));
      metrics.raftAppliedIndex.set(labels, Number(m.raftAppliedIndex ?? 0));
    }
    // A member that vanished from the target (renamed once its name became known) leaves no stale series.
    const names = new Set(summary.members.map((m) => m.member));
    for (const [member, leader] of before) {
      if (names.has(member)) continue;
      const labels = { target, member };
      for (const g of [metrics.memberUp, metrics.memberHasLeader, metrics.memberIsLeader, metrics.raftIndex, metrics.raftAppliedIndex, metrics.linearizable, metrics.probeDuration]) g.remove(labels);
      metrics.leaderInfo.remove({ ...labels, leader_id: leader });
    }
    published.set(target, now);
    metrics.distinctLeaders.set({ target }, summary.distinctLeaders);
  }

  function tick(): void {
    // A round never overlaps the previous one: a slow round delays the next instead of piling up.
    if (round !== undefined) return;
    round = probeAll()
      .catch((error: unknown) => log.warn('etcd probe round failed', { error: (error as Error).message }))
      .finally(() => {
        round = undefined;
      });
  }

  return {
    name: 'etcd',
    start() {
      tick();
      timer = setInterval(tick, config.probes.intervalMs);
    },
    async stop() {
      clearInterval(timer);
      await round;
      for (const list of probers.values()) for (const p of list) p.close();
    },
    facts: () => facts,
  };
};

/** Counts a probe error under its catalog pattern; errors the catalog does not know are not counted. */
export function countPattern(metrics: Pick<EtcdMetrics, 'errorPatterns'>, target: string, message: string): string | undefined {
  const pattern = classify('etcd', message);
  if (pattern !== undefined) metrics.errorPatterns.inc({ pattern: pattern.id, system: 'etcd', target });
  return pattern?.id;
}

/**
 * netsplit_etcd_quorum: the probes see a leader backed by a quorum AND this node's component of
 * the mesh holds (or may hold) a quorum of the members. Without a verdict yet, the probes alone.
 */
export function fusedQuorum(probeQuorum: boolean, verdict: Verdict | undefined, target: string): boolean {
  const assessment = verdict?.consensus?.find((a) => a.system === 'etcd' && a.target === target);
  return probeQuorum && (assessment?.componentQuorum ?? true);
}

/** The analysis' view of one target: members placed on nodes. */
export function groupOf(summary: TargetSummary, nodes: readonly NodeAddress[], explicit?: Readonly<Record<string, string>>): ConsensusGroup {
  return {
    system: 'etcd',
    target: summary.target,
    probeQuorum: summary.quorum,
    members: summary.members.map((m) => ({
      instance: m.member,
      node: nodeOfMember({ name: m.member === m.endpoint ? '' : m.member, endpoint: m.endpoint, urls: m.urls }, nodes, explicit),
      voter: m.voter,
      reachable: m.up,
      hasLeader: m.hasLeader,
      isLeader: m.isLeader,
    })),
  };
}
