/**
 * PostgreSQL 15 servers for tests, run as user postgres: initdb into a temp dir, fsync off,
 * a replica from pg_basebackup -R (~1 s). Superuser `postgres` connects without a
 * password over 127.0.0.1; the monitoring role `netsplit` (pg_monitor) needs its password.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { requireBinary, ServerProcess, tempDir, removeDir } from './server-process';

const BIN = '/usr/lib/postgresql/15/bin';
export const MONITOR_PASSWORD = 'netsplit-test-password';

function postgresUser(): { uid: number; gid: number } {
  try {
    return { uid: Number(execFileSync('id', ['-u', 'postgres'])), gid: Number(execFileSync('id', ['-g', 'postgres'])) };
  } catch {
    throw new Error('user postgres is missing: install the Debian package postgresql (apt-get install -y postgresql)');
  }
}

function asPostgres(binary: string, args: readonly string[]): void {
  execFileSync('runuser', ['-u', 'postgres', '--', join(BIN, binary), ...args], { stdio: 'pipe' });
}

export class PostgresServer {
  readonly dir: string;
  readonly dataDir: string;
  process!: ServerProcess;
  private readonly user = postgresUser();

  private constructor(readonly port: number) {
    requireBinary(join(BIN, 'postgres'), 'postgresql');
    this.dir = tempDir('pg');
    this.dataDir = join(this.dir, 'data');
    chownSync(this.dir, this.user.uid, this.user.gid);
  }

  static async primary(port: number): Promise<PostgresServer> {
    const server = new PostgresServer(port);
    asPostgres('initdb', ['-D', server.dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=trust', '--no-sync']);
    // The monitoring role authenticates with a password (so a wrong one is refused); the rest is trusted.
    writeFileSync(
      join(server.dataDir, 'pg_hba.conf'),
      'local all all trust\nhost all netsplit 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n',
    );
    await server.start();
    await server.sql(`CREATE ROLE netsplit LOGIN PASSWORD '${MONITOR_PASSWORD}'; GRANT pg_monitor TO netsplit;`);
    return server;
  }

  static async replicaOf(primary: PostgresServer, port: number): Promise<PostgresServer> {
    const server = new PostgresServer(port);
    asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', server.dataDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync']);
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    appendFileSync(join(this.dataDir, 'postgresql.conf'), `\nwal_retrieve_retry_interval = 500ms\n`);
    this.process = new ServerProcess(
      `postgres :${this.port}`,
      join(BIN, 'postgres'),
      ['-D', this.dataDir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${this.dir}`, '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'],
      { uid: this.user.uid, gid: this.user.gid, cwd: this.dir, stopSignal: 'SIGINT' },
    );
    await this.process.waitUntil(async () => (await this.sql('SELECT 1')).length === 1);
  }

  /** Runs SQL as the superuser over TCP; rows of the last statement. */
  async sql(text: string): Promise<Array<Record<string, unknown>>> {
    const client = new Client({ host: '127.0.0.1', port: this.port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 3000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const result = await client.query(text);
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return (last?.rows ?? []) as Array<Record<string, unknown>>;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }

  async destroy(): Promise<void> {
    await this.process?.stop();
    removeDir(this.dir);
  }
}
