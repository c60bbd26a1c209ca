/** The configured TCP checks on the probe runner: every probes.interval, each with its own deadline. */
import { TCP_METRICS } from '../contract/metrics';
import { declareFamily } from '../metrics/declare';
import { HostResolver } from './resolver';
import { createProbeRunner } from './runner';
import type { ProbeServiceFactory } from './service';
import { TCP_PROBE, TCP_RESULTS, type TcpTarget } from './tcp';

export const createTcpService: ProbeServiceFactory = ({ config, registry, log }) => {
  const configured = config.targets.tcp;
  if (configured.length === 0) return undefined;
  const metrics = declareFamily(registry, TCP_METRICS);
  const targets = configured.map((t) => ({ name: t.name, address: t.address, deadlineMs: t.timeout ?? config.probes.timeoutMs }));
  const runner = createProbeRunner<TcpTarget & { name: string }, ReturnType<typeof TCP_PROBE.failed>>(
    {
      ...TCP_PROBE,
      name: 'tcp',
      targets,
      labels: (target) => ({ target: target.name }),
      failureOf: (o) => (o.result === 'ok' ? undefined : { kind: o.result, message: o.message ?? o.result }),
      onResult(target, { observation, durationSeconds }) {
        metrics.success.set({ target: target.name }, observation.result === 'ok' ? 1 : 0);
        metrics.duration.set({ target: target.name }, durationSeconds);
        for (const result of TCP_RESULTS) metrics.result.set({ target: target.name, result }, observation.result === result ? 1 : 0);
      },
    },
    { intervalMs: config.probes.intervalMs, log, resolver: new HostResolver() },
  );
  return { name: 'tcp', start: () => runner.start(), stop: () => runner.stop(), facts: () => ({}) };
};
