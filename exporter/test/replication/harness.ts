/** A replication probe service on its own registry, driven by a test: config from YAML, readable gauges. */
import type { Verdict } from '../../src/analysis/types';
import { parseConfig } from '../../src/config/load';
import { createLogger } from '../../src/log';
import { createMetrics } from '../../src/metrics/registry';
import type { ProbeService, ProbeServiceFactory } from '../../src/probes/service';

export interface ServiceHarness {
  service: ProbeService;
  lines: string[];
  /** The value of one series after a full collect (NaN stays NaN), or undefined when absent. */
  value(name: string, labels: Record<string, string>): Promise<number | undefined>;
  /** Every series of a metric with its labels. */
  series(name: string): Promise<Array<{ labels: Record<string, string | number>; value: number }>>;
  exposition(): Promise<string>;
  setVerdict(verdict: Verdict | undefined): void;
  stop(): Promise<void>;
}

/**
 * `targets` is the YAML of the `targets:` block. Peers: n1 and n2 both on 127.0.0.1 unless
 * `peers` says otherwise (placement then needs the targets' `nodes` map).
 */
export function startService(factory: ProbeServiceFactory, targets: string, options: { peers?: string; interval?: string; timeout?: string } = {}): ServiceHarness {
  const peers = options.peers ?? '  - { name: n1, address: "127.0.0.1:9465" }\n  - { name: n2, address: "127.0.0.1:9466" }';
  const text = `cluster: test\nnode: n1\ninsecure: true\nprobes: { interval: ${options.interval ?? '250ms'}, timeout: ${options.timeout ?? '1s'} }\npeers:\n${peers}\ntargets:\n${targets}`;
  const parsed = parseConfig(text, 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const metrics = createMetrics('test', 'n1');
  const lines: string[] = [];
  let verdict: Verdict | undefined;
  const service = factory({
    config: parsed.config,
    registry: metrics.registry,
    log: createLogger({}, 'debug', (line) => lines.push(line)),
    verdict: () => verdict,
  });
  if (service === undefined) throw new Error('the factory made no service for this config');
  service.start();
  const series = async (name: string) => {
    const all = await metrics.registry.getMetricsAsJSON();
    const metric = all.find((m) => m.name === name);
    return (metric?.values ?? []).map((v) => ({ labels: v.labels as Record<string, string | number>, value: v.value }));
  };
  return {
    service,
    lines,
    series,
    async value(name, labels) {
      const found = (await series(name)).find((s) => Object.entries(labels).every(([k, v]) => String(s.labels[k]) === v));
      return found?.value;
    },
    exposition: () => metrics.registry.metrics(),
    setVerdict(next) {
      verdict = next;
    },
    stop: () => service.stop(),
  };
}

/** Polls until `accept` holds (generous deadline: the machine is shared); returns the last value. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, deadlineMs = 20_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  let value = await read();
  while (!accept(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}
