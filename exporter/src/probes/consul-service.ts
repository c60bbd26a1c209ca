/**
 * Every configured Consul target on the probe runner: one probe per server agent, all in
 * parallel, each bounded by the target's timeout. As servers answer it publishes the per-server
 * gauges, counts probe errors by catalog pattern ("No cluster leader", "No path to datacenter"),
 * and hands analysis the consensus group (raft servers placed on nodes) and the leaders as writers
 * — the same fusion as etcd (analysis/consensus.ts).
 *
 * netsplit_consul_quorum is filled at scrape time from the latest verdict: the probes' answer AND
 * "this node's side of the mesh holds a quorum of the voters", so it drops as soon as the mesh
 * sees the cut, not one raft election timeout later.
 */
import type { ConsensusGroup } from '../analysis/types';
import { leadersAsWriters } from '../analysis/consensus';
import { createConsulMetrics, type ConsulMetrics } from '../metrics/consul';
import { classify } from '../patterns';
import { CONSUL_PROBE, SERF_STATUSES, type ConsulServerObservation, type ConsulServerTarget } from './consul';
import { consulGroup, summarizeConsul, type ConsulSummary } from './consul-summary';
import { HostResolver } from './resolver';
import { createProbeRunner } from './runner';
import { quorumAtScrape } from './consensus-quorum';
import { type ProbeFacts, type ProbeServiceFactory, filledAtScrape } from './service';

interface ServerTarget extends ConsulServerTarget {
  index: number;
}

export const createConsulService: ProbeServiceFactory = ({ config, registry, log, verdict }) => {
  const configured = config.targets.consul;
  if (configured.length === 0) return undefined;
  const metrics = createConsulMetrics(registry);
  const servers: ServerTarget[] = configured.flatMap((t) =>
    t.servers.map((server, index) => ({
      target: t.name,
      index,
      server: new URL(server),
      ...(t.tokenFile === undefined ? {} : { tokenFile: t.tokenFile }),
      ...(config.targetTls.consul[t.name] === undefined ? {} : { tls: config.targetTls.consul[t.name] }),
      deadlineMs: t.timeout ?? config.probes.timeoutMs,
    })),
  );
  const observed = new Map(configured.map((t) => [t.name, new Map<number, ConsulServerObservation & { durationSeconds: number }>()]));
  const serverCount = new Map(configured.map((t) => [t.name, t.servers.length]));
  const nodesOf = new Map(configured.map((t) => [t.name, t.nodes]));
  const latest = new Map<string, { summary: ConsulSummary; group: ConsensusGroup }>();
  const fillQuorum = quorumAtScrape(metrics.quorum, 'consul', latest, verdict);
  let facts: ProbeFacts = {};

  const runner = createProbeRunner<ServerTarget, ConsulServerObservation>(
    {
      ...CONSUL_PROBE,
      name: 'consul',
      targets: servers,
      labels: (s) => ({ target: s.target, server: s.server.host }),
      failureOf: (o) => o.failure,
      onResult(server, { observation, durationSeconds }) {
        for (const message of observation.errors) countPattern(metrics, server.target, message);
        const labels = { target: server.target, server: server.server.host };
        metrics.probeDuration.set(labels, durationSeconds);
        const slots = observed.get(server.target)!;
        slots.set(server.index, { ...observation, durationSeconds });
        // A reachable server's state is published as soon as it answers; the summary waits for
        // every server once (until then there is no full list to count a quorum against).
        publishServer(server.target, observation);
        if (slots.size === serverCount.get(server.target)) {
          const inOrder = [...slots.entries()].sort(([a], [b]) => a - b).map(([, o]) => o);
          const summary = summarizeConsul(server.target, inOrder);
          metrics.raftVoters.set({ target: server.target }, summary.voters);
          metrics.distinctLeaders.set({ target: server.target }, summary.distinctLeaders);
          latest.set(server.target, { summary, group: consulGroup(summary, config.peers, nodesOf.get(server.target)) });
          const groups = [...latest.values()].map((l) => l.group);
          facts = { consensusGroups: groups, writers: leadersAsWriters(groups) };
        }
      },
    },
    { intervalMs: config.probes.intervalMs, log, resolver: new HostResolver() },
  );

  function publishServer(target: string, o: ConsulServerObservation): void {
    const report = summarizeConsul(target, [o]).servers[0]!;
    const labels = { target, server: o.server };
    metrics.serverUp.set(labels, o.up ? 1 : 0);
    if (!o.up) {
      // Unknown is not "no leader": a server we cannot ask has no series rather than a false 0.
      metrics.serverHasLeader.remove(labels);
      metrics.serverIsLeader.remove(labels);
      for (const status of SERF_STATUSES) metrics.serfMembers.remove({ ...labels, status });
      return;
    }
    metrics.serverHasLeader.set(labels, report.hasLeader ? 1 : 0);
    metrics.serverIsLeader.set(labels, report.isLeader ? 1 : 0);
    for (const status of SERF_STATUSES) {
      if (report.serf === undefined) metrics.serfMembers.remove({ ...labels, status });
      else metrics.serfMembers.set({ ...labels, status }, report.serf[status]);
    }
  }

  return { name: 'consul', ...filledAtScrape(registry, fillQuorum, runner), facts: () => facts };
};

/** Counts a probe error under its catalog pattern; errors the catalog does not know are not counted. */
export function countPattern(metrics: Pick<ConsulMetrics, 'errorPatterns'>, target: string, message: string): string | undefined {
  const pattern = classify('consul', message);
  if (pattern !== undefined) metrics.errorPatterns.inc({ pattern: pattern.id, system: 'consul', target });
  return pattern?.id;
}
