/** Redis 7 servers for tests: no persistence, diskless sync without its 5 s delay. */
import { createConnection } from 'node:net';
import { requireBinary, ServerProcess, tempDir, removeDir } from './server-process';

const REDIS_SERVER = '/usr/bin/redis-server';

export class RedisServer {
  readonly dir = tempDir('redis');
  process: ServerProcess;

  constructor(
    readonly port: number,
    private readonly replicaOf?: number,
    private readonly extra: readonly string[] = [],
    readonly host = '127.0.0.1',
  ) {
    this.process = this.spawn();
  }

  private spawn(): ServerProcess {
    const args = ['--port', String(this.port), '--bind', this.host, '--dir', this.dir, '--save', '', '--appendonly', 'no', '--repl-diskless-sync-delay', '0', ...this.extra];
    if (this.replicaOf !== undefined) args.push('--replicaof', '127.0.0.1', String(this.replicaOf));
    return new ServerProcess(`redis :${this.port}`, requireBinary(REDIS_SERVER, 'redis-server'), args);
  }

  async ready(): Promise<void> {
    await this.process.waitUntil(async () => (await this.command('PING')).includes('PONG'));
  }

  /** One inline command over a fresh connection; the reply as text. */
  command(line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: this.host, port: this.port });
      let reply = '';
      socket.setTimeout(3000, () => socket.destroy(new Error('redis command timed out')));
      socket.on('connect', () => socket.write(`${line}\r\n`));
      socket.on('data', (chunk) => {
        reply += chunk.toString('utf8');
        socket.end();
      });
      socket.on('close', () => resolve(reply));
      socket.on('error', reject);
    });
  }

  async restart(): Promise<void> {
    await this.process.stop();
    this.process = this.spawn();
    await this.ready();
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }

  async destroy(): Promise<void> {
    await this.process.stop();
    removeDir(this.dir);
  }
}
