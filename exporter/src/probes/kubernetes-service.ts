/**
 * The Kubernetes API server targets on the probe runner: reachability, readiness checks, and the
 * countdown to NotReady and eviction for this side while the API server is out of reach
 * (analysis/control-plane-timeline.ts). The countdowns are computed at scrape time, so they tick
 * between probe rounds.
 */
import { performance } from 'node:perf_hooks';
import { controlPlaneTimeline } from '../analysis/control-plane-timeline';
import { createKubernetesMetrics } from '../metrics/kubernetes';
import { KUBERNETES_PROBE, type ApiServerObservation, type KubernetesTarget } from './kubernetes';
import { HostResolver } from './resolver';
import { createProbeRunner } from './runner';
import { type ProbeServiceFactory, filledAtScrape } from './service';

interface Timed extends KubernetesTarget {
  gracePeriodMs: number;
  evictionTimeoutMs: number;
}

interface Reach {
  /** Monotonic ms of the start of the last probe that reached the API server. */
  lastReachedAt?: number;
  /** Monotonic ms of the first probe that failed since then. */
  firstMissedAt?: number;
}

export const createKubernetesService: ProbeServiceFactory = ({ config, registry, log }) => {
  const configured = config.targets.kubernetes;
  if (configured.length === 0) return undefined;
  const targets: Timed[] = configured.flatMap((t) =>
    t.url === undefined
      ? []
      : [
          {
            name: t.name,
            url: new URL(t.url),
            ...(t.tokenFile === undefined ? {} : { tokenFile: t.tokenFile }),
            ...(config.targetTls.kubernetes[t.name] === undefined ? {} : { tls: config.targetTls.kubernetes[t.name] }),
            deadlineMs: t.timeout ?? config.probes.timeoutMs,
            gracePeriodMs: t.nodeMonitorGracePeriod,
            evictionTimeoutMs: t.podEvictionTimeout,
          },
        ],
  );
  const reach = new Map<string, Reach>();
  const metrics = createKubernetesMetrics(registry);
  const publishedChecks = new Map<string, Set<string>>();

  function fillCountdowns(now: number): void {
    for (const t of targets) {
      const r = reach.get(t.name);
      if (r === undefined) continue;
      const labels = { target: t.name };
      if (r.firstMissedAt === undefined) {
        metrics.unreachableSeconds.set(labels, 0);
        metrics.notReadyInSeconds.remove(labels);
        metrics.evictionInSeconds.remove(labels);
        continue;
      }
      // Since the last answer when there was one; else since the first miss (a lower bound).
      const since = r.lastReachedAt ?? r.firstMissedAt;
      const timeline = controlPlaneTimeline(now - since, t.gracePeriodMs, t.evictionTimeoutMs);
      metrics.unreachableSeconds.set(labels, (now - since) / 1000);
      metrics.notReadyInSeconds.set(labels, timeline.notReadyInMs / 1000);
      metrics.evictionInSeconds.set(labels, timeline.evictionInMs / 1000);
    }
  }

  for (const t of targets) {
    metrics.gracePeriodSeconds.set({ target: t.name }, t.gracePeriodMs / 1000);
    metrics.evictionTimeoutSeconds.set({ target: t.name }, t.evictionTimeoutMs / 1000);
  }

  const runner = createProbeRunner<Timed, ApiServerObservation>(
    {
      ...KUBERNETES_PROBE,
      name: 'kubernetes',
      targets,
      labels: (t) => ({ target: t.name }),
      failureOf: (o) => o.failure,
      onResult(target, { observation, startedAt, durationSeconds }) {
        const labels = { target: target.name };
        const r = reach.get(target.name) ?? {};
        if (observation.reachable) reach.set(target.name, { lastReachedAt: startedAt });
        else reach.set(target.name, { ...r, firstMissedAt: r.firstMissedAt ?? startedAt });
        metrics.reachable.set(labels, observation.reachable ? 1 : 0);
        metrics.probeDuration.set(labels, durationSeconds);
        const before = publishedChecks.get(target.name) ?? new Set<string>();
        const now = new Set<string>();
        if (observation.ready === undefined) metrics.ready.remove(labels);
        else metrics.ready.set(labels, observation.ready ? 1 : 0);
        if (observation.live === undefined) metrics.live.remove(labels);
        else metrics.live.set(labels, observation.live ? 1 : 0);
        for (const check of observation.checks) {
          metrics.checkOk.set({ ...labels, check: check.name }, check.ok ? 1 : 0);
          now.add(check.name);
        }
        // Unknown is absent: checks the last answer no longer lists (or no answer) leave no stale series.
        for (const check of before) if (!now.has(check)) metrics.checkOk.remove({ ...labels, check });
        publishedChecks.set(target.name, now);
      },
    },
    { intervalMs: config.probes.intervalMs, log, resolver: new HostResolver() },
  );
  return { name: 'kubernetes', ...filledAtScrape(registry, () => fillCountdowns(performance.now()), runner), facts: () => ({}) };
};
