/**
 * The netsplit agent as a lab HostService: writes the host's config file (YAML, as a user
 * would), starts `node exporter/dist/cli.js --config …` inside the host's namespace, opens a
 * gateway to its HTTP port and reads /metrics and /api/v1/view through it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { HostService, RunningService } from './host-service';
import type { Gateway } from './gateway';
import type { LabProcess } from './lab-process';
import type { Host } from './host';
import { EXPORTER_CLI } from './exporter-build';
import { httpGetUnix } from './unix-http';
import { parsePrometheusText, type Sample } from './prometheus-text';
import { viewAuthorization } from '../../exporter/src/mesh/view-auth';
import type { WireView } from '../../exporter/src/mesh/view-codec';
import { generateNodeKey } from '../../exporter/src/mesh/node-keys';

export const AGENT_PORT = 9465;
/** Who the lab says it is when it asks an agent for its view (any name works with the secret). */
export const LAB_REQUESTER = 'lab';

export interface AgentOptions {
  cluster: string;
  /** The shared HMAC secret (the lab writes it to a secretFile). */
  secret: string;
  /** Heartbeat interval, e.g. `250ms`. */
  interval: string;
  downAfter?: number;
  upAfter?: number;
  /** views.maxAge, e.g. `2s`; the exporter's default when omitted. */
  viewMaxAge?: string;
  /** Extra `targets` for the config (tcp, etcd, …), passed through as written. */
  targets?: Record<string, unknown>;
  /** Extra top-level config keys per host (e.g. `probes`, or `logs` naming that host's own files). */
  extraConfig?: (host: Host) => Record<string, unknown>;
  /** Per-node Ed25519 keys: each host gets `node.key`, every config lists every public key. */
  nodeKeys?: boolean;
}

export interface RunningAgent extends RunningService {
  name: string;
  process: LabProcess;
  gateway: Gateway;
  configFile: string;
  /** Parsed /metrics. */
  metrics(timeoutMs?: number): Promise<Sample[]>;
  /** Raw /metrics text (for promtool and for the demo). */
  metricsText(timeoutMs?: number): Promise<string>;
  /** /api/v1/view, authenticated with the cluster secret. */
  view(timeoutMs?: number): Promise<WireView>;
  /** /readyz answered 200. */
  ready(): Promise<boolean>;
  /** The agent's JSON log lines (stdout), parsed, with local receipt time. */
  logs(): { at: number; entry: Record<string, unknown> }[];
}

/** One key pair per host name, made once per agentService (so every host's config lists the same keys). */
type KeyRing = Map<string, { privatePem: string; publicKey: string }>;

function keyOf(ring: KeyRing, name: string): { privatePem: string; publicKey: string } {
  let pair = ring.get(name);
  if (pair === undefined) ring.set(name, (pair = generateNodeKey()));
  return pair;
}

export function agentConfig(host: Host, hosts: readonly Host[], options: AgentOptions, secretFile: string, keys?: { ring: KeyRing; keyFile: string }): Record<string, unknown> {
  return {
    cluster: options.cluster,
    node: host.name,
    listen: `${host.address}:${AGENT_PORT}`,
    heartbeat: { port: AGENT_PORT, interval: options.interval, downAfter: options.downAfter ?? 3, upAfter: options.upAfter ?? 2 },
    ...(options.viewMaxAge === undefined ? {} : { views: { maxAge: options.viewMaxAge } }),
    secretFile,
    ...(keys === undefined ? {} : { keyFile: keys.keyFile }),
    peers: hosts.map((h) => (keys === undefined ? { name: h.name, address: h.address } : { name: h.name, address: h.address, publicKey: keyOf(keys.ring, h.name).publicKey })),
    ...(options.targets === undefined ? {} : { targets: options.targets }),
    ...options.extraConfig?.(host),
  };
}

export function agentService(options: AgentOptions): HostService<RunningAgent> {
  const ring: KeyRing = new Map();
  return {
    kind: 'agent',
    async start(context) {
      const secretFile = join(context.dir, 'secret');
      writeFileSync(secretFile, options.secret + '\n', { mode: 0o600 });
      const keyFile = join(context.dir, 'node.key');
      if (options.nodeKeys === true) writeFileSync(keyFile, keyOf(ring, context.host.name).privatePem, { mode: 0o600 });
      const configFile = join(context.dir, 'netsplit.yaml');
      writeFileSync(configFile, stringify(agentConfig(context.host, context.hosts, options, secretFile, options.nodeKeys === true ? { ring, keyFile } : undefined)));
      const env = { ...process.env };
      delete env.NETSPLIT_SECRET; // the config's secretFile is the one under test
      const child = context.spawn(`agent ${context.host.name}`, process.execPath, [EXPORTER_CLI, '--config', configFile], env);
      // A bound on a hung start, not a speed check: five agents loading their modules at once next
      // to databases and Prometheus servers took over 15 s at a load average of 20 on 2 cores.
      await child.waitForLine((l) => l.text.includes('"msg":"started"'), 45_000, '"started" log line');
      const gateway = await context.openGateway(AGENT_PORT);
      const secret = Buffer.from(options.secret, 'utf8');
      const get = async (path: string, timeoutMs: number, headers: Record<string, string> = {}) => {
        // A crashed agent would otherwise show up as a bare EPIPE from the gateway.
        if (!child.running) throw new Error(`agent ${context.host.name} exited (${child.exitCode})${child.describeTail()}`);
        return httpGetUnix(gateway.socketPath, path, headers, timeoutMs);
      };
      const metricsText = async (timeoutMs = 2000) => {
        const response = await get('/metrics', timeoutMs);
        if (response.status !== 200) throw new Error(`agent ${context.host.name}: /metrics answered ${response.status}`);
        return response.body;
      };
      return {
        kind: 'agent',
        name: context.host.name,
        host: context.host,
        mainProcess: child,
        process: child,
        gateway,
        configFile,
        metricsText,
        metrics: async (timeoutMs) => parsePrometheusText(await metricsText(timeoutMs)),
        async view(timeoutMs = 2000) {
          const response = await get('/api/v1/view', timeoutMs, { authorization: viewAuthorization(secret, options.cluster, LAB_REQUESTER, Date.now()) });
          if (response.status !== 200) throw new Error(`agent ${context.host.name}: /api/v1/view answered ${response.status}: ${response.body}`);
          return JSON.parse(response.body) as WireView;
        },
        async ready() {
          return (await get('/readyz', 2000).catch(() => ({ status: 0 }))).status === 200;
        },
        logs() {
          return child.lines.flatMap((line) => {
            if (line.stream !== 'stdout' || !line.text.startsWith('{')) return [];
            try {
              return [{ at: line.at, entry: JSON.parse(line.text) as Record<string, unknown> }];
            } catch {
              return [];
            }
          });
        },
        async stop() {
          await child.stop();
          await gateway.process.stop();
        },
      };
    },
  };
}
