/**
 * A real Prometheus (Debian's 2.42) for the lab: it scrapes every agent through the lab's public
 * gateway on 127.0.0.1, as a Prometheus outside the cut would, one target per node, in one of
 * three scrape setups a user's stack has (see scrapeConfig).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { findExecutable } from './preflight';
import type { PublicGateway } from './public-gateway';
import { waitUntil } from './wait-for';

export interface LabPrometheusOptions {
  gateway: PublicGateway;
  nodes: readonly string[];
  /** A directory of the caller's for the config and the TSDB. */
  dir: string;
  ruleFiles?: readonly string[];
  /** host:port of an Alertmanager to send alerts to. */
  alertmanager?: string;
  scrapeInterval?: string;
  /** How the agents are scraped; `static` by default. */
  scrapeSetup?: ScrapeSetup;
}

/**
 * - static: `static_configs`, job `netsplit`, instance `<node>:9465`;
 * - podmonitor: the relabelling prometheus-operator writes for a PodMonitor (job
 *   `<namespace>/<name>`, namespace, pod, container, endpoint, instance = pod IP:port) plus the
 *   `node` (from __meta_kubernetes_pod_node_name) and `cluster` target labels kube-prometheus
 *   setups add; the Kubernetes metadata comes from hidden `__meta_kubernetes_*` labels here, as
 *   service discovery would set them;
 * - honor-labels: `honor_labels: true` (exporter labels win a clash).
 */
export type ScrapeSetup = 'static' | 'podmonitor' | 'honor-labels';

export function scrapeConfig(setup: ScrapeSetup, target: string, nodes: readonly string[]): Record<string, unknown> {
  const path = (node: string) => ({ __metrics_path__: `/${node}/metrics` });
  switch (setup) {
    case 'static':
      return { job_name: 'netsplit', static_configs: nodes.map((n) => ({ targets: [target], labels: { ...path(n), instance: `${n}:9465` } })) };
    case 'honor-labels':
      return { job_name: 'netsplit-honor', honor_labels: true, static_configs: nodes.map((n) => ({ targets: [target], labels: { ...path(n), instance: `${n}:9465` } })) };
    case 'podmonitor':
      return {
        job_name: 'podMonitor/monitoring/netsplit/0',
        honor_labels: false,
        static_configs: nodes.map((n, index) => ({
          targets: [target],
          labels: {
            ...path(n),
            __meta_kubernetes_namespace: 'monitoring',
            __meta_kubernetes_pod_name: `netsplit-agent-${n}`,
            __meta_kubernetes_pod_container_name: 'exporter',
            __meta_kubernetes_pod_node_name: n,
            __meta_kubernetes_pod_ip: `10.244.${index}.7`,
          },
        })),
        relabel_configs: [
          { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
          { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
          { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
          { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
          { source_labels: ['__meta_kubernetes_pod_ip'], target_label: 'instance', replacement: '${1}:9465' },
          { target_label: 'endpoint', replacement: 'metrics' },
          { target_label: 'job', replacement: 'monitoring/netsplit' },
          { target_label: 'cluster', replacement: 'k8s-lab' },
        ],
      };
  }
}

export interface LabPrometheus {
  url: string;
  /** GET /api/v1/<path>?<params>, parsed; throws on a non-2xx answer. */
  api<T = unknown>(path: string, params: Record<string, string>): Promise<T>;
  stop(): Promise<void>;
}

export function requirePrometheus(): string {
  const binary = findExecutable('prometheus');
  if (binary === undefined) throw new Error('prometheus is missing: apt-get install prometheus (.ci/run does)');
  return binary;
}

export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

export async function startLabPrometheus(options: LabPrometheusOptions): Promise<LabPrometheus> {
  const binary = requirePrometheus();
  const port = await freeLoopbackPort();
  const interval = options.scrapeInterval ?? '1s';
  const target = new URL(options.gateway.baseUrl).host;
  const config = join(options.dir, 'prometheus.yml');
  writeFileSync(
    config,
    stringify({
      global: { scrape_interval: interval, evaluation_interval: interval },
      ...(options.ruleFiles ? { rule_files: [...options.ruleFiles] } : {}),
      ...(options.alertmanager ? { alerting: { alertmanagers: [{ static_configs: [{ targets: [options.alertmanager] }] }] } } : {}),
      scrape_configs: [scrapeConfig(options.scrapeSetup ?? 'static', target, options.nodes)],
    }),
  );
  const child: ChildProcess = spawn(binary, [`--config.file=${config}`, `--storage.tsdb.path=${join(options.dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const ready = await waitUntil('Prometheus is ready', async () => (await fetch(`${url}/-/ready`)).status, (status) => status === 200, { timeoutMs: 30_000, intervalMs: 250 });
  if (!ready.matched) {
    child.kill('SIGKILL');
    throw new Error(`Prometheus did not become ready on ${url}: ${ready.error ?? 'no answer'}`);
  }
  return {
    url,
    async api<T>(path: string, params: Record<string, string>): Promise<T> {
      const response = await fetch(`${url}/api/v1/${path}?${new URLSearchParams(params)}`, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`Prometheus ${path}: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
