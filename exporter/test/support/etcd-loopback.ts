/**
 * A real etcd cluster on 127.0.0.1 for integration tests: free ports, data dirs in a temp dir,
 * members started from /usr/bin/etcd. Members are ended by pid (never by name: other etcds on
 * the machine are not ours) and waited for before their data dir is deleted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ETCD_BINARY = '/usr/bin/etcd';

/** Fails loudly: a CI without etcd must not pass by skipping. */
export function requireEtcd(): void {
  if (!existsSync(ETCD_BINARY)) throw new Error(`${ETCD_BINARY} is missing: install etcd-server (apt-get install etcd-server etcd-client)`);
}

export interface LoopbackMember {
  name: string;
  clientUrl: string;
  peerUrl: string;
  process: ChildProcess;
  /** Ends with SIGKILL (after SIGCONT, in case it is stopped) and waits for the exit. */
  kill(): Promise<void>;
}

export interface LoopbackCluster {
  dir: string;
  members: LoopbackMember[];
  /** Kills every member, waits for every exit, then removes the data dirs. */
  destroy(): Promise<void>;
}

export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<import('node:net').Server>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

export async function startLoopbackCluster(size: number, extraArgs: readonly string[] = []): Promise<LoopbackCluster> {
  requireEtcd();
  const dir = mkdtempSync(join(tmpdir(), 'netsplit-etcd-'));
  const ports = await freePorts(size * 2);
  const specs = Array.from({ length: size }, (_, i) => ({ name: `m${i + 1}`, clientUrl: `http://127.0.0.1:${ports[2 * i]}`, peerUrl: `http://127.0.0.1:${ports[2 * i + 1]}` }));
  const initialCluster = specs.map((s) => `${s.name}=${s.peerUrl}`).join(',');
  const members = specs.map((spec): LoopbackMember => {
    const child = spawn(
      ETCD_BINARY,
      [
        '--name', spec.name,
        '--data-dir', join(dir, spec.name),
        '--listen-client-urls', spec.clientUrl,
        '--advertise-client-urls', spec.clientUrl,
        '--listen-peer-urls', spec.peerUrl,
        '--initial-advertise-peer-urls', spec.peerUrl,
        '--initial-cluster', initialCluster,
        '--initial-cluster-state', 'new',
        '--initial-cluster-token', `netsplit-${process.pid}`,
        '--heartbeat-interval', '100',
        '--election-timeout', '1000',
        '--logger', 'zap',
        '--log-outputs', join(dir, `${spec.name}.log`),
        ...extraArgs,
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    return {
      ...spec,
      process: child,
      kill: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGCONT');
          child.kill('SIGKILL');
        }
        await exited;
      },
    };
  });
  return {
    dir,
    members,
    destroy: async () => {
      await Promise.all(members.map((m) => m.kill()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `read` until `accept` holds or the deadline passes; returns the last value either way. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
