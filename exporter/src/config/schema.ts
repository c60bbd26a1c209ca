/**
 * The config file's schema (docs/configuration.md). Unknown keys are errors; every refinement
 * carries the fix in its message because these messages are what a user sees.
 */
import { z } from 'zod';
import { parseDuration } from './duration';
import { formatHostPort, parseHostPort, parseListen, type HostPort, type Listen } from './address';
import { PATTERN_SYSTEMS } from '../patterns/types';

export const DEFAULT_PORT = 9465;
/**
 * The largest membership accepted. analyze() is measured to 1000 nodes (docs/benchmarks.md);
 * 10,000 peers took 106 % of a core and 1.5 s per scrape. Raise it only with measurements.
 */
export const MAX_PEERS = 1000;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const name = (what: string) =>
  // The message follows the key's path (`cluster: use …`), so it does not repeat the key.
  z.string({ required_error: `${what} is required` }).regex(NAME, 'use 1-63 characters from A-Z a-z 0-9 . _ - (starting with a letter or digit)');

const duration = (min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${text}" is not a duration: write e.g. 500ms, 2s, 1m` });
      return z.NEVER;
    }
    if (ms < min || ms > max) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${text} is out of range: use ${min}ms to ${max / 1000}s` });
      return z.NEVER;
    }
    return ms;
  });

const hostPort = (defaultPort?: number) =>
  z.string().transform((text, ctx): HostPort => {
    const parsed = parseHostPort(text, defaultPort);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed });
      return z.NEVER;
    }
    return parsed;
  });

const listener = () =>
  z.string().transform((text, ctx): Listen => {
    const parsed = parseListen(text);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${parsed}: write host:port (e.g. 127.0.0.1:9467) or unix:/run/netsplit/mode.sock` });
      return z.NEVER;
    }
    return parsed;
  });

/**
 * The local partition-mode API for applications (docs/api.md § Partition mode). It is always
 * served on the main listener; `listen` adds a dedicated one (loopback or a Unix socket) so that
 * applications need not reach the port peers and Prometheus use.
 */
const mode = z
  .object({
    listen: listener().optional(),
    keepalive: duration(100, 60_000).default('5s'),
  })
  .strict();

/**
 * Opt-in partition labels on Node objects (docs/applications.md § Routing to the majority):
 * the Kubernetes API through the pod's service account, or a kubeconfig.
 */
const routing = z
  .object({
    nodeLabels: z.boolean().default(false),
    kubeconfig: z.string().min(1).optional(),
  })
  .strict();

const url = (schemes: readonly string[]) =>
  z.string().refine(
    (text) => {
      try {
        return schemes.includes(new URL(text).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { message: `expected a URL with scheme ${schemes.join(' or ')}, e.g. ${schemes[0]}://10.0.0.1` },
  );

const heartbeat = z
  .object({
    port: z.number().int().min(1).max(65535).optional(),
    interval: duration(50, 60_000).default('500ms'),
    downAfter: z.number().int().min(1).max(100).default(3),
    upAfter: z.number().int().min(1).max(100).default(2),
    /** Drop heartbeats whose source address is not the sender's configured address (off behind NAT). */
    checkSource: z.boolean().default(true),
  })
  .strict();

const views = z
  .object({
    /** Peers whose view is pulled per round (the ones heard longest ago first). */
    /** Peers pulled per interval; default by membership (pull-partners.ts defaultFanout). */
    fanout: z.number().int().min(1).max(64).optional(),
    /** Rows older than this are dropped. Default: (downAfter + upAfter + 3) heartbeat intervals. */
    maxAge: duration(100, 600_000).optional(),
    /** Deadline of one view request. Default: one heartbeat interval, at least 200ms. */
    timeout: duration(20, 60_000).optional(),
  })
  .strict();

const probes = z
  .object({
    interval: duration(100, 600_000).default('2s'),
    timeout: duration(10, 60_000).default('1s'),
  })
  .strict();

/** Limits of the HTTP server (server/connection-limit.ts): a connection flood must not starve /metrics. */
const http = z
  .object({
    /** Open connections at most; at the cap the connection idle longest is closed for a newcomer. */
    maxConnections: z.number().int().min(8).max(65_536).default(512),
    /** A connection's first request, and any request's headers, must arrive within this. */
    requestTimeout: duration(100, 300_000).default('10s'),
  })
  .strict();

/**
 * Which per-link series /metrics carries (docs/metrics.md § Series budget): every link (`all`,
 * about 3·N series per agent, 3·N² per cluster), only links that are not up (`down`), or none.
 * `auto` is `all` up to AUTO_DOWN_ABOVE members and `down` above.
 */
export const LINK_SERIES_MODES = ['auto', 'all', 'down', 'none'] as const;
export const AUTO_DOWN_ABOVE = 100;
const metricsSection = z
  .object({
    links: z.enum(LINK_SERIES_MODES, { errorMap: () => ({ message: `use one of ${LINK_SERIES_MODES.join(', ')}` }) }).default('auto'),
  })
  .strict();

/** DNS discovery: every A/AAAA record of `name` is a peer address, re-resolved every `refresh`. */
const dnsDiscovery = z
  .object({
    name: z.string({ required_error: 'name is required: the DNS name whose A/AAAA records are the agents (e.g. a headless Service)' }).regex(/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9.])?$/, 'use a DNS name, e.g. netsplit.monitoring.svc.cluster.local'),
    /** The agents' port (heartbeats and views); default: the port of listen. */
    port: z.number().int().min(1).max(65535).optional(),
    refresh: duration(1000, 3_600_000).default('10s'),
    /** A resolver to ask instead of the system's (host:port, port 53 by default). */
    server: hostPort(53).optional(),
  })
  .strict();

/** Kubernetes discovery: the Node objects of the API server, one list + watch per agent. */
const kubernetesDiscovery = z
  .object({
    /** A kubeconfig file; without it the in-cluster service account is used. */
    kubeconfig: z.string().min(1).optional(),
    labelSelector: z.string().min(1).max(1024).optional(),
    fieldSelector: z.string().min(1).max(1024).optional(),
    /** The agents' port; default: the port of listen. */
    port: z.number().int().min(1).max(65535).optional(),
    /** A full list again at about this period (jittered ±25 %), besides the watch. */
    relist: duration(10_000, 86_400_000).default('1h'),
  })
  .strict();

const discovery = z
  .object({ dns: dnsDiscovery.optional(), kubernetes: kubernetesDiscovery.optional() })
  .strict()
  .refine((d) => (d.dns === undefined) !== (d.kubernetes === undefined), { message: 'set exactly one of dns or kubernetes' });

/** How long members gone from discovery are kept (docs/membership.md). */
const membership = z
  .object({
    removeAfter: duration(1000, 7 * 86_400_000).default('10m'),
    leaveAfter: duration(1000, 3_600_000).default('30s'),
  })
  .strict();

/**
 * A zone, spelled like a Kubernetes label value (what `topology.kubernetes.io/zone` holds), so a
 * static peer's zone and a discovered node's zone compare as equals and fit a Prometheus label.
 */
const ZONE = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

const peer = z
  .object({
    name: name('name'),
    address: hostPort(DEFAULT_PORT),
    /** The member's zone (e.g. eu-west-1a): netsplit_member_info, netsplit_zone_reachable, netsplit_zone_links_up_ratio. */
    zone: z
      .string()
      .refine(
        (zone) => ZONE.test(zone),
        (zone) => ({ message: `${JSON.stringify(zone.length > 70 ? `${zone.slice(0, 60)}…` : zone)} is not a zone: use 1-63 characters from A-Z a-z 0-9 . _ - that begin and end with a letter or digit, as in a Kubernetes label value (e.g. eu-west-1a); leave zone out when the member has none` }),
      )
      .optional(),
    /** The member's Ed25519 public key (43 base64url characters, printed by --gen-key): verifies its rows and view responses. */
    publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'publicKey: expected an Ed25519 public key, 43 base64url characters as printed by netsplit-exporter --gen-key').optional(),
  })
  .strict();

/**
 * Client TLS for a target: the CA that signed the servers' certificates, a client
 * certificate when the server asks for one, and the name to verify when the address is not in
 * the certificate. Verification is always on (PostgreSQL's verify-full).
 */
const clientTls = z
  .object({
    caFile: z.string().min(1, "caFile: the CA that signed the servers' certificates"),
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    serverName: z.string().min(1).optional(),
  })
  .strict()
  .refine((t) => (t.certFile === undefined) === (t.keyFile === undefined), { message: 'certFile and keyFile go together: the client certificate and its key', path: ['certFile'] });

const tcpTarget = z.object({ name: name('name'), address: hostPort(), timeout: duration(10, 60_000).optional() }).strict();
const etcdTarget = z
  .object({
    name: name('name'),
    endpoints: z.array(url(['http', 'https'])).min(1, 'list at least one endpoint'),
    /** Optional map from etcd member name to netsplit node name, when addresses do not tell. */
    members: z.record(z.string(), z.string()).optional(),
    /** Client TLS (https endpoints): the CA of etcd's server certificates, and a client certificate for --client-cert-auth. */
    tls: clientTls.optional(),
  })
  .strict();
/**
 * The Kubernetes API server as this node sees it (/readyz?verbose, /livez). In a pod, `inCluster`
 * takes the URL from KUBERNETES_SERVICE_HOST/PORT and the token and CA from the service account's
 * mounted files. The two controller timeouts are the cluster's kube-controller-manager settings:
 * they turn "unreachable since" into "NotReady at" and "evicted at" (docs/configuration.md).
 */
const kubernetesTarget = z
  .object({
    name: name('name'),
    url: url(['https', 'http']).optional(),
    inCluster: z.boolean().default(false),
    /** A bearer token (service-account token); read at every probe, so a rotated token is picked up. */
    tokenFile: z.string().min(1).optional(),
    tls: clientTls.optional(),
    timeout: duration(10, 60_000).optional(),
    /** kube-controller-manager --node-monitor-grace-period: 40s through Kubernetes 1.31, 50s from 1.32. */
    nodeMonitorGracePeriod: duration(1000, 3_600_000).default('40s'),
    /** How long pods stay on a NotReady node before eviction (--default-unreachable-toleration-seconds; formerly --pod-eviction-timeout). */
    podEvictionTimeout: duration(0, 86_400_000).default('5m'),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (!t.inCluster && t.url === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['url'], message: 'required unless inCluster: true: the API server, e.g. https://10.0.0.9:6443' });
  });
/** Consul servers: every server is asked on its own (per-server truth, like etcd's endpoints). */
const consulTarget = z
  .object({
    name: name('name'),
    servers: z.array(url(['http', 'https'])).min(1, 'list every Consul server agent, e.g. http://10.0.0.1:8500'),
    /** An ACL token with operator:read and node:read, sent as X-Consul-Token; never logged. */
    tokenFile: z.string().min(1).optional(),
    tls: clientTls.optional(),
    timeout: duration(10, 60_000).optional(),
    /** Optional map from server host to netsplit node name, when addresses do not tell. */
    nodes: z.record(z.string(), z.string()).optional(),
  })
  .strict();
/** One Envoy proxy's admin API; its upstream hosts are placed on nodes by address. */
const envoyTarget = z
  .object({
    name: name('name'),
    admin: url(['http', 'https']),
    tls: clientTls.optional(),
    timeout: duration(10, 60_000).optional(),
    /** Optional map from upstream host address to netsplit node name, when addresses do not tell. */
    nodes: z.record(z.string(), z.string()).optional(),
  })
  .strict();
/** A log file to follow for catalog patterns: the runbook's "PATTERN / LOCATION" lines. */
const logFile = z
  .object({
    path: z.string().min(1, 'path: the log file to follow, e.g. /var/log/etcd/etcd.log'),
    system: z.enum(PATTERN_SYSTEMS),
    /** Optional: the target the file belongs to (documentation for the reader; not a label). */
    target: name('target').optional(),
  })
  .strict();
const replicated = (schemes: readonly string[]) =>
  z
    .object({
      name: name('name'),
      primary: url(schemes),
      replicas: z.array(url(schemes)).default([]),
      /** Optional map from instance URL host to netsplit node name, when addresses do not tell. */
      nodes: z.record(z.string(), z.string()).optional(),
      /** The password for every URL of the target that has none (not inline in the config). */
      passwordFile: z.string().min(1).optional(),
      tls: clientTls.optional(),
    })
    .strict();

export const configSchema = z
  .object({
    cluster: name('cluster'),
    node: name('node'),
    listen: hostPort().default(`0.0.0.0:${DEFAULT_PORT}`),
    heartbeat: heartbeat.default({}),
    views: views.default({}),
    probes: probes.default({}),
    http: http.default({}),
    mode: mode.default({}),
    metrics: metricsSection.default({}),
    routing: routing.default({}),
    secretFile: z.string().min(1).optional(),
    /** This node's Ed25519 private key (PEM), with every peer's publicKey: per-node signed rows. */
    keyFile: z.string().min(1).optional(),
    /** exporter-toolkit web config (TLS, basic auth, headers); --web.config.file overrides. */
    web: z.object({ configFile: z.string().min(1).optional() }).strict().default({}),
    insecure: z.boolean().default(false),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** Static members; with discovery they may be left out (this node is always a member). */
    peers: z.array(peer).default([]),
    logs: z.array(logFile).default([]),
    /**
     * Members in planned maintenance: exported as netsplit_node_maintenance, so the generated
     * rules raise nothing about them while they are away.
     */
    maintenance: z.array(name('maintenance[]')).default([]),
    /** Peers found at runtime (DNS or the Kubernetes API), beside the static peers. */
    discovery: discovery.optional(),
    membership: membership.default({}),
    targets: z
      .object({
        tcp: z.array(tcpTarget).default([]),
        etcd: z.array(etcdTarget).default([]),
        postgres: z.array(replicated(['postgres', 'postgresql'])).default([]),
        mysql: z.array(replicated(['mysql', 'mariadb'])).default([]),
        redis: z.array(replicated(['redis', 'rediss'])).default([]),
        kubernetes: z.array(kubernetesTarget).default([]),
        consul: z.array(consulTarget).default([]),
        envoy: z.array(envoyTarget).default([]),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    const discovering = config.discovery !== undefined;
    if (!discovering && config.peers.length === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['peers'], message: 'list every member, this node included (or set discovery)' });
    }
    if (discovering && config.keyFile !== undefined) {
      // A discovered node has no configured public key: its rows and view responses could not be verified.
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['keyFile'], message: 'per-node keys need every member\'s publicKey under peers, which discovered members do not have: with discovery, remove keyFile and peers[].publicKey (the shared secret signs heartbeats and views), or list every member under peers and remove discovery' });
    }
    if (config.peers.length > MAX_PEERS) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['peers'], message: `${config.peers.length} members, more than the ${MAX_PEERS} this version is measured for (docs/benchmarks.md): split the cluster into groups of at most ${MAX_PEERS}` });
      return; // every further check would be as large as the list
    }
    const names = new Set<string>();
    const addresses = new Map<string, string>();
    config.peers.forEach((p, i) => {
      if (names.has(p.name)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['peers', i, 'name'], message: `duplicate peer name "${p.name}": names must be unique` });
      names.add(p.name);
      // Two members on one host:port cannot both be there: one of them would never be heard.
      // (An address that failed to parse is not a HostPort here: its problem is reported already.)
      if (typeof p.address?.host !== 'string') return;
      const address = formatHostPort({ host: p.address.host.toLowerCase(), port: p.address.port });
      const owner = addresses.get(address);
      if (owner !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['peers', i, 'address'], message: `${address} is also the address of ${owner}: every agent listens on its own host:port` });
      else addresses.set(address, p.name);
    });
    const members = listNames([...names]);
    if (!names.has(config.node) && !discovering && config.peers.length > 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['node'], message: `"${config.node}" is not one of peers[].name (${members}): add it to peers or fix the name` });
    }
    // A placement naming no member would leave that etcd member or database instance unplaced, silently.
    const placements = [
      ...config.targets.etcd.map((t, i) => ({ path: ['targets', 'etcd', i, 'members'], map: t.members })),
      ...(['postgres', 'mysql', 'redis', 'consul', 'envoy'] as const).flatMap((kind) => config.targets[kind].map((t, i) => ({ path: ['targets', kind, i, 'nodes'], map: t.nodes }))),
    ];
    for (const { path, map } of placements) {
      for (const [key, node] of Object.entries(map ?? {})) {
        if (!names.has(node)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...path, key], message: `"${node}" is not one of peers[].name (${members}): name the node it runs on` });
      }
    }
    config.maintenance.forEach((member, i) => {
      // With discovery a member may be known only at runtime: any valid name is accepted.
      if (!names.has(member) && !discovering) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['maintenance', i], message: `"${member}" is not one of peers[].name (${[...names].join(', ')}): list members by their peer name` });
    });
    // Per-node keys are all or nothing: a member without a key could not have its rows verified.
    const withKeys = config.peers.filter((p) => p.publicKey !== undefined).length;
    if (config.keyFile !== undefined && withKeys < config.peers.length) {
      config.peers.forEach((p, i) => {
        if (p.publicKey === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['peers', i, 'publicKey'], message: 'required when keyFile is set: every member signs its rows; print its key with netsplit-exporter --gen-key on that member' });
      });
    }
    if (config.keyFile === undefined && withKeys > 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['keyFile'], message: "required when peers have publicKey: this node's private key, made by netsplit-exporter --gen-key FILE" });
    }
    const port = config.heartbeat.port;
    if (port !== undefined && port !== config.listen.port) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['heartbeat', 'port'], message: `must equal the port of listen (${config.listen.port}): peers are addressed by one port for UDP heartbeats and HTTP views` });
    }
    for (const kind of ['tcp', 'etcd', 'postgres', 'mysql', 'redis', 'kubernetes', 'consul', 'envoy'] as const) {
      const seen = new Set<string>();
      config.targets[kind].forEach((t, i) => {
        if (seen.has(t.name)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['targets', kind, i, 'name'], message: `duplicate target name "${t.name}"` });
        seen.add(t.name);
      });
    }
  });

/** A readable list of names: the first ten, then how many more. */
function listNames(names: readonly string[]): string {
  return names.length <= 10 ? names.join(', ') : `${names.slice(0, 10).join(', ')}, … and ${names.length - 10} more`;
}

export type RawConfig = z.output<typeof configSchema>;
