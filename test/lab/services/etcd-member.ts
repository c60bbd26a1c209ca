/**
 * An etcd 3.4 member as a lab HostService: one per host, peers on 10.200.0.N:2380, clients on
 * 10.200.0.N:2379, `--pre-vote` (a healed minority rejoins without disturbing the leader), the
 * timings of docs/architecture.md (heartbeat 100 ms, election 1000 ms). Its zap log goes to stderr (so the lab
 * sees "ready") and to a file an agent can follow with `logs:`. A gateway makes the member's own
 * /metrics (etcd_server_has_leader) readable from the root namespace.
 *
 * The lab ends it by pid (LabProcess.stop); never `/etc/init.d/etcd stop`, which would kill
 * every etcd on the machine.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from '../lab';
import type { Host } from '../host';
import type { Gateway } from '../gateway';
import type { HostService, RunningService } from '../host-service';
import type { LabProcess } from '../lab-process';
import { httpGetUnix } from '../unix-http';
import { parsePrometheusText, valueOf } from '../prometheus-text';

export const ETCD = '/usr/bin/etcd';
export const ETCDCTL = '/usr/bin/etcdctl';
export const ETCD_CLIENT_PORT = 2379;
export const ETCD_PEER_PORT = 2380;
/** With client TLS, etcd's /metrics also needs a client certificate on 2379: a plain listener here instead. */
export const ETCD_METRICS_PORT = 2381;

/** Client TLS of the lab's etcd: every member serves https and requires a client certificate from the CA. */
export interface EtcdLabTls {
  caFile: string;
  /** The member's server certificate (its SAN holds the host's address). */
  certOf(host: Host): { cert: string; key: string };
}

/** Fails loudly: CI installs etcd-server and etcd-client, and a missing binary must not pass. */
export function requireEtcd(): void {
  for (const binary of [ETCD, ETCDCTL]) if (!existsSync(binary)) throw new Error(`${binary} is missing: apt-get install etcd-server etcd-client`);
}

export const memberName = (host: Host) => `etcd-${host.name}`;
export const clientUrl = (host: Host) => `http://${host.address}:${ETCD_CLIENT_PORT}`;
export const secureClientUrl = (host: Host) => `https://${host.address}:${ETCD_CLIENT_PORT}`;
const peerUrl = (host: Host) => `http://${host.address}:${ETCD_PEER_PORT}`;

/** The member's log file, by convention under the lab's per-host service dir (agents follow it). */
export function etcdLogFile(lab: Lab, host: Host): string {
  return join(lab.dir, host.name, 'etcd', 'etcd.log');
}

export interface RunningEtcd extends RunningService {
  name: string;
  process: LabProcess;
  gateway: Gateway;
  logFile: string;
  /** etcd's own etcd_server_has_leader (1/0), read from the member's /metrics. */
  hasLeader(timeoutMs?: number): Promise<number | undefined>;
  isLeader(timeoutMs?: number): Promise<number | undefined>;
}

export function etcdMemberService(options: { token: string; tls?: EtcdLabTls }): HostService<RunningEtcd> {
  return {
    kind: 'etcd',
    async start(context) {
      const { host, hosts, dir } = context;
      const logFile = join(dir, 'etcd.log');
      const tls = options.tls;
      const client = tls === undefined ? clientUrl(host) : secureClientUrl(host);
      const tlsArgs =
        tls === undefined
          ? []
          : ['--cert-file', tls.certOf(host).cert, '--key-file', tls.certOf(host).key, '--client-cert-auth', '--trusted-ca-file', tls.caFile, '--listen-metrics-urls', `http://${host.address}:${ETCD_METRICS_PORT}`];
      const child = context.spawn(`etcd ${host.name}`, ETCD, [
        '--name', memberName(host),
        '--data-dir', join(dir, 'data'),
        '--listen-client-urls', client,
        '--advertise-client-urls', client,
        ...tlsArgs,
        '--listen-peer-urls', peerUrl(host),
        '--initial-advertise-peer-urls', peerUrl(host),
        '--initial-cluster', hosts.map((h) => `${memberName(h)}=${peerUrl(h)}`).join(','),
        '--initial-cluster-state', 'new',
        '--initial-cluster-token', options.token,
        '--heartbeat-interval', '100',
        '--election-timeout', '1000',
        '--pre-vote',
        '--logger', 'zap',
        '--log-outputs', `stderr,${logFile}`,
      ]);
      // 3.4's zap logger says this once the member is published and its client port serves.
      await child.waitForLine((l) => /serving client traffic|ready to serve client requests/.test(l.text), 30_000, '"serving client traffic" line');
      const gateway = await context.openGateway(tls === undefined ? ETCD_CLIENT_PORT : ETCD_METRICS_PORT);
      const metric = async (name: string, timeoutMs = 1000) => {
        const response = await httpGetUnix(gateway.socketPath, '/metrics', {}, timeoutMs);
        return valueOf(parsePrometheusText(response.body), name);
      };
      return {
        kind: 'etcd',
        name: memberName(host),
        host,
        mainProcess: child,
        process: child,
        gateway,
        logFile,
        hasLeader: (timeoutMs) => metric('etcd_server_has_leader', timeoutMs),
        isLeader: (timeoutMs) => metric('etcd_server_is_leader', timeoutMs),
        async stop() {
          await child.stop();
          await gateway.process.stop();
        },
      };
    },
  };
}

/** Runs etcdctl (API v3) inside `host`'s namespace; resolves with its stdout lines, throws on failure. */
export async function etcdctl(lab: Lab, host: Host, args: readonly string[]): Promise<string[]> {
  const env = { ...process.env, ETCDCTL_API: '3' };
  const child = lab.spawn(host, `etcdctl ${host.name}`, ETCDCTL, ['--dial-timeout=2s', '--command-timeout=5s', ...args], env);
  const status = await child.exited;
  const out = child.lines.filter((l) => l.stream === 'stdout').map((l) => l.text);
  if (status !== 0) throw new Error(`etcdctl ${args.join(' ')} on ${host.name} failed (${status})${child.describeTail()}`);
  return out;
}

/** Member name → hex id, from `etcdctl member list` (simple output prints ids in hex). */
export async function memberIds(lab: Lab, via: Host): Promise<Record<string, string>> {
  const lines = await etcdctl(lab, via, [`--endpoints=${clientUrl(via)}`, 'member', 'list']);
  return Object.fromEntries(lines.map((line) => line.split(', ')).map(([id, , name]) => [name!, id!]));
}

/** Makes `target` the leader (etcdctl finds the current leader among the endpoints itself). */
export async function moveLeader(lab: Lab, target: Host): Promise<void> {
  const ids = await memberIds(lab, target);
  const endpoints = lab.hosts.map(clientUrl).join(',');
  await etcdctl(lab, target, [`--endpoints=${endpoints}`, 'move-leader', ids[memberName(target)]!]);
}
