/**
 * Every configured Envoy proxy on the probe runner: per upstream cluster, its open breakers and
 * its hosts by state, and — at scrape time, from the latest verdict — whether the hosts behind a
 * failure sit across the cut (analysis/upstream-cut.ts). Hosts are placed on mesh nodes by
 * address (the peers' configured addresses, or the target's `nodes` map); the proxy itself runs
 * on the node of its admin address, or on this node when that address is not a peer's (loopback).
 */
import { explainUpstream, type UpstreamFaultReason } from '../analysis/upstream-cut';
import { createEnvoyMetrics, UPSTREAM_FAULT_REASONS } from '../metrics/envoy';
import { BREAKERS, ENVOY_PROBE, HOST_STATES, type EnvoyObservation, type EnvoyTarget, type UpstreamCluster } from './envoy';
import { placeInstance } from './placement';
import { HostResolver } from './resolver';
import { createProbeRunner } from './runner';
import { type ProbeServiceFactory, filledAtScrape } from './service';

interface PlacedTarget extends EnvoyTarget {
  proxyNode: string;
  nodes?: Readonly<Record<string, string>>;
}

/** An upstream is failing when a breaker is open or any host is not healthy. */
export function isFailing(upstream: UpstreamCluster): boolean {
  return upstream.openBreakers.length > 0 || upstream.hosts.some((h) => h.state !== 'healthy');
}

export const createEnvoyService: ProbeServiceFactory = ({ config, registry, log, verdict, clusterView }) => {
  const configured = config.targets.envoy;
  if (configured.length === 0) return undefined;
  const targets: PlacedTarget[] = configured.map((t) => {
    const admin = new URL(t.admin);
    return {
      name: t.name,
      admin,
      ...(config.targetTls.envoy[t.name] === undefined ? {} : { tls: config.targetTls.envoy[t.name] }),
      deadlineMs: t.timeout ?? config.probes.timeoutMs,
      proxyNode: placeInstance(admin.hostname.replace(/^\[(.*)\]$/, '$1'), config.peers, t.nodes) ?? config.node,
      ...(t.nodes === undefined ? {} : { nodes: t.nodes }),
    };
  });
  const latest = new Map<string, { target: PlacedTarget; upstreams: UpstreamCluster[] }>();
  const published = new Map<string, Set<string>>();

  // Runs at each scrape before the fused gauges render: the verdict moves faster than probe rounds.
  const metrics = createEnvoyMetrics(registry);
  const fillExplained = () => {
    const current = verdict?.();
    const view = clusterView?.();
    for (const { target, upstreams } of latest.values()) {
      for (const upstream of upstreams) {
        const labels = { target: target.name, upstream: upstream.name };
        const hosts = upstream.hosts.map((h) => {
          const node = placeInstance(h.address, config.peers, target.nodes);
          return { ...(node === undefined ? {} : { node }), failing: h.state !== 'healthy' };
        });
        const explanation = explainUpstream(hosts, target.proxyNode, current, view);
        metrics.hostsAcrossCut.set(labels, explanation.acrossCut);
        const reason: UpstreamFaultReason | undefined = isFailing(upstream) ? explanation.reason : undefined;
        for (const r of UPSTREAM_FAULT_REASONS) {
          if (reason === undefined) metrics.faultReason.remove({ ...labels, reason: r });
          else metrics.faultReason.set({ ...labels, reason: r }, r === reason ? 1 : 0);
        }
      }
    }
  };

  function publish(target: PlacedTarget, observation: EnvoyObservation): void {
    const before = published.get(target.name) ?? new Set<string>();
    const now = new Set(observation.upstreams.map((u) => u.name));
    for (const upstream of observation.upstreams) {
      const labels = { target: target.name, upstream: upstream.name };
      for (const breaker of BREAKERS) metrics.breakerOpen.set({ ...labels, breaker }, upstream.openBreakers.includes(breaker) ? 1 : 0);
      for (const state of HOST_STATES) metrics.hosts.set({ ...labels, state }, upstream.hosts.filter((h) => h.state === state).length);
      setOrRemove(metrics.connectFailures, labels, upstream.connectFailures);
      setOrRemove(metrics.pendingOverflow, labels, upstream.pendingOverflow);
      setOrRemove(metrics.ejectionsActive, labels, upstream.ejectionsActive);
    }
    // An upstream the proxy no longer lists, or a proxy that does not answer: unknown is absent.
    for (const name of before) if (!now.has(name)) removeUpstream(target.name, name);
    published.set(target.name, now);
  }

  function removeUpstream(target: string, upstream: string): void {
    const labels = { target, upstream };
    for (const breaker of BREAKERS) metrics.breakerOpen.remove({ ...labels, breaker });
    for (const state of HOST_STATES) metrics.hosts.remove({ ...labels, state });
    for (const reason of UPSTREAM_FAULT_REASONS) metrics.faultReason.remove({ ...labels, reason });
    for (const g of [metrics.connectFailures, metrics.pendingOverflow, metrics.ejectionsActive, metrics.hostsAcrossCut]) g.remove(labels);
  }

  const runner = createProbeRunner<PlacedTarget, EnvoyObservation>(
    {
      ...ENVOY_PROBE,
      name: 'envoy',
      targets,
      labels: (t) => ({ target: t.name }),
      failureOf: (o) => o.failure,
      onResult(target, { observation, durationSeconds }) {
        metrics.adminUp.set({ target: target.name }, observation.up ? 1 : 0);
        metrics.probeDuration.set({ target: target.name }, durationSeconds);
        publish(target, observation);
        latest.set(target.name, { target, upstreams: observation.upstreams });
      },
    },
    { intervalMs: config.probes.intervalMs, log, resolver: new HostResolver() },
  );
  return { name: 'envoy', ...filledAtScrape(registry, fillExplained, runner), facts: () => ({}) };
};

function setOrRemove(gauge: { set(labels: { target: string; upstream: string }, value: number): void; remove(labels: { target: string; upstream: string }): void }, labels: { target: string; upstream: string }, value: number | undefined): void {
  if (value === undefined) gauge.remove(labels);
  else gauge.set(labels, value);
}
