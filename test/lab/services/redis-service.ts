/**
 * Redis 7 as a lab HostService: a primary, or a replica of a primary on another host, listening
 * on the host's address (the replication link crosses the lab network, where the nemesis cuts
 * it) and on a unix socket in the lab directory (admin commands from the root namespace).
 */
import { createConnection } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HostService, RunningService } from '../host-service';

export const REDIS_PORT = 6379;
const REDIS_SERVER = '/usr/bin/redis-server';

export interface RunningRedis extends RunningService {
  address: string;
  port: number;
  /** One command over the unix socket; the raw reply. */
  command(line: string): Promise<string>;
}

export function redisService(options: { replicaOf?: string } = {}): HostService<RunningRedis> {
  const kind = options.replicaOf === undefined ? 'redis-primary' : 'redis-replica';
  return {
    kind,
    async start(context) {
      if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: install the Debian package redis-server`);
      const socket = join(context.dir, 'redis.sock');
      const args = ['--port', String(REDIS_PORT), '--bind', context.host.address, '--unixsocket', socket, '--unixsocketperm', '700', '--dir', context.dir, '--save', '', '--appendonly', 'no', '--repl-diskless-sync-delay', '0', '--protected-mode', 'no'];
      if (options.replicaOf !== undefined) args.push('--replicaof', options.replicaOf, String(REDIS_PORT));
      const child = context.spawn(`${kind} ${context.host.name}`, REDIS_SERVER, args);
      await child.waitForLine((l) => l.text.includes('Ready to accept connections'), 30_000, 'ready line');
      const command = (line: string) =>
        new Promise<string>((resolve, reject) => {
          const connection = createConnection(socket);
          let reply = '';
          connection.setTimeout(5000, () => connection.destroy(new Error(`redis ${context.host.name}: no reply to ${line}`)));
          connection.on('connect', () => connection.write(`${line}\r\n`));
          connection.on('data', (chunk) => {
            reply += chunk.toString('utf8');
            connection.end();
          });
          connection.on('close', () => resolve(reply));
          connection.on('error', reject);
        });
      return { kind, host: context.host, mainProcess: child, address: context.host.address, port: REDIS_PORT, command, stop: async () => void (await child.stop()) };
    },
  };
}
