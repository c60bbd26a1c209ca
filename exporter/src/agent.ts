/**
 * The imperative shell around the mesh and the pure analysis: sockets, timers, HTTP, metrics and
 * logs. Data flows one way: heartbeats and peer views → mesh → analyze() → metrics / view / logs.
 */
import { createSocket, type Socket } from 'node:dgram';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { analyze } from './analysis';
import type { NodeName, Role, Verdict } from './analysis/types';
import type { HostPort } from './config/address';
import type { Config } from './config/load';
import type { Logger } from './log';
import { Mesh, type LinkEvent } from './mesh/mesh';
import { MAX_SKEW_MS, viewAuthorization, type ResponseKey } from './mesh/view-auth';
import { NonceCache } from './mesh/nonce-cache';
import { pullView } from './mesh/view-puller';
import { createMetrics, type Metrics } from './metrics/registry';
import { publishLinks, publishVerdict } from './metrics/publish';
import { createLogService } from './logs/log-service';
import { PROBE_SERVICES } from './probes';
import { mergeProbeFacts } from './probes/merge-facts';
import type { ProbeFacts, ProbeService } from './probes/service';
import { createApp } from './server/app';
import { limitConnections, SHED_REASONS, type ConnectionGuard } from './server/connection-limit';
import { startWebServer, type WebServer } from './server/web-server';
import type { WebConfig } from './server/web-config';
import { VERSION } from './version';

export interface RunningAgent {
  metrics: Metrics;
  /** Renders /metrics exactly as served. */
  scrape(): Promise<string>;
  mesh: Mesh;
  /** Resolves once sockets are closed. */
  stop(): Promise<void>;
  httpAddress(): HostPort;
}

const monotonic = () => performance.now();

export async function startAgent(config: Config, log: Logger): Promise<RunningAgent> {
  const intervalMs = config.heartbeat.intervalMs;
  const startedAt = monotonic();
  const metrics = createMetrics(config.cluster, config.node);
  metrics.buildInfo.set({ version: VERSION }, 1);
  metrics.splitBrain.set(0);
  const mesh = new Mesh({
    cluster: config.cluster,
    self: config.node,
    members: config.peers.map((p) => p.name),
    secret: config.secret,
    damping: { intervalMs, downAfter: config.heartbeat.downAfter, upAfter: config.heartbeat.upAfter },
    maxAgeMs: config.views.maxAgeMs,
    epoch: Date.now(),
    startedAt,
    // Resolved lazily: a peer named by host name is checked once its name has resolved.
    sourceOf: config.heartbeat.checkSource ? (member) => sourceOf(member) : undefined,
    ...(config.keys === undefined ? {} : { keys: config.keys }),
    onRowRejected: (reason) => metrics.viewRowsRejected.inc({ reason }),
  });
  for (const peer of config.peers) metrics.nodeMaintenance.set({ member: peer.name }, config.maintenance.includes(peer.name) ? 1 : 0);
  const peers = config.peers.filter((p) => p.name !== config.node);
  const addresses = new AddressBook(log);
  const peerByName = new Map(peers.map((p) => [p.name, p]));
  function sourceOf(member: NodeName): HostPort | undefined {
    const peer = peerByName.get(member);
    const host = peer === undefined ? undefined : addresses.resolved(peer.address.host);
    return host === undefined ? undefined : { host, port: peer!.address.port };
  }

  let verdict: Verdict | undefined;
  let stopping: Promise<void> | undefined;
  let lastRole: Role | undefined;
  let lastSplitBrain = '[]';
  let pullRoundsDone = 0;
  let lastEvaluation = -Infinity;
  const readyAfter = startedAt + (config.heartbeat.downAfter + 1) * intervalMs;
  const isReady = () => monotonic() >= readyAfter && (peers.length === 0 || pullRoundsDone > 0);

  // --- heartbeats in ---
  const udp: Socket = createSocket({ type: isIP(config.listen.host) === 6 ? 'udp6' : 'udp4', reuseAddr: false });
  udp.on('message', (datagram, from) => {
    const admission = mesh.receive(datagram, monotonic(), Date.now(), from);
    if (!admission.ok) {
      metrics.heartbeatRejected.inc({ reason: admission.reason });
      return;
    }
    metrics.heartbeatsReceived.inc({ source: admission.sender });
    if (admission.transition) onLinkEvents([{ source: admission.sender, transition: admission.transition }]);
  });
  // Failed sends (e.g. EHOSTUNREACH while a route is gone) land here; at most one line per 10 s.
  let lastSocketErrorLog = -Infinity;
  udp.on('error', (error) => {
    if (monotonic() - lastSocketErrorLog < 10_000) return;
    lastSocketErrorLog = monotonic();
    log.warn('heartbeat socket error', { error: error.message });
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(config.heartbeat.port, config.listen.host, () => {
      udp.off('error', reject);
      resolve();
    });
  });

  function onLinkEvents(events: LinkEvent[]): void {
    for (const { source, transition } of events) {
      metrics.linkTransitions.inc({ source, target: config.node });
      log.info('link', { source, target: config.node, state: transition.to, previous: transition.from });
    }
    evaluate();
  }

  // --- heartbeats out ---
  const sendTimer = setInterval(() => {
    const wallNow = Date.now();
    let sent = 0;
    for (const peer of peers) {
      const host = addresses.resolved(peer.address.host);
      if (host === undefined) continue;
      // One datagram per peer: it names its recipient (a relayed copy proves nothing elsewhere).
      const datagram = mesh.nextHeartbeat(peer.name, wallNow);
      // No per-datagram callback: send errors surface on the socket's 'error' handler.
      udp.send(datagram, peer.address.port, host);
      sent++;
    }
    metrics.heartbeatsSent.inc(sent);
  }, intervalMs);

  // --- evaluation: damping, own row, verdict ---
  function evaluate(): void {
    const now = monotonic();
    lastEvaluation = now;
    mesh.refreshOwnRow(now);
    mesh.takeChanged();
    const ready = isReady();
    // No N² link list: /metrics publishes inbound links from the trackers, and the view carries rows.
    verdict = ready ? analyze({ ...mesh.clusterView(now), ...probeFacts() }, { includeLinks: false }) : undefined;
    if (verdict && verdict.role !== lastRole) {
      if (lastRole !== undefined) metrics.roleTransitions.inc();
      log.info('role', { role: verdict.role, previous: lastRole ?? null, degradation: verdict.degradation, contacts: verdict.contacts, unreachable: verdict.unreachable });
      lastRole = verdict.role;
    }
    const splitBrain = JSON.stringify(verdict?.splitBrain ?? []);
    if (verdict && splitBrain !== lastSplitBrain) {
      if (verdict.splitBrain?.length) log.error('split brain', { splitBrain: verdict.splitBrain });
      else if (lastSplitBrain !== '[]') log.info('split brain over');
      lastSplitBrain = splitBrain;
    }
  }
  // Damping is checked five times per interval so a silent link is declared down promptly; the
  // verdict is recomputed only when an input changed, and at least once per interval (ages).
  // Deferred with setImmediate so that datagrams already waiting in the socket are read first:
  // after a stall of this process (GC, CPU starvation) timers run before I/O, and a link would
  // be declared down for a silence that was ours, not the network's.
  const evaluateTimer = setInterval(() => setImmediate(evaluationTick), Math.max(20, Math.round(intervalMs / 5)));
  function evaluationTick(): void {
    if (stopping !== undefined) return;
    const now = monotonic();
    const events = mesh.tick(now);
    if (events.length > 0) onLinkEvents(events);
    else if (mesh.takeChanged() || now - lastEvaluation >= intervalMs || (verdict === undefined && isReady())) evaluate();
  }

  // --- views: pull from the peers we hear, freshest-needed first ---
  /** How a peer's response must be signed: by its own key when per-node keys are configured. */
  function responseKeyOf(peer: NodeName): ResponseKey {
    const key = config.keys?.publicKeys.get(peer);
    return key === undefined ? { kind: 'hmac', secret: config.secret } : { kind: 'ed25519', key };
  }
  // Over https when this agent serves TLS (every agent of a cluster is set up alike): peers are
  // verified against client_ca_file, the cluster's CA, and shown this agent's own certificate.
  // Assigned once the server listens; pulls that start earlier (a slow start) go over plain http.
  let web: WebServer | undefined = undefined;
  let client: { tls: WebConfig['tls']; agent: HttpAgent } = { tls: undefined, agent: new HttpAgent({ keepAlive: true, maxSockets: 2 }) };
  function viewClient(): { agent: HttpAgent; secure: boolean } {
    const tls = web?.current()?.tls;
    if (tls !== client.tls) {
      client.agent.destroy();
      client = { tls, agent: tls === undefined ? new HttpAgent({ keepAlive: true, maxSockets: 2 }) : new HttpsAgent({ keepAlive: true, maxSockets: 2, cert: tls.cert, key: tls.key, ...(tls.ca === undefined ? {} : { ca: tls.ca }), minVersion: tls.minVersion }) };
    }
    return { agent: client.agent, secure: tls !== undefined };
  }
  const inFlight = new Set<NodeName>();
  const pullTimer = setInterval(() => void pullRound(), intervalMs);
  async function pullRound(): Promise<void> {
    const candidates = peers
      .filter((p) => !inFlight.has(p.name) && mesh.tracker(p.name)?.state === 'up')
      .sort((a, b) => (mesh.rowOf(a.name)?.bornAt ?? -Infinity) - (mesh.rowOf(b.name)?.bornAt ?? -Infinity))
      .slice(0, config.views.fanout);
    await Promise.all(
      candidates.map(async (peer) => {
        const host = addresses.resolved(peer.address.host);
        if (host === undefined) return;
        inFlight.add(peer.name);
        try {
          const result = await pullView({
            address: { host, port: peer.address.port },
            authorization: viewAuthorization(config.secret, config.cluster, config.node, Date.now()),
            cluster: config.cluster,
            requester: config.node,
            server: peer.name,
            responseKey: responseKeyOf(peer.name),
            timeoutMs: config.views.timeoutMs,
            ...viewClient(),
          });
          const labels = { source: config.node, target: peer.name };
          if (result.ok) {
            mesh.mergeView(result.view, monotonic(), Date.now());
            metrics.linkRtt.set(labels, result.rttSeconds);
            metrics.viewPulls.inc({ peer: peer.name, result: 'ok' });
          } else {
            metrics.linkRtt.set(labels, Number.NaN);
            metrics.viewPulls.inc({ peer: peer.name, result: result.result });
            if (result.result === 'rejected') metrics.viewRejected.inc({ reason: result.reason });
            log.debug('view pull failed', { peer: peer.name, result: result.result, detail: result.detail });
          }
        } finally {
          inFlight.delete(peer.name);
        }
      }),
    );
    pullRoundsDone++;
  }

  // --- probes: one service per configured family ---
  const services = Object.values(PROBE_SERVICES)
    .map((create) => create({ config, registry: metrics.registry, metrics, log, verdict: () => verdict, clusterView: () => mesh.clusterView(monotonic()) }))
    .filter((service): service is ProbeService => service !== undefined);
  for (const service of services) service.start();
  // Log files are followed beside the probes, not as one: they feed counters, not the verdict.
  const logFollower = createLogService({ config, registry: metrics.registry, log });
  logFollower?.start();
  const probeFacts = (): ProbeFacts => mergeProbeFacts(services.map((service) => service.facts()));

  // Assigned once the server listens; scrape() (defined before) reads it.
  // eslint-disable-next-line prefer-const
  let connections: ConnectionGuard | undefined;
  for (const reason of SHED_REASONS) metrics.httpConnectionsShed.inc({ reason }, 0);
  /** Gauges are filled when scraped, not on every evaluation: the hot loop stays free of them. */
  function scrape(): Promise<string> {
    const now = monotonic();
    metrics.httpConnections.set(connections?.open() ?? 0);
    publishLinks(metrics, mesh);
    const ages = new Map<NodeName, number>();
    for (const origin of mesh.members) {
      const row = mesh.rowOf(origin);
      if (row) ages.set(origin, now - row.bornAt);
    }
    publishVerdict(metrics, verdict, ages);
    return metrics.registry.metrics();
  }

  // --- HTTP ---
  const app = createApp({
    scrape,
    contentType: metrics.registry.contentType,
    isReady,
    view: () => mesh.wireView(monotonic(), isReady(), verdict ?? null),
    secret: config.secret,
    cluster: config.cluster,
    insecure: config.insecure,
    onRejected: (reason) => metrics.viewRejected.inc({ reason }),
    onError: (error, path) => log.error('http request failed', { path: path ?? null, error: error.message }),
    self: config.node,
    responseKey: config.keys === undefined ? { kind: 'hmac', secret: config.secret } : { kind: 'ed25519', key: config.keys.privateKey },
    // A header is valid MAX_SKEW_MS either side of its time: remember its nonce that long.
    nonces: new NonceCache(2 * MAX_SKEW_MS),
  });
  const webServer = await startWebServer(app, config.listen, config.webConfigFile, log).catch(async (error: unknown) => {
    // The port is taken (e.g. by a SIGHUP reload's new listen): release what already runs, or
    // the timers and the UDP socket would outlive this failed start.
    for (const timer of [sendTimer, evaluateTimer, pullTimer]) clearInterval(timer);
    client.agent.destroy();
    await Promise.all([...services.map((service) => service.stop()), new Promise<void>((resolve) => udp.close(() => resolve()))]);
    throw error;
  });
  web = webServer;
  const server = webServer.server;
  connections = limitConnections(server, config.http, (reason) => metrics.httpConnectionsShed.inc({ reason }));
  server.keepAliveTimeout = 65_000;

  addresses.track(peers.map((p) => p.address.host));
  evaluate();
  log.info('started', { version: VERSION, listen: `${config.listen.host}:${config.listen.port}`, peers: peers.length, intervalMs, insecure: config.insecure, signedRows: config.keys !== undefined, tls: webServer.current()?.tls !== undefined });
  if (config.keys === undefined && !config.insecure) log.warn('rows are not signed per node: any member holding the shared secret can forge any row; set keyFile and peers[].publicKey (docs/security.md)');

  return {
    metrics,
    mesh,
    scrape,
    httpAddress: () => {
      const address = server.address();
      return typeof address === 'object' && address ? { host: address.address, port: address.port } : config.listen;
    },
    stop: () => (stopping ??= shutdown()),
  };

  async function shutdown(): Promise<void> {
    for (const timer of [sendTimer, evaluateTimer, pullTimer]) clearInterval(timer);
    addresses.stop();
    client.agent.destroy();
    await Promise.all([
      ...services.map((service) => service.stop()),
      logFollower?.stop(),
      new Promise<void>((resolve) => udp.close(() => resolve())),
      webServer.close(),
    ]);
  }
}

/**
 * Peer addresses may be host names (a Kubernetes StatefulSet's stable DNS names). They are
 * resolved in the background every 30 s so that no send or pull ever waits on DNS.
 */
class AddressBook {
  private readonly cache = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly log: Logger) {}

  resolved(host: string): string | undefined {
    return isIP(host) ? host : this.cache.get(host);
  }

  track(hosts: readonly string[]): void {
    const names = [...new Set(hosts.filter((h) => !isIP(h)))];
    if (names.length === 0) return;
    const refresh = () =>
      void Promise.all(
        names.map(async (name) => {
          try {
            this.cache.set(name, (await lookup(name)).address);
          } catch (error) {
            this.log.warn('cannot resolve peer address', { host: name, error: (error as Error).message });
          }
        }),
      );
    refresh();
    this.timer = setInterval(refresh, 30_000);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
