/**
 * MariaDB 10.11 servers for tests: own defaults file, data dir and socket per server (docs/architecture.md:
 * a replica in ~1.3 s). Users are created on the primary only and reach the replica through
 * replication (creating them on the replica would break its SQL thread). Admin SQL goes through
 * the `mariadb` client as root over the server's socket.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireBinary, ServerProcess, tempDir, removeDir } from './server-process';

const run = promisify(execFile);
const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = '/usr/bin/mariadb-install-db';
const CLIENT = '/usr/bin/mariadb';
export const MONITOR_PASSWORD = 'netsplit-test-password';
export const REPL_PASSWORD = 'repl-test-password';

export class MariadbServer {
  readonly dir = tempDir('mariadb');
  readonly defaults = join(this.dir, 'my.cnf');
  readonly socket = join(this.dir, 'mysqld.sock');
  process!: ServerProcess;

  private constructor(
    readonly port: number,
    readonly serverId: number,
  ) {
    for (const [binary, pkg] of [[MARIADBD, 'mariadb-server'], [INSTALL_DB, 'mariadb-server'], [CLIENT, 'mariadb-client']] as const) requireBinary(binary, pkg);
    writeFileSync(
      this.defaults,
      [
        '[mariadbd]',
        `datadir=${join(this.dir, 'data')}`,
        `socket=${this.socket}`,
        `pid-file=${join(this.dir, 'mysqld.pid')}`,
        `port=${port}`,
        'bind-address=127.0.0.1',
        'skip-name-resolve',
        'innodb_flush_log_at_trx_commit=0',
        'sync_binlog=0',
        'innodb_buffer_pool_size=16M',
        'performance_schema=OFF',
        '[client]',
        `socket=${this.socket}`,
        '',
      ].join('\n'),
    );
  }

  static async start(port: number, serverId: number): Promise<MariadbServer> {
    const server = new MariadbServer(port, serverId);
    await run(INSTALL_DB, [`--defaults-file=${server.defaults}`, '--user=root', '--auth-root-authentication-method=socket', '--skip-test-db'], { timeout: 120_000 });
    await server.launch();
    return server;
  }

  /** A primary with its replication and monitoring users. */
  static async primary(port: number): Promise<MariadbServer> {
    const server = await MariadbServer.start(port, 1);
    await server.sql(
      `CREATE USER 'repl'@'%' IDENTIFIED BY '${REPL_PASSWORD}'; GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%';` +
        `CREATE USER 'netsplit'@'%' IDENTIFIED BY '${MONITOR_PASSWORD}'; GRANT SLAVE MONITOR, BINLOG MONITOR, PROCESS ON *.* TO 'netsplit'@'%';`,
    );
    return server;
  }

  /** A replica following `primary` from its first binlog (so it replays the users), retrying every second. */
  static async replicaOf(primary: MariadbServer, port: number, serverId = 2): Promise<MariadbServer> {
    const server = await MariadbServer.start(port, serverId);
    await server.sql(
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='repl', MASTER_PASSWORD='${REPL_PASSWORD}', ` +
        `MASTER_LOG_FILE='binlog.000001', MASTER_LOG_POS=4, MASTER_USE_GTID=no, MASTER_CONNECT_RETRY=1; SET GLOBAL read_only=1; START SLAVE;`,
    );
    return server;
  }

  async launch(): Promise<void> {
    this.process = new ServerProcess(`mariadbd :${this.port}`, MARIADBD, [
      `--defaults-file=${this.defaults}`,
      '--user=root',
      `--server-id=${this.serverId}`,
      `--log-bin=${join(this.dir, 'data', 'binlog')}`,
      `--relay-log=${join(this.dir, 'data', 'relay')}`,
      '--slave-net-timeout=60',
    ]);
    await this.process.waitUntil(async () => (await this.sql('SELECT 1')).includes('1'));
  }

  /** Runs SQL as root over the socket; tab-separated output. */
  async sql(text: string): Promise<string> {
    const { stdout } = await run(CLIENT, [`--defaults-file=${this.defaults}`, '-uroot', '-N', '-B', '-e', text], { timeout: 15_000 });
    return stdout;
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }

  async destroy(): Promise<void> {
    await this.process?.stop();
    removeDir(this.dir);
  }
}
