/**
 * The agent: wires the mesh and the pure analysis to sockets, timers, HTTP, metrics and logs.
 * Data flows one way: heartbeats and peer views → mesh → evaluator (analyze) → verdict →
 * /metrics, the view served to peers, probes and logs. Each part lives in its own file here; this
 * one only starts them in order and stops them.
 */
import { isIP } from 'node:net';
import type { HostPort } from '../config/address';
import type { Config } from '../config/load';
import type { Logger } from '../log';
import { createLogService } from '../logs/log-service';
import { Mesh } from '../mesh/mesh';
import { MAX_SKEW_MS } from '../mesh/view-auth';
import { NonceCache } from '../mesh/nonce-cache';
import { createMetrics, type Metrics } from '../metrics/registry';
import { PROBE_SERVICES } from '../probes';
import { mergeProbeFacts } from '../probes/merge-facts';
import type { ProbeService } from '../probes/service';
import { createApp } from '../server/app';
import { limitConnections, type ConnectionGuard } from '../server/connection-limit';
import { startWebServer, type WebServer } from '../server/web-server';
import { VERSION } from '../version';
import { ModeState } from '../mode/mode-state';
import { modeRouter } from '../mode/mode-routes';
import { startModeListener } from '../mode/mode-listener';
import { createNodeLabeller, type NodeLabeller } from '../mode/node-labeller';
import { ROUTING_METRICS } from '../contract/metrics';
import { declareFamily } from '../metrics/declare';
import { inClusterAccess, kubeconfigAccess } from '../discovery/kube-access';
import { AddressBook } from './address-book';
import { monotonic } from './clock';
import { startEvaluator } from './evaluator';
import { startHeartbeatTransport } from './heartbeat-transport';
import { publishAtScrape } from './scrape-publisher';
import { startViewPullLoop } from './view-pull-loop';
import { createMembershipKeeper } from './membership-keeper';
import { prepareDiscovery } from './discovery';

export interface RunningAgent {
  metrics: Metrics;
  /** Renders /metrics exactly as served. */
  scrape(): Promise<string>;
  mesh: Mesh;
  /** Resolves once sockets are closed. */
  stop(): Promise<void>;
  httpAddress(): HostPort;
}

export async function startAgent(config: Config, log: Logger): Promise<RunningAgent> {
  // First, so that a source that cannot work fails the start before any socket is bound.
  const discoverySource = prepareDiscovery(config);
  const startedAt = monotonic();
  const metrics = createMetrics(config.cluster, config.node);
  const mesh = new Mesh({
    cluster: config.cluster,
    self: config.node,
    members: [config.node, ...config.peers.map((p) => p.name)],
    secret: config.secret,
    damping: { intervalMs: config.heartbeat.intervalMs, downAfter: config.heartbeat.downAfter, upAfter: config.heartbeat.upAfter },
    maxAgeMs: config.views.maxAgeMs,
    epoch: Date.now(),
    startedAt,
    // Resolved lazily: a peer named by host name is checked once its name has resolved.
    sourceOf: config.heartbeat.checkSource ? (member) => sourceOf(member) : undefined,
    ...(config.keys === undefined ? {} : { keys: config.keys }),
    onRowRejected: (reason) => metrics.viewRowsRejected.inc({ reason }),
  });
  const membership = createMembershipKeeper(config, mesh, metrics, log);
  const peers = () => membership.peers();
  const addresses = new AddressBook(log);
  const staticPeers = new Map(config.peers.filter((p) => p.name !== config.node).map((p) => [p.name, p]));
  /** A static peer at an IP address has that source for good: made once here, not per heartbeat. */
  const fixedSources = new Map([...staticPeers].flatMap(([name, p]) => (isIP(p.address.host) === 0 ? [] : [[name, { host: p.address.host, port: p.address.port }] as const])));
  function sourceOf(member: string): HostPort | undefined {
    const fixed = fixedSources.get(member);
    if (fixed !== undefined) return fixed;
    const peer = staticPeers.get(member);
    if (peer === undefined) return membership.discoveredSource(member);
    const host = addresses.resolved(peer.address.host);
    return host === undefined ? undefined : { host, port: peer.address.port };
  }

  // Late-bound parts: the transport needs the evaluator's link handler, the evaluator the
  // puller's readiness and the probes' facts, the puller the web server's TLS.
  const late: { web?: WebServer; connections?: ConnectionGuard; modeServer?: WebServer } = {};
  const mode = new ModeState({ cluster: config.cluster, node: config.node }, { wall: Date.now, monotonic });
  const labeller = config.routing.nodeLabels ? startNodeLabeller(config, mesh, metrics, log) : undefined;
  const services: ProbeService[] = [];

  const transport = await startHeartbeatTransport({ config, mesh, metrics, log, addresses, peers, membership, onLinkEvents: (events) => evaluator.onLinkEvents(events), takesPushedRows: (peer) => puller.speaksDelta(peer) });
  const puller = startViewPullLoop({ config, mesh, metrics, log, addresses, peers, membership, serverTls: () => late.web?.current()?.tls });
  const evaluator = startEvaluator({
    config,
    mesh,
    metrics,
    log,
    startedAt,
    // With discovery, peers may show up after start: wait for one view round as with static peers.
    hasPeers: config.peers.some((p) => p.name !== config.node) || config.discovery !== undefined,
    pulledOnce: () => puller.pulledOnce(),
    membershipSettled: () => membership.settled(),
    probeFacts: () => mergeProbeFacts(services.map((service) => service.facts())),
    // A link came up: peers get the own row now, not at their next pull of us, so a heal is seen
    // one pull sooner. A link that went down is not pushed: pushed at once, an agent starved of
    // CPU for a moment (all its links silent) made every other agent change role with it
    // (bench:lab --stress: 47 role changes a minute against 12 without pushes). Instead this
    // agent pulls its peers' rows a tick later: that changes only what it knows itself.
    onLinkChanges: (cameUp) => {
      if (cameUp) transport.pushOwnRow();
      else puller.pullSoon();
    },
    onEvaluated: (verdict) => {
      mode.update(verdict);
      labeller?.update(verdict);
    },
  });
  for (const create of Object.values(PROBE_SERVICES)) {
    const service = create({ config, registry: metrics.registry, log, verdict: evaluator.verdict, clusterView: () => mesh.clusterView(monotonic()) });
    if (service !== undefined) services.push(service);
  }
  for (const service of services) service.start();
  // Log files are followed beside the probes, not as one: they feed counters, not the verdict.
  const logFollower = createLogService({ config, registry: metrics.registry, log });
  logFollower?.start();
  const stopPublishing = publishAtScrape({ metrics, mesh, verdict: evaluator.verdict, openConnections: () => late.connections?.open() ?? 0, membership: () => membership.snapshot(), discovery: config.discovery?.kind, linkSeries: config.metrics.links });
  // Joining members count and vanished ones go by time and two-way contact, checked once per interval.
  const membershipTimer = setInterval(() => membership.tick(mesh.twoWayContacts(monotonic())), config.heartbeat.intervalMs);
  const discovery = discoverySource?.start(membership, metrics, log);
  const scrape = () => metrics.registry.metrics();

  const stopParts = async () => {
    discovery?.stop();
    clearInterval(membershipTimer);
    stopPublishing();
    evaluator.stop();
    puller.stop();
    addresses.stop();
    await Promise.all([...services.map((service) => service.stop()), logFollower?.stop(), transport.close(), late.modeServer?.close()]);
  };

  const app = createApp({
    scrape,
    contentType: metrics.registry.contentType,
    isReady: evaluator.isReady,
    view: () => mesh.wireView(monotonic(), evaluator.isReady(), evaluator.verdict() ?? null),
    delta: (since) => mesh.deltaView(since, monotonic(), evaluator.isReady()),
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
  const modeRoutes = modeRouter(mode, config.mode.keepaliveMs);
  app.use(modeRoutes.routes()).use(modeRoutes.allowedMethods());
  const webServer = await startWebServer(app, config.listen, config.webConfigFile, log).catch(async (error: unknown) => {
    // The port is taken (e.g. by a SIGHUP reload's new listen): release what already runs, or
    // the timers and the UDP socket would outlive this failed start.
    await stopParts();
    throw error;
  });
  late.web = webServer;
  if (config.mode.listen !== undefined) {
    late.modeServer = await startModeListener(mode, { listen: config.mode.listen, keepaliveMs: config.mode.keepaliveMs, webConfigFile: config.webConfigFile, log }).catch(async (error: unknown) => {
      await Promise.all([stopParts(), webServer.close()]);
      throw error;
    });
  }
  const server = webServer.server;
  late.connections = limitConnections(server, config.http, (reason) => metrics.httpConnectionsShed.inc({ reason }));
  server.keepAliveTimeout = 65_000;

  // Host names come from static peers only: discovered members are addressed by IP.
  addresses.track([...staticPeers.values()].map((p) => p.address.host));
  log.info('started', {
    version: VERSION,
    listen: `${config.listen.host}:${config.listen.port}`,
    peers: config.peers.filter((p) => p.name !== config.node).length,
    discovery: config.discovery?.kind ?? null,
    intervalMs: config.heartbeat.intervalMs,
    insecure: config.insecure,
    signedRows: config.keys !== undefined,
    tls: webServer.current()?.tls !== undefined,
  });
  if (config.keys === undefined && !config.insecure) log.warn('rows are not signed per node: any member holding the shared secret can forge any row; set keyFile and peers[].publicKey (docs/security.md)');

  let stopping: Promise<void> | undefined;
  return {
    metrics,
    mesh,
    scrape,
    httpAddress: () => {
      const address = server.address();
      return typeof address === 'object' && address ? { host: address.address, port: address.port } : config.listen;
    },
    stop: () => (stopping ??= Promise.all([stopParts(), webServer.close()]).then(() => undefined)),
  };
}

/** The routing labeller: Kubernetes access from the config (a kubeconfig, or the pod's service account). */
function startNodeLabeller(config: Config, mesh: Mesh, metrics: Metrics, log: Logger): NodeLabeller {
  const access = config.routing.kubeconfig === undefined ? inClusterAccess(process.env) : kubeconfigAccess(config.routing.kubeconfig);
  if (typeof access === 'string') throw new Error(`routing.nodeLabels: ${access}`);
  const { labelWriter, labelWrites } = declareFamily(metrics.registry, ROUTING_METRICS);
  labelWrites.inc({ result: 'ok' }, 0);
  labelWrites.inc({ result: 'error' }, 0);
  return createNodeLabeller({ access, members: () => mesh.members, log, writes: labelWrites, writer: labelWriter, settleMs: config.views.maxAgeMs });
}
