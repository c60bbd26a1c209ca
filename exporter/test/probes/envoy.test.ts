/**
 * The Envoy admin probe against a local HTTP server answering with the vendored fixtures
 * (exporter/test/fixtures/envoy, the admin API's JSON): healthy, an open breaker with ejected
 * hosts, the streaming /clusters format, blackholed, malformed, truncated, wrong content type,
 * 403; and the fusion that says whether an upstream's failing hosts sit across the cut.
 */
import { ScrapeRegistry } from '../../src/metrics/scrape-registry';
import { analyze } from '../../src/analysis';
import { explainUpstream } from '../../src/analysis/upstream-cut';
import type { Config } from '../../src/config/load';
import { parseConfig } from '../../src/config/load';
import { createLogger } from '../../src/log';
import { ENVOY_PROBE, STATS_FILTER, type EnvoyObservation, type EnvoyTarget } from '../../src/probes/envoy';
import { createEnvoyService } from '../../src/probes/envoy-service';
import { HostResolver } from '../../src/probes/resolver';
import { runProbe } from '../../src/probes/runner';
import { between, nodes, topology } from '../analysis/topology';
import { fixture, json, startFixtureServer, type FixtureServer } from '../support/fixture-server';

const resolver = new HostResolver();
const STATS_PATH = `/stats?format=json&filter=${encodeURIComponent(STATS_FILTER)}`;
let server: FixtureServer;

function serve(clusters: string, stats: string): void {
  server.routes.set('/clusters?format=json', json(fixture('envoy', clusters)));
  server.routes.set(STATS_PATH, json(fixture('envoy', stats)));
}

beforeEach(async () => {
  server = await startFixtureServer();
  serve('clusters-healthy.json', 'stats-healthy.json');
});
afterEach(() => server.close());

const target = (over: Partial<EnvoyTarget> = {}): EnvoyTarget => ({ name: 'web-sidecar', admin: new URL(server.url), deadlineMs: 500, ...over });
const probe = async (t: EnvoyTarget = target()): Promise<EnvoyObservation> => (await runProbe(ENVOY_PROBE, t, resolver)).observation;
const summary = (o: EnvoyObservation) => o.upstreams.map((u) => [u.name, u.openBreakers, u.hosts.map((h) => `${h.address}:${h.port} ${h.state}`), u.connectFailures, u.pendingOverflow, u.ejectionsActive]);

describe('Envoy admin probe', () => {
  it('healthy: every upstream with its hosts healthy and no breaker open (names with dots and bars kept whole)', async () => {
    const o = await probe();
    expect(o.up).toBe(true);
    expect(summary(o)).toEqual([
      ['inventory', [], ['10.0.0.2:8080 healthy'], 0, 0, 0],
      ['orders', [], ['10.0.0.4:8080 healthy', '10.0.0.5:8080 healthy'], 0, 0, 0],
      ['outbound|8080||payments.default.svc.cluster.local', [], ['10.0.0.3:8080 healthy'], 0, 0, 0],
    ]);
  });

  it('orders cut off: its cx and rq_pending breakers open, both hosts ejected, connect failures and overflows counted', async () => {
    serve('clusters-orders-ejected.json', 'stats-orders-breaker-open.json');
    expect(summary(await probe())[1]).toEqual(['orders', ['cx', 'rq_pending'], ['10.0.0.4:8080 ejected', '10.0.0.5:8080 ejected'], 37, 112, 2]);
  });

  it('reads the streaming /clusters format (port, numbers) and a failed active health check as unhealthy', async () => {
    serve('clusters-inventory-unhealthy-streaming.json', 'stats-inventory-breaker-open.json');
    expect(summary(await probe())[0]).toEqual(['inventory', ['cx'], ['10.0.0.2:8080 unhealthy'], 0, 0, 0]);
  });

  it('blackholed: a timeout at the deadline, no connection left behind', async () => {
    server.routes.set('/clusters?format=json', { hang: true });
    server.routes.set(STATS_PATH, { hang: true });
    const o = await probe(target({ deadlineMs: 300 }));
    expect(o).toEqual({ up: false, upstreams: [], failure: { kind: 'timeout', message: 'no answer within 300 ms' } });
    const until = Date.now() + 2000;
    while (server.openConnections() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(server.openConnections()).toBe(0);
  });

  it('a 403 on /clusters closes the /stats request that hangs, long before the deadline', async () => {
    server.routes.set('/clusters?format=json', { status: 403, contentType: 'text/plain', body: 'RBAC: access denied' });
    server.routes.set(STATS_PATH, { hang: true });
    expect((await probe(target({ deadlineMs: 10_000 }))).failure?.kind).toBe('auth');
    const until = Date.now() + 1000;
    while (server.openConnections() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(server.openConnections()).toBe(0);
  });

  it('malformed, truncated, the wrong shape, the wrong content type and 403 each fail with their kind', async () => {
    server.routes.set(STATS_PATH, json('{"stats":[{"name":"cluster.orders.upstream_cx_connect_fail","value":'));
    expect((await probe()).failure).toMatchObject({ kind: 'error', code: 'BAD_ANSWER' });
    server.routes.set(STATS_PATH, { status: 200, contentType: 'application/json', body: fixture('envoy', 'stats-healthy.json'), sentBytes: 64 });
    expect((await probe()).failure).toEqual({ kind: 'error', message: '/stats: answer truncated (connection closed mid-body)', code: 'BAD_ANSWER' });
    server.routes.set(STATS_PATH, json(fixture('envoy', 'stats-healthy.json')));
    server.routes.set('/clusters?format=json', json('{"version":"1.31.0"}'));
    expect((await probe()).failure).toEqual({ kind: 'wrong_server', message: '/clusters: not an Envoy answer (no cluster_statuses list)', code: 'BAD_ANSWER' });
    server.routes.set('/clusters?format=json', { status: 200, contentType: 'text/plain', body: 'orders::observability_name::orders' });
    expect((await probe()).failure).toEqual({ kind: 'wrong_server', message: '/clusters: expected application/json, got text/plain', code: 'WRONG_CONTENT_TYPE' });
    server.routes.set('/clusters?format=json', { status: 403, contentType: 'text/plain', body: 'RBAC: access denied' });
    expect((await probe()).failure).toEqual({ kind: 'auth', message: '/clusters: HTTP 403 (RBAC: access denied)', code: 'HTTP_403' });
  });
});

describe('explainUpstream: is the cut to blame?', () => {
  const members = nodes(5);
  // Halves {n1,n2,n3} | {n4,n5} as n1 sees it.
  const halves = topology({ members, self: 'n1', cut: between(['n1', 'n2', 'n3'], ['n4', 'n5']) });
  const verdict = analyze(halves);

  it('failing hosts all on the other side: network_cut', () => {
    expect(explainUpstream([{ node: 'n4', failing: true }, { node: 'n5', failing: true }], 'n1', verdict, halves)).toEqual({ reason: 'network_cut', acrossCut: 2 });
  });

  it('failing hosts on nodes in contact: service_fault (the network does not explain it)', () => {
    expect(explainUpstream([{ node: 'n2', failing: true }], 'n1', verdict, halves)).toEqual({ reason: 'service_fault', acrossCut: 0 });
  });

  it('some of each: mixed; an unplaced host or no verdict yet: unknown', () => {
    expect(explainUpstream([{ node: 'n2', failing: true }, { node: 'n4', failing: true }], 'n1', verdict, halves)).toEqual({ reason: 'mixed', acrossCut: 1 });
    expect(explainUpstream([{ failing: true }], 'n1', verdict, halves)).toEqual({ reason: 'unknown', acrossCut: 0 });
    expect(explainUpstream([{ node: 'n4', failing: true }], 'n1', undefined, halves)).toEqual({ reason: 'unknown', acrossCut: 0 });
  });

  it('a breaker open over healthy-looking hosts judges all hosts', () => {
    expect(explainUpstream([{ node: 'n4', failing: false }, { node: 'n5', failing: false }], 'n1', verdict, halves)).toEqual({ reason: 'network_cut', acrossCut: 2 });
  });
});

describe('Envoy service: the fused metrics at scrape time', () => {
  it('orders open towards n4 and n5 across the cut reads network_cut; the same failure without a cut reads service_fault', async () => {
    serve('clusters-orders-ejected.json', 'stats-orders-breaker-open.json');
    const parsed = parseConfig(
      [
        'cluster: lab',
        'node: n1',
        'insecure: true',
        'peers:',
        ...nodes(5).map((n, i) => `  - { name: ${n}, address: "10.0.0.${i + 1}:9465" }`),
        'targets:',
        `  envoy: [ { name: web-sidecar, admin: "${server.url}" } ]`,
      ].join('\n'),
      'netsplit.yaml',
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const config: Config = { ...parsed.config, probes: { intervalMs: 60_000, timeoutMs: 500 } };
    const registry = new ScrapeRegistry();
    let view = topology({ members: nodes(5), self: 'n1', cut: between(['n1', 'n2', 'n3'], ['n4', 'n5']) });
    const service = createEnvoyService({ config, registry, log: createLogger({}, 'error'), verdict: () => analyze(view), clusterView: () => view })!;
    service.start();
    const reasonOf = async () => {
      const text = await registry.metrics();
      return text.split('\n').filter((l) => l.startsWith('netsplit_envoy_upstream_fault_reason{target="web-sidecar",upstream="orders"') && l.endsWith(' 1'));
    };
    try {
      const until = Date.now() + 3000;
      while ((await reasonOf()).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(await reasonOf()).toEqual(['netsplit_envoy_upstream_fault_reason{target="web-sidecar",upstream="orders",reason="network_cut"} 1']);
      const text = await registry.metrics();
      expect(text).toContain('netsplit_envoy_upstream_hosts_across_cut{target="web-sidecar",upstream="orders"} 2');
      expect(text).toContain('netsplit_envoy_circuit_breaker_open{target="web-sidecar",upstream="orders",breaker="cx"} 1');
      expect(text).toContain('netsplit_envoy_upstream_hosts{target="web-sidecar",upstream="orders",state="ejected"} 2');
      // A healthy upstream has no reason series at all.
      expect(text).not.toContain('netsplit_envoy_upstream_fault_reason{target="web-sidecar",upstream="inventory"');
      view = topology({ members: nodes(5), self: 'n1' });
      expect(await reasonOf()).toEqual(['netsplit_envoy_upstream_fault_reason{target="web-sidecar",upstream="orders",reason="service_fault"} 1']);
    } finally {
      await service.stop();
    }
  });
});
