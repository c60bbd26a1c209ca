/**
 * Probes every configured etcd target on the probe runner: one prober per endpoint, all in
 * parallel, each bounded by probes.timeout. As each endpoint answers it publishes the per-member
 * gauges, counts probe errors by catalog pattern, and hands analysis the group (members placed on
 * nodes) and the leaders as writers.
 *
 * netsplit_etcd_quorum is filled at scrape time from the latest verdict: the probes' own answer
 * ANDed with "this node's side of the mesh holds a quorum of members", so it drops as soon as the
 * mesh sees the cut, not one probe deadline (or one etcd election timeout) later.
 */
import type { ConsensusGroup } from '../analysis/types';
import { leadersAsWriters } from '../analysis/consensus';
import { nodeOfMember, type NodeAddress } from '../analysis/member-nodes';
import { createEtcdMetrics, type EtcdMetrics } from '../metrics/etcd';
import { classify } from '../patterns';
import { createEndpointProber, ETCD_PROBE, type EndpointObservation, type EtcdEndpointTarget } from './etcd';
import { summarizeTarget, type TargetSummary } from './etcd-summary';
import { HostResolver } from './resolver';
import { createProbeRunner } from './runner';
import { quorumAtScrape } from './consensus-quorum';
import { type ProbeFacts, type ProbeServiceFactory, filledAtScrape } from './service';

/** One endpoint of one target, as the runner probes it. */
interface EndpointTarget extends EtcdEndpointTarget {
  target: string;
  index: number;
}

export const createEtcdService: ProbeServiceFactory = ({ config, registry, log, verdict }) => {
  const targets = config.targets.etcd;
  if (targets.length === 0) return undefined;
  const metrics = createEtcdMetrics(registry);
  const nodes: NodeAddress[] = config.peers.map((p) => ({ name: p.name, host: p.address.host }));
  const deadlineMs = config.probes.timeoutMs;
  const endpoints: EndpointTarget[] = targets.flatMap((t) =>
    t.endpoints.map((endpoint, index) => ({ target: t.name, index, deadlineMs, prober: createEndpointProber(endpoint, deadlineMs, config.probes.intervalMs, config.targetTls.etcd[t.name]) })),
  );
  const latest = new Map<string, { summary: TargetSummary; group: ConsensusGroup }>();
  const fillQuorum = quorumAtScrape(metrics.quorum, 'etcd', latest, verdict);
  const tlsSaid = new Map<string, string | undefined>();
  const published = new Map<string, Map<string, string>>();
  let facts: ProbeFacts = {};

  // Each endpoint's latest observation, by position. A target is re-summarised as soon as any
  // endpoint answers, so a reachable member's state is published milliseconds into the round
  // instead of waiting for a blackholed endpoint's deadline (has_leader then trails etcd by at
  // most one probe interval). A Map, not a pre-sized array: Array.every skips an array's holes,
  // so with two or more endpoints the first answer passed for "all answered" and the summary
  // read a missing observation (TypeError … reading 'members').
  const observed = new Map(targets.map((t) => [t.name, new Map<number, EndpointObservation>()]));
  const endpointCount = new Map(targets.map((t) => [t.name, t.endpoints.length]));
  const explicitMembers = new Map(targets.map((t) => [t.name, t.members]));

  const runner = createProbeRunner<EndpointTarget, EndpointObservation>(
    {
      ...ETCD_PROBE,
      name: 'etcd',
      targets: endpoints,
      labels: (e) => ({ target: e.target, endpoint: e.prober.endpoint }),
      failureOf: (o) =>
        o.up ? undefined : { kind: o.tlsFailure !== undefined ? 'tls' : o.errors.some((e) => e.includes('DEADLINE_EXCEEDED')) ? 'timeout' : 'error', message: o.tlsFailure ?? o.errors[0] ?? 'no status' },
      onResult(endpoint, { observation, durationSeconds }) {
        // A TLS failure does not heal by itself: said once per endpoint and change, naming the file.
        if (observation.tlsFailure !== tlsSaid.get(endpoint.prober.endpoint)) {
          if (observation.tlsFailure !== undefined) log.warn('etcd probe failed on TLS', { target: endpoint.target, endpoint: endpoint.prober.endpoint, kind: 'tls', detail: observation.tlsFailure });
          tlsSaid.set(endpoint.prober.endpoint, observation.tlsFailure);
        }
        for (const message of observation.errors) countPattern(metrics, endpoint.target, message);
        const slots = observed.get(endpoint.target)!;
        slots.set(endpoint.index, { ...observation, durationSeconds });
        // Until every endpoint answered once there is no member list to name the silent ones by.
        if (slots.size === endpointCount.get(endpoint.target)) {
          const inOrder = [...slots.entries()].sort(([a], [b]) => a - b).map(([, o]) => o);
          update(endpoint.target, inOrder, explicitMembers.get(endpoint.target));
        }
      },
    },
    { intervalMs: config.probes.intervalMs, log, resolver: new HostResolver() },
  );

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

  return {
    name: 'etcd',
    ...filledAtScrape(registry, fillQuorum, {
      start: () => runner.start(),
      async stop() {
        await runner.stop();
        for (const e of endpoints) e.prober.close();
      },
    }),
    facts: () => facts,
  };
};

/** Counts a probe error under its catalog pattern; errors the catalog does not know are not counted. */
export function countPattern(metrics: Pick<EtcdMetrics, 'errorPatterns'>, target: string, message: string): string | undefined {
  const pattern = classify('etcd', message);
  if (pattern !== undefined) metrics.errorPatterns.inc({ pattern: pattern.id, system: 'etcd', target });
  return pattern?.id;
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
