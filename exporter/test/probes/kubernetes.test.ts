/**
 * The Kubernetes API server probe against a local HTTP(S) server answering with the vendored
 * fixtures (exporter/test/fixtures/kubernetes, the apiserver's healthz format): healthy, etcd
 * failing, blackholed (deadline, no leaked connection), refused, malformed, truncated, wrong
 * content type, 401/403 (the token never in an error), TLS with a client certificate.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScrapeRegistry } from '../../src/metrics/scrape-registry';
import { controlPlaneTimeline } from '../../src/analysis/control-plane-timeline';
import { parseConfig, type ClientTls } from '../../src/config/load';
import { createLogger } from '../../src/log';
import { createKubernetesService } from '../../src/probes/kubernetes-service';
import { KUBERNETES_PROBE, parseReadyz, type ApiServerObservation, type KubernetesTarget } from '../../src/probes/kubernetes';
import { HostResolver } from '../../src/probes/resolver';
import { runProbe } from '../../src/probes/runner';
import { fixture, json, startFixtureServer, text, type FixtureServer } from '../support/fixture-server';
import { makeCa, makeLeaf } from '../support/openssl-certs';

const dir = mkdtempSync(join(tmpdir(), 'netsplit-kubernetes-'));
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.netsplit-test-token.c2lnbmF0dXJl';
const tokenFile = join(dir, 'token');
writeFileSync(tokenFile, `${TOKEN}\n`);
chmodSync(tokenFile, 0o600);
const resolver = new HostResolver();

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer();
  server.routes.set('/readyz?verbose', text(fixture('kubernetes', 'readyz-healthy.txt')));
  server.routes.set('/livez', text(fixture('kubernetes', 'livez.txt')));
});
afterEach(() => server.close());

const target = (over: Partial<KubernetesTarget> = {}): KubernetesTarget => ({ name: 'prod', url: new URL(server.url), tokenFile, deadlineMs: 500, ...over });
const probe = async (t: KubernetesTarget = target()): Promise<ApiServerObservation> => (await runProbe(KUBERNETES_PROBE, t, resolver)).observation;

describe('parseReadyz (the apiserver healthz format)', () => {
  it('reads every check of the documented verbose answer, excluded ones as ok', () => {
    const parsed = parseReadyz(fixture('kubernetes', 'readyz-healthy.txt'));
    expect(parsed.passed).toBe(true);
    expect(parsed.checks).toHaveLength(19);
    expect(parsed.checks.slice(0, 3)).toEqual([
      { name: 'ping', ok: true },
      { name: 'log', ok: true },
      { name: 'etcd', ok: true },
    ]);
    expect(parseReadyz('[+]ping ok\n[+]etcd excluded: ok\nreadyz check passed\n').checks).toEqual([
      { name: 'ping', ok: true },
      { name: 'etcd', ok: true },
    ]);
  });

  it('refuses a body without its closing line (cut short) and a body that is not the format', () => {
    expect(() => parseReadyz('[+]ping ok\n[+]log ok\n[+]et')).toThrow('/readyz: answer truncated (no "readyz check passed/failed" line)');
    expect(() => parseReadyz('<html>hello</html>')).toThrow('/readyz: no readyz check lines in the answer');
  });
});

describe('Kubernetes API server probe', () => {
  it('healthy: reachable, ready and live, every check ok, the token sent as a bearer token', async () => {
    const o = await probe();
    expect(o).toMatchObject({ reachable: true, ready: true, live: true });
    expect(o.failure).toBeUndefined();
    expect(o.checks.filter((c) => !c.ok)).toEqual([]);
    expect(server.requests.map((r) => r.path).sort()).toEqual(['/livez', '/readyz?verbose']);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('etcd failing: reachable (500 is an answer), not ready, the etcd check named', async () => {
    server.routes.set('/readyz?verbose', text(fixture('kubernetes', 'readyz-etcd-failed.txt'), 500));
    server.routes.set('/livez', text('[-]etcd failed: reason withheld\nlivez check failed', 500));
    const o = await probe();
    expect(o).toMatchObject({ reachable: true, ready: false, live: false });
    expect(o.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['etcd']);
  });

  it('blackholed (accepts, never answers): a timeout at the deadline, unreachable, and no connection left behind', async () => {
    server.routes.set('/readyz?verbose', { hang: true });
    server.routes.set('/livez', { hang: true });
    const o = await probe(target({ deadlineMs: 300 }));
    expect(o.reachable).toBe(false);
    expect(o.failure).toEqual({ kind: 'timeout', message: 'no answer within 300 ms' });
    // The aborted requests destroy their sockets: the server sees them close.
    await waitFor(() => server.openConnections() === 0);
    expect(server.openConnections()).toBe(0);
  });

  it('refused: nothing listens on the port', async () => {
    const closed = server.url;
    await server.close();
    const o = await probe(target({ url: new URL(closed) }));
    expect(o.reachable).toBe(false);
    expect(o.failure?.kind).toBe('refused');
    server = await startFixtureServer();
  });

  it('a malformed body (another server on the port) reads wrong_server; a truncated body reads error', async () => {
    server.routes.set('/readyz?verbose', text('Welcome to nginx!'));
    expect((await probe()).failure).toEqual({ kind: 'wrong_server', message: '/readyz: no readyz check lines in the answer', code: 'BAD_ANSWER' });
    const body = fixture('kubernetes', 'readyz-healthy.txt');
    server.routes.set('/readyz?verbose', { status: 200, contentType: 'text/plain; charset=utf-8', body, sentBytes: 100 });
    const cut = await probe();
    expect(cut.reachable).toBe(false);
    expect(cut.failure).toEqual({ kind: 'error', message: '/readyz: answer truncated (connection closed mid-body)', code: 'BAD_ANSWER' });
  });

  it('a wrong content type reads wrong_server', async () => {
    server.routes.set('/readyz?verbose', { status: 200, contentType: 'text/html', body: fixture('kubernetes', 'readyz-healthy.txt') });
    expect((await probe()).failure).toEqual({ kind: 'wrong_server', message: '/readyz: expected text/plain, got text/html', code: 'WRONG_CONTENT_TYPE' });
  });

  it('401 and 403 read auth, still reachable, and the token appears nowhere (even when the server echoes it)', async () => {
    server.routes.set('/readyz?verbose', json(fixture('kubernetes', 'status-401.json'), 401));
    const refused = await probe();
    expect(refused).toMatchObject({ reachable: true, checks: [] });
    expect(refused.failure).toEqual({ kind: 'auth', message: '/readyz: HTTP 401 ({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401})', code: 'HTTP_401' });
    server.routes.set('/readyz?verbose', json(fixture('kubernetes', 'status-403.json'), 403));
    expect((await probe()).failure?.kind).toBe('auth');
    server.routes.set('/readyz?verbose', json(`{"message":"token ${TOKEN} is not valid"}`, 401));
    const echoed = await probe();
    expect(echoed.failure?.message).toBe('/readyz: HTTP 401 ({"message":"token <redacted> is not valid"})');
    expect(JSON.stringify(echoed)).not.toContain(TOKEN);
  });

  it('a probe that fails on its first answer closes its other request at once (no connection left on a hanging /livez)', async () => {
    server.routes.set('/readyz?verbose', json(fixture('kubernetes', 'status-401.json'), 401));
    server.routes.set('/livez', { hang: true });
    const o = await probe(target({ deadlineMs: 10_000 }));
    expect(o.failure?.kind).toBe('auth');
    await waitFor(() => server.openConnections() === 0, 1000);
    expect(server.openConnections()).toBe(0);
  });

  it('an unreadable token file reads auth naming the file, and counts as not reached', async () => {
    const o = await probe(target({ tokenFile: join(dir, 'missing-token') }));
    expect(o.reachable).toBe(false);
    expect(o.failure).toEqual({ kind: 'auth', message: `cannot read the token file ${join(dir, 'missing-token')} (ENOENT)`, code: 'TOKEN_UNREADABLE' });
  });
});

describe('Kubernetes API server probe over TLS', () => {
  const ca = makeCa(dir, 'ca');
  const otherCa = makeCa(dir, 'other-ca');
  const serverCert = makeLeaf(dir, 'apiserver', ca);
  const client = makeLeaf(dir, 'client', ca);
  const material = (caFile: string, withClient: boolean): ClientTls => ({
    ca: readFileSync(caFile),
    caFile,
    ...(withClient ? { cert: readFileSync(client.cert), certFile: client.cert, key: readFileSync(client.key) } : {}),
  });
  let tlsServer: FixtureServer;
  beforeAll(async () => {
    tlsServer = await startFixtureServer({ tls: { cert: serverCert.cert, key: serverCert.key, ca: ca.cert, requestCert: true } });
    tlsServer.routes.set('/readyz?verbose', text(fixture('kubernetes', 'readyz-healthy.txt')));
    tlsServer.routes.set('/livez', text('ok'));
  });
  afterAll(() => tlsServer.close());

  it('answers with the target CA and a client certificate', async () => {
    const o = await probe(target({ url: new URL(tlsServer.url), tls: material(ca.cert, true) }));
    expect(o).toMatchObject({ reachable: true, ready: true, live: true });
  });

  it('a server certificate from another CA reads tls, naming the CA file', async () => {
    const o = await probe(target({ url: new URL(tlsServer.url), tls: material(otherCa.cert, true) }));
    expect(o.reachable).toBe(false);
    expect(o.failure).toEqual({ kind: 'tls', code: 'SELF_SIGNED_CERT_IN_CHAIN', message: `self-signed certificate in certificate chain (the server certificate is not signed by ${otherCa.cert})` });
  });

  it('no tls options against https: tls, with the key to set', async () => {
    const o = await probe(target({ url: new URL(tlsServer.url) }));
    expect(o.failure).toEqual({
      kind: 'tls',
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
      message: `self-signed certificate in certificate chain (${new URL(tlsServer.url).origin}: no tls options; set targets.kubernetes[].tls.caFile to the CA that signed the server's certificate)`,
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('controlPlaneTimeline (when this side feels the lost API server)', () => {
  it('counts down from the grace period, then the eviction timeout, never below 0', () => {
    expect(controlPlaneTimeline(0, 40_000, 300_000)).toEqual({ notReadyInMs: 40_000, evictionInMs: 340_000 });
    expect(controlPlaneTimeline(15_000, 40_000, 300_000)).toEqual({ notReadyInMs: 25_000, evictionInMs: 325_000 });
    expect(controlPlaneTimeline(100_000, 40_000, 300_000)).toEqual({ notReadyInMs: 0, evictionInMs: 240_000 });
    expect(controlPlaneTimeline(400_000, 40_000, 300_000)).toEqual({ notReadyInMs: 0, evictionInMs: 0 });
  });
});

describe('Kubernetes service: reachability, checks and the countdown at scrape time', () => {
  it('publishes the checks while reachable; once blackholed, the countdown to NotReady and eviction', async () => {
    const parsed = parseConfig(
      [
        'cluster: lab',
        'node: n1',
        'insecure: true',
        'peers: [ { name: n1, address: "10.0.0.1:9465" } ]',
        'probes: { interval: 100ms, timeout: 200ms }',
        'targets:',
        `  kubernetes: [ { name: prod, url: "${server.url}", tokenFile: ${tokenFile}, nodeMonitorGracePeriod: 2s, podEvictionTimeout: 3s } ]`,
      ].join('\n'),
      'netsplit.yaml',
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const registry = new ScrapeRegistry();
    const lines: string[] = [];
    const service = createKubernetesService({ config: parsed.config, registry, log: createLogger({}, 'info', (line) => lines.push(line)) })!;
    const value = async (name: string) => {
      const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
      return (metric?.values ?? []) as { labels: Record<string, string | number>; value: number }[];
    };
    service.start();
    try {
      await waitFor(() => server.requests.length >= 2);
      await eventually(async () => (await value('netsplit_kubernetes_apiserver_reachable'))[0]?.value === 1);
      expect((await value('netsplit_kubernetes_readyz_check_ok')).find((v) => v.labels.check === 'etcd')?.value).toBe(1);
      expect(await value('netsplit_kubernetes_node_not_ready_in_seconds')).toEqual([]);
      expect((await value('netsplit_kubernetes_node_monitor_grace_period_seconds'))[0]?.value).toBe(2);
      expect((await value('netsplit_kubernetes_pod_eviction_timeout_seconds'))[0]?.value).toBe(3);

      server.routes.set('/readyz?verbose', { hang: true });
      server.routes.set('/livez', { hang: true });
      await eventually(async () => (await value('netsplit_kubernetes_apiserver_reachable'))[0]?.value === 0);
      const text = await registry.metrics();
      const read = (name: string) => Number(new RegExp(`^${name}\\{target="prod"\\} (\\S+)$`, 'm').exec(text)?.[1]);
      const unreachable = read('netsplit_kubernetes_apiserver_unreachable_seconds');
      expect(unreachable).toBeGreaterThan(0);
      // One scrape, one clock: the countdowns and the time unreachable add up to the configured timeouts.
      expect(read('netsplit_kubernetes_node_not_ready_in_seconds') + unreachable).toBeCloseTo(2, 6);
      expect(read('netsplit_kubernetes_pod_eviction_in_seconds') + unreachable).toBeCloseTo(5, 6);
      // Unknown is absent: no readiness, liveness or check series while the API server cannot be asked.
      expect(text).not.toMatch(/^netsplit_kubernetes_(apiserver_ready|apiserver_live|readyz_check_ok)\{/m);
      expect(lines.some((l) => l.includes('"kubernetes probe failed"') && l.includes('"kind":"timeout"'))).toBe(true);
      expect(lines.join('\n')).not.toContain(TOKEN);
    } finally {
      await service.stop();
    }
  });
});

async function eventually(condition: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition()) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
}
