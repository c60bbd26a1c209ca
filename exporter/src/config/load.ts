/**
 * Reads, parses and validates a config file into a normalised Config, or returns every problem,
 * each naming the key path and the fix. Never throws for user mistakes, hostile files included
 * (docs/configuration.md § Limits): files are read bounded, YAML aliases are capped.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { isAbsolute, dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { AUTO_DOWN_ABOVE, configSchema, type RawConfig } from './schema';
import type { HostPort, Listen } from './address';
import { readBounded } from './read-bounded';
import { parsePrivateKey, parsePublicKey, publicKeyText, type NodeKeys } from '../mesh/node-keys';

export interface Peer {
  name: string;
  address: HostPort;
  publicKey?: string;
  /** The member's zone (a Kubernetes label value); this node's own entry sets the agent's zone. */
  zone?: string;
}

/** Which per-link series /metrics carries (docs/metrics.md § Series budget). */
export type LinkSeriesMode = 'all' | 'down' | 'none';

export interface Config {
  file: string;
  cluster: string;
  node: string;
  listen: HostPort;
  heartbeat: { port: number; intervalMs: number; downAfter: number; upAfter: number; checkSource: boolean };
  /** fanout undefined: chosen by membership (agent/pull-partners.ts defaultFanout). */
  views: { fanout: number | undefined; maxAgeMs: number; timeoutMs: number };
  probes: { intervalMs: number; timeoutMs: number };
  http: { maxConnections: number; requestTimeoutMs: number };
  /** Partition labels on Node objects; kubeconfig absolute, or the in-cluster service account. */
  routing: { nodeLabels: boolean; kubeconfig?: string };
  /** Per-link series on /metrics: `auto` resolved by the member count. */
  metrics: { links: LinkSeriesMode };
  /** The partition-mode API: an optional dedicated listener, and the change stream's keepalive. */
  mode: { listen?: Listen; keepaliveMs: number };
  /** HMAC key for heartbeats and the peer API. In insecure mode, a key derived from the cluster name. */
  secret: Buffer;
  /** Per-node Ed25519 keys (keyFile + peers[].publicKey); absent: rows are unsigned (docs/security.md). */
  keys?: NodeKeys;
  /** exporter-toolkit web config file (absolute), or undefined for plain HTTP without auth. */
  webConfigFile?: string;
  insecure: boolean;
  logLevel: RawConfig['logLevel'];
  peers: Peer[];
  targets: RawConfig['targets'];
  /** Log files followed for catalog patterns. */
  logs: RawConfig['logs'];
  /** Members in planned maintenance (peer names). */
  maintenance: string[];
  /** Where peers are found at runtime; absent: the static peers are the membership. */
  discovery?: Discovery;
  membership: { removeAfterMs: number; leaveAfterMs: number };
  /** TLS material of targets that have `tls`, by kind and target name, read at load time. */
  targetTls: Record<TlsTargetKind, Record<string, ClientTls>>;
}

export type Discovery =
  | { kind: 'dns'; name: string; port: number; refreshMs: number; server?: HostPort }
  | { kind: 'kubernetes'; kubeconfig?: string; labelSelector?: string; fieldSelector?: string; port: number; relistMs: number };

export type TlsTargetKind = 'etcd' | 'postgres' | 'mysql' | 'redis' | 'kubernetes' | 'consul' | 'envoy';

export interface ClientTls {
  ca: Buffer;
  cert?: Buffer;
  key?: Buffer;
  serverName?: string;
  /** The files, to name in a failure (never their content). */
  caFile: string;
  certFile?: string;
}

/** `warnings` are accepted risks the operator should hear about: logged at start, printed by --check-config. */
export type ConfigResult = { ok: true; config: Config; warnings: string[] } | { ok: false; problems: string[] };

const MIN_SECRET_BYTES = 16;
/**
 * 1000 peers (the ceiling) take ~60 KiB. Parsing YAML costs milliseconds per KiB (a 430 KB file
 * of 10,000 peers took 1.6 s of CPU), so this bound also keeps --check-config on a hostile file
 * under a second: an oversized file is refused by its fstat size, before parsing.
 */
export const MAX_CONFIG_BYTES = 256 * 1024;
/** A key is a line of base64; this bounds what `secretFile: /dev/zero`-like mistakes can cost. */
export const MAX_SECRET_FILE_BYTES = 4096;
/** Certificates, keys and password files: anything larger is not one (bounded like the secret). */
export const MAX_MATERIAL_FILE_BYTES = 256 * 1024;
/** Anchors for shared blocks are fine; more alias expansions than this is an alias bomb. */
export const MAX_YAML_ALIASES = 100;

export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): ConfigResult {
  const read = readBounded(file, MAX_CONFIG_BYTES);
  if (!read.ok) {
    const fix = read.errno === undefined ? `point --config at a regular file of at most ${MAX_CONFIG_BYTES} bytes` : 'check the path given to --config';
    return { ok: false, problems: [`${file}: cannot read the config file (${read.errno ?? read.reason}): ${fix}`] };
  }
  return parseConfig(read.bytes.toString('utf8'), file, env);
}

export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = {}): ConfigResult {
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES) {
    return { ok: false, problems: [`${file}: cannot read the config file (it has ${Buffer.byteLength(text, 'utf8')} bytes, more than the limit of ${MAX_CONFIG_BYTES}): point --config at a regular file of at most ${MAX_CONFIG_BYTES} bytes`] };
  }
  let input: Record<string, unknown>;
  try {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      return { ok: false, problems: doc.errors.map((e) => `${file}: YAML syntax: ${e.message.split('\n')[0]}`) };
    }
    // The yaml library throws once expanding aliases would exceed maxAliasCount.
    input = (doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) ?? {}) as Record<string, unknown>;
  } catch (error) {
    const message = (error as Error).message;
    if (/alias/i.test(message)) {
      return { ok: false, problems: [`${file}: YAML aliases: the file expands more than ${MAX_YAML_ALIASES} aliases (an alias bomb?): write the values out instead of nesting anchors`] };
    }
    // E.g. nesting deep enough to overflow the parser's stack.
    return { ok: false, problems: [`${file}: YAML: cannot parse the file (${message.split('\n')[0]}): write plain YAML as in docs/configuration.md`] };
  }
  // One ConfigMap for a whole DaemonSet: each pod names itself (fieldRef spec.nodeName).
  if (env.NETSPLIT_NODE !== undefined && env.NETSPLIT_NODE !== '' && typeof input === 'object') input.node = env.NETSPLIT_NODE;
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.flatMap((issue) => describeIssue(file, issue)) };
  return finish(parsed.data, file, env);
}

function finish(raw: RawConfig, file: string, env: NodeJS.ProcessEnv): ConfigResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const secret = resolveSecret(raw, file, env, problems, warnings);
  const keys = resolveKeys(raw, file, problems);
  const targetTls = resolveTargetTls(raw, file, problems);
  const targets = resolveAdminTargets(resolveTargetUrls(raw, file, env, problems), file, env, problems);
  for (const [i, k] of targets.kubernetes.entries()) {
    // In a pod the API server's CA is the service account's, unless tls names another.
    if (k.inCluster && k.tls === undefined) {
      const material = readClientTls({ caFile: SERVICE_ACCOUNT_CA }, `targets.kubernetes[${i}] (inCluster)`, file, problems);
      if (material !== undefined) targetTls.kubernetes[k.name] = material;
    }
  }
  if (problems.length > 0 || secret === undefined) return { ok: false, problems };
  const intervalMs = raw.heartbeat.interval;
  if (raw.views.maxAge !== undefined && raw.views.maxAge < 2 * intervalMs) {
    // Rows are refreshed by pulls once per interval: a shorter window ages every relayed row out
    // between two pulls, and healthy peers would flicker as unreachable.
    return { ok: false, problems: [`${file}: views.maxAge: ${raw.views.maxAge}ms is shorter than two heartbeat intervals (${2 * intervalMs}ms): rows would expire between pulls; use at least ${2 * intervalMs}ms or leave it out (default ${(raw.heartbeat.downAfter + raw.heartbeat.upAfter + 3) * intervalMs}ms)`] };
  }
  return {
    ok: true,
    warnings,
    config: {
      file,
      cluster: raw.cluster,
      node: raw.node,
      listen: raw.listen,
      heartbeat: { port: raw.listen.port, intervalMs, downAfter: raw.heartbeat.downAfter, upAfter: raw.heartbeat.upAfter, checkSource: raw.heartbeat.checkSource },
      views: {
        fanout: raw.views.fanout,
        maxAgeMs: raw.views.maxAge ?? (raw.heartbeat.downAfter + raw.heartbeat.upAfter + 3) * intervalMs,
        timeoutMs: raw.views.timeout ?? Math.max(200, intervalMs),
      },
      probes: { intervalMs: raw.probes.interval, timeoutMs: raw.probes.timeout },
      maintenance: raw.maintenance,
      ...(raw.discovery === undefined ? {} : { discovery: resolveDiscovery(raw.discovery, raw.listen.port, file) }),
      membership: { removeAfterMs: raw.membership.removeAfter, leaveAfterMs: raw.membership.leaveAfter },
      http: { maxConnections: raw.http.maxConnections, requestTimeoutMs: raw.http.requestTimeout },
      // auto: a discovered cluster's size is not known at start, and discovery is for the large ones.
      routing: { nodeLabels: raw.routing.nodeLabels, ...(raw.routing.kubeconfig === undefined ? {} : { kubeconfig: isAbsolute(raw.routing.kubeconfig) ? raw.routing.kubeconfig : resolve(dirname(file), raw.routing.kubeconfig) }) },
      metrics: { links: raw.metrics.links === 'auto' ? (raw.discovery !== undefined || (raw.peers?.length ?? 0) > AUTO_DOWN_ABOVE ? 'down' : 'all') : raw.metrics.links },
      mode: { ...(raw.mode.listen === undefined ? {} : { listen: raw.mode.listen }), keepaliveMs: raw.mode.keepalive },
      secret,
      ...(keys === undefined ? {} : { keys }),
      ...(raw.web.configFile === undefined ? {} : { webConfigFile: isAbsolute(raw.web.configFile) ? raw.web.configFile : resolve(dirname(file), raw.web.configFile) }),
      insecure: raw.insecure,
      logLevel: raw.logLevel,
      peers: raw.peers,
      targets,
      logs: raw.logs,
      targetTls,
    },
  };
}

function resolveDiscovery(raw: NonNullable<RawConfig['discovery']>, listenPort: number, file: string): Discovery {
  if (raw.dns !== undefined) {
    const { name, port, refresh, server } = raw.dns;
    return { kind: 'dns', name, port: port ?? listenPort, refreshMs: refresh, ...(server === undefined ? {} : { server }) };
  }
  const k = raw.kubernetes!;
  const kubeconfig = k.kubeconfig === undefined ? undefined : isAbsolute(k.kubeconfig) ? k.kubeconfig : resolve(dirname(file), k.kubeconfig);
  return {
    kind: 'kubernetes',
    port: k.port ?? listenPort,
    relistMs: k.relist,
    ...(kubeconfig === undefined ? {} : { kubeconfig }),
    ...(k.labelSelector === undefined ? {} : { labelSelector: k.labelSelector }),
    ...(k.fieldSelector === undefined ? {} : { fieldSelector: k.fieldSelector }),
  };
}

/**
 * Database URLs with `${NAME}` taken from the environment (percent-encoded, so any password is a
 * valid URL part) and the target's passwordFile filled into URLs without a password. Problems
 * name the variable or the file, never a value.
 */
function resolveTargetUrls(raw: RawConfig, file: string, env: NodeJS.ProcessEnv, problems: string[]): RawConfig['targets'] {
  const out = { ...raw.targets };
  for (const kind of ['postgres', 'mysql', 'redis'] as const) {
    out[kind] = raw.targets[kind].map((target, i) => {
      let password: string | undefined;
      if (target.passwordFile !== undefined) {
        const path = isAbsolute(target.passwordFile) ? target.passwordFile : resolve(dirname(file), target.passwordFile);
        const read = readBounded(path, MAX_MATERIAL_FILE_BYTES);
        if (read.ok) password = read.bytes.toString('utf8').replace(/\r?\n$/, '');
        else problems.push(`${file}: targets.${kind}[${i}].passwordFile: cannot read ${path} (${read.reason}): point it at a regular file holding the password`);
      }
      const expand = (url: string, where: string): string => {
        const expanded = url.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_all, name: string) => {
          const value = env[name];
          if (value === undefined) {
            problems.push(`${file}: targets.${kind}[${i}].${where}: \${${name}} is not set in the environment`);
            return '';
          }
          return encodeURIComponent(value);
        });
        if (password === undefined) return expanded;
        let parsed: URL;
        try {
          parsed = new URL(expanded);
        } catch {
          problems.push(`${file}: targets.${kind}[${i}].${where}: not a URL once environment variables are put in`);
          return expanded;
        }
        if (parsed.password !== '') return expanded;
        parsed.password = encodeURIComponent(password);
        return parsed.toString();
      };
      return { ...target, primary: expand(target.primary, 'primary'), replicas: target.replicas.map((r, j) => expand(r, `replicas[${j}]`)) };
    }) as never;
  }
  return out;
}

/** Where a pod's service account is mounted (Kubernetes' own paths). */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
export const SERVICE_ACCOUNT_TOKEN = `${SERVICE_ACCOUNT_DIR}/token`;
export const SERVICE_ACCOUNT_CA = `${SERVICE_ACCOUNT_DIR}/ca.crt`;

/**
 * Kubernetes, Consul and Envoy targets: token files made absolute (they are read at every probe,
 * so a rotated token is picked up and its content never sits in the config), and in-cluster
 * Kubernetes targets given the API server's URL from the environment a pod gets.
 */
function resolveAdminTargets(targets: RawConfig['targets'], file: string, env: NodeJS.ProcessEnv, problems: string[]): RawConfig['targets'] {
  const absolute = (path: string | undefined) => (path === undefined ? undefined : isAbsolute(path) ? path : resolve(dirname(file), path));
  const kubernetes = targets.kubernetes.map((k, i) => {
    let url = k.url;
    if (k.inCluster && url === undefined) {
      const host = env.KUBERNETES_SERVICE_HOST;
      const port = env.KUBERNETES_SERVICE_PORT ?? '443';
      if (host === undefined || host === '') problems.push(`${file}: targets.kubernetes[${i}].inCluster: KUBERNETES_SERVICE_HOST is not set (not running in a pod?): set url to the API server, e.g. https://10.0.0.9:6443`);
      else url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
    }
    const tokenFile = absolute(k.tokenFile) ?? (k.inCluster ? SERVICE_ACCOUNT_TOKEN : undefined);
    return { ...k, ...(url === undefined ? {} : { url }), ...(tokenFile === undefined ? {} : { tokenFile }) };
  });
  const consul = targets.consul.map((c) => ({ ...c, ...(c.tokenFile === undefined ? {} : { tokenFile: absolute(c.tokenFile) }) }));
  return { ...targets, kubernetes, consul };
}

function resolveTargetTls(raw: RawConfig, file: string, problems: string[]): Record<TlsTargetKind, Record<string, ClientTls>> {
  const all = { etcd: {}, postgres: {}, mysql: {}, redis: {}, kubernetes: {}, consul: {}, envoy: {} } as Record<TlsTargetKind, Record<string, ClientTls>>;
  for (const kind of ['etcd', 'postgres', 'mysql', 'redis', 'kubernetes', 'consul', 'envoy'] as const) {
    raw.targets[kind].forEach((target, i) => {
      const material = readClientTls(target.tls, `targets.${kind}[${i}].tls`, file, problems);
      if (material !== undefined) all[kind][target.name] = material;
    });
  }
  return all;
}

function readClientTls(tls: { caFile: string; certFile?: string; keyFile?: string; serverName?: string } | undefined, at: string, file: string, problems: string[]): ClientTls | undefined {
  if (tls === undefined) return undefined;
  const read = (key: string, given: string): { path: string; bytes?: Buffer } => {
    const path = isAbsolute(given) ? given : resolve(dirname(file), given);
    const read = readBounded(path, MAX_MATERIAL_FILE_BYTES);
    if (read.ok) return { path, bytes: read.bytes };
    problems.push(`${file}: ${at}.${key}: cannot read ${path} (${read.reason}): point it at a regular PEM file`);
    return { path };
  };
  const ca = read('caFile', tls.caFile);
  const cert = tls.certFile === undefined ? undefined : read('certFile', tls.certFile);
  const key = tls.keyFile === undefined ? undefined : read('keyFile', tls.keyFile);
  if (ca.bytes === undefined || (cert !== undefined && cert.bytes === undefined) || (key !== undefined && key.bytes === undefined)) return undefined;
  return {
    ca: ca.bytes,
    caFile: ca.path,
    ...(cert?.bytes === undefined ? {} : { cert: cert.bytes, certFile: cert.path }),
    ...(key?.bytes === undefined ? {} : { key: key.bytes }),
    ...(tls.serverName === undefined ? {} : { serverName: tls.serverName }),
  };
}

function resolveSecret(raw: RawConfig, file: string, env: NodeJS.ProcessEnv, problems: string[], warnings: string[]): Buffer | undefined {
  const fromEnv = env.NETSPLIT_SECRET;
  const hasEnv = fromEnv !== undefined && fromEnv !== '';
  if (raw.insecure && (hasEnv || raw.secretFile !== undefined)) {
    // Heartbeats would be signed but /api/v1/view open to anyone: the secret promises what insecure takes back.
    const given = hasEnv ? 'NETSPLIT_SECRET is set' : 'secretFile is set';
    problems.push(`${file}: insecure: true but ${given}: insecure serves /api/v1/view to anyone; remove insecure to protect heartbeats and views with the secret (or, for a lab, remove the secret)`);
    return undefined;
  }
  let secret: Buffer | undefined;
  if (hasEnv) {
    secret = Buffer.from(fromEnv, 'utf8');
  } else if (raw.secretFile !== undefined) {
    const path = isAbsolute(raw.secretFile) ? raw.secretFile : resolve(dirname(file), raw.secretFile);
    const read = readBounded(path, MAX_SECRET_FILE_BYTES);
    if (!read.ok) {
      problems.push(`${file}: secretFile: ${unreadableSecret(path, read)}`);
      return undefined;
    }
    const mode = read.stats.mode & 0o777;
    const octal = mode.toString(8).padStart(4, '0');
    if ((mode & 0o002) !== 0) {
      // Whoever can write the key can sign heartbeats and views as any member.
      problems.push(`${file}: secretFile: ${path} is writable by every user (mode ${octal}): anyone on this host could replace the cluster key; chmod 600 ${path}`);
      return undefined;
    }
    if ((mode & 0o004) !== 0) {
      warnings.push(`secretFile: ${path} is readable by every user (mode ${octal}): anyone on this host can forge heartbeats; chmod 600 ${path} (Kubernetes: defaultMode 0400 on the Secret volume)`);
    }
    secret = Buffer.from(read.bytes.toString('utf8').trim(), 'utf8');
  } else if (raw.insecure) {
    // Same wire format without a shared secret: anyone who knows the cluster name can forge.
    return Buffer.from(`netsplit-insecure:${raw.cluster}`, 'utf8');
  } else {
    problems.push(`${file}: secretFile: required unless insecure: true — point it at a file holding the shared HMAC key, or set NETSPLIT_SECRET`);
    return undefined;
  }
  if (secret.length < MIN_SECRET_BYTES) {
    problems.push(`${file}: secretFile: the secret has ${secret.length} bytes; use at least ${MIN_SECRET_BYTES} (e.g. head -c 32 /dev/urandom | base64)`);
    return undefined;
  }
  return secret;
}

/** Never suggests writing a new key: an existing file holds the cluster's key, shared by every agent. */
function unreadableSecret(path: string, read: { errno?: string; reason: string }): string {
  switch (read.errno) {
    case 'ENOENT':
      return `${path} does not exist: copy the cluster's shared key there (every agent needs the same key), or set NETSPLIT_SECRET`;
    case 'EACCES':
    case 'EPERM':
      return `cannot read ${path} (${read.errno}): let the agent's user read it (chown it to that user, chmod 600); keep its contents, they are the cluster's key`;
    case undefined:
      return `cannot read ${path} (${read.reason}): point secretFile at a regular file holding the key (at most ${MAX_SECRET_FILE_BYTES} bytes)`;
    default:
      return `cannot read ${path} (${read.errno}): check the path, or set NETSPLIT_SECRET`;
  }
}

function resolveKeys(raw: RawConfig, file: string, problems: string[]): NodeKeys | undefined {
  if (raw.keyFile === undefined) return undefined;
  const path = isAbsolute(raw.keyFile) ? raw.keyFile : resolve(dirname(file), raw.keyFile);
  const read = readBounded(path, MAX_MATERIAL_FILE_BYTES);
  if (!read.ok) {
    problems.push(`${file}: keyFile: cannot read ${path} (${read.reason}): make it with netsplit-exporter --gen-key ${path}`);
    return undefined;
  }
  const pem = read.bytes.toString('utf8');
  // The message never quotes the file: it holds a private key.
  const privateKey = parsePrivateKey(pem);
  if (typeof privateKey === 'string') {
    problems.push(`${file}: keyFile: ${path}: ${privateKey}`);
    return undefined;
  }
  const publicKeys = new Map<string, KeyObject>();
  raw.peers.forEach((peer, i) => {
    const key = parsePublicKey(peer.publicKey ?? '');
    if (typeof key === 'string') problems.push(`${file}: peers[${i}].publicKey: ${key}`);
    else publicKeys.set(peer.name, key);
  });
  const own = raw.peers.find((p) => p.name === raw.node)?.publicKey;
  const derived = publicKeyText(createPublicKey(privateKey));
  if (own !== undefined && own !== derived) problems.push(`${file}: keyFile: ${path} is not the key of ${raw.node}'s peers[].publicKey (its public key is ${derived}): distribute that, or point keyFile at ${raw.node}'s own key`);
  return { privateKey, publicKeys };
}

const ADMIN_TARGET = /^targets\.(kubernetes|consul|envoy)\[\d+\]$/;
/** Keys people write on a Kubernetes, Consul or Envoy target that the schema spells otherwise: the fix, not just "unknown". */
const KEY_HINTS: Readonly<Record<string, string>> = {
  token: 'unknown key; put the token in a file (mode 600) and name it with tokenFile: a token inline in the config would travel with every copy of the file',
  address: 'unknown key; this target takes a URL: servers (consul), admin (envoy) or url (kubernetes)',
  endpoints: 'unknown key; this target takes servers (consul), admin (envoy) or url (kubernetes), not endpoints (etcd)',
  caFile: 'unknown key here; TLS files go under tls: { caFile, certFile, keyFile }',
};

/** `peers[3].address` style path. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out === '' ? part : `${out}.${part}`), '');
}

function describeIssue(file: string, issue: z.ZodIssue): string[] {
  const path = formatPath(issue.path);
  const at = path === '' ? '' : `${path}: `;
  switch (issue.code) {
    case z.ZodIssueCode.unrecognized_keys:
      return issue.keys.map((key) => `${file}: ${path === '' ? '' : path + '.'}${key}: ${(ADMIN_TARGET.test(path) ? KEY_HINTS[key] : undefined) ?? 'unknown key; remove it or check its spelling'}`);
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') return [`${file}: ${at}required: add it (expected ${issue.expected})`];
      return [`${file}: ${at}expected ${issue.expected}, got ${issue.received}`];
    case z.ZodIssueCode.invalid_enum_value:
      return [`${file}: ${at}"${String(issue.received)}" is not allowed: use one of ${issue.options.join(', ')}`];
    default:
      return [`${file}: ${at}${issue.message}`];
  }
}
