/**
 * Cost of the HTTP admin-API probes: parsing a large Envoy proxy's answers (a mesh with 1000
 * upstream clusters of 3 hosts each: /clusters and the filtered /stats), and one whole probe of
 * each driver against a local server answering with the vendored fixtures (a round's latency on
 * loopback: connection, request, parse; one connection per request).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { CONSUL_PROBE } from '../src/probes/consul';
import { applyStats, ENVOY_PROBE, parseClusters, STATS_FILTER } from '../src/probes/envoy';
import { KUBERNETES_PROBE } from '../src/probes/kubernetes';
import { HostResolver } from '../src/probes/resolver';
import { runProbe, type ProbeSpec } from '../src/probes/runner';
import { summarize, timeSync, type BenchRow } from './harness';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures');
const fixture = (system: string, file: string) => readFileSync(join(FIXTURES, system, file), 'utf8');

function bigEnvoy(clusters: number): { clusters: string; stats: string } {
  const template = (JSON.parse(fixture('envoy', 'clusters-healthy.json')) as { cluster_statuses: Record<string, unknown>[] }).cluster_statuses[0]!;
  const hosts = template.host_statuses as Record<string, unknown>[];
  const statuses = Array.from({ length: clusters }, (_, c) => ({
    ...template,
    name: `outbound|8080||svc-${c}.default.svc.cluster.local`,
    host_statuses: [0, 1, 2].map((h) => ({ ...hosts[0], address: { socket_address: { address: `10.${c >> 8}.${c & 255}.${h + 1}`, port_value: 8080 } } })),
  }));
  const suffixes = ['circuit_breakers.default.cx_open', 'circuit_breakers.default.cx_pool_open', 'circuit_breakers.default.rq_open', 'circuit_breakers.default.rq_pending_open', 'circuit_breakers.default.rq_retry_open', 'outlier_detection.ejections_active', 'upstream_cx_connect_fail', 'upstream_rq_pending_overflow'];
  const stats = statuses.flatMap((s) => suffixes.map((suffix) => ({ name: `cluster.${s.name}.${suffix}`, value: 0 })));
  return { clusters: JSON.stringify({ cluster_statuses: statuses }), stats: JSON.stringify({ stats }) };
}

async function serve(routes: Record<string, { type: string; body: string }>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const route = routes[req.url ?? ''] ?? routes[(req.url ?? '').split('?')[0]!];
    if (route === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': route.type }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

async function timeProbe<T>(spec: ProbeSpec<T, unknown>, target: T, samples = 50): Promise<ReturnType<typeof summarize>> {
  const resolver = new HostResolver();
  for (let i = 0; i < 5; i++) await runProbe(spec, target, resolver);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push((await runProbe(spec, target, resolver)).durationSeconds * 1000);
  return summarize(times);
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const big = bigEnvoy(1000);
  const parse = timeSync(() => applyStats(parseClusters(JSON.parse(big.clusters)), JSON.parse(big.stats)), 15, 3);
  rows.push({ bench: 'admin-apis', case: `envoy parse 1000 clusters (${(big.clusters.length / 1e6).toFixed(1)} MB + ${(big.stats.length / 1e6).toFixed(1)} MB)`, unit: 'ms', ...parse, target: '<= 100 ms' });

  const json = (body: string) => ({ type: 'application/json', body });
  const text = (body: string) => ({ type: 'text/plain; charset=utf-8', body });
  const kube = await serve({ '/readyz?verbose': text(fixture('kubernetes', 'readyz-healthy.txt')), '/livez': text('ok') });
  const consul = await serve({
    '/v1/status/leader': json(fixture('consul', 'status-leader.json')),
    '/v1/status/peers': json(fixture('consul', 'status-peers.json')),
    '/v1/operator/raft/configuration': json(fixture('consul', 'operator-raft-configuration.json')),
    '/v1/agent/members': json(fixture('consul', 'agent-members.json')),
  });
  const envoy = await serve({ '/clusters?format=json': json(fixture('envoy', 'clusters-healthy.json')), [`/stats?format=json&filter=${encodeURIComponent(STATS_FILTER)}`]: json(fixture('envoy', 'stats-healthy.json')) });
  try {
    rows.push({ bench: 'admin-apis', case: 'kubernetes probe (/readyz?verbose + /livez), loopback', unit: 'ms', ...(await timeProbe(KUBERNETES_PROBE, { name: 'k', url: new URL(kube.url), deadlineMs: 1000 })) });
    rows.push({ bench: 'admin-apis', case: 'consul probe of one server (4 calls), loopback', unit: 'ms', ...(await timeProbe(CONSUL_PROBE, { target: 'dc1', server: new URL(consul.url), deadlineMs: 1000 })) });
    rows.push({ bench: 'admin-apis', case: 'envoy probe (/clusters + /stats), loopback', unit: 'ms', ...(await timeProbe(ENVOY_PROBE, { name: 'e', admin: new URL(envoy.url), deadlineMs: 1000 })) });
  } finally {
    for (const s of [kube, consul, envoy]) s.server.close();
  }
  return rows;
}
