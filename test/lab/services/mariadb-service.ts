/**
 * MariaDB 10.11 as a lab HostService: a primary (binlog, users `repl` and `netsplit`), or a
 * replica of a primary on another host, following it from its first binlog so the users arrive
 * by replication (docs/architecture.md: creating them on the replica would break its SQL thread). Listens on
 * the host's address; admin SQL goes through the `mariadb` client over the unix socket.
 * MASTER_CONNECT_RETRY is 1 s (MariaDB's default of 60 s would make every heal take a minute).
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { HostService, RunningService } from '../host-service';
import { runInHost } from './one-shot';

export const MARIADB_PORT = 3306;
export const MARIADB_MONITOR = { user: 'netsplit', password: 'netsplit-lab' };
const run = promisify(execFile);

export interface RunningMariadb extends RunningService {
  address: string;
  port: number;
  /** Tab-separated output of the statements. */
  sql(text: string): Promise<string>;
}

export function mariadbService(options: { replicaOf?: string; serverId: number }): HostService<RunningMariadb> {
  const kind = options.replicaOf === undefined ? 'mariadb-primary' : 'mariadb-replica';
  return {
    kind,
    async start(context) {
      for (const binary of ['/usr/sbin/mariadbd', '/usr/bin/mariadb-install-db', '/usr/bin/mariadb']) {
        if (!existsSync(binary)) throw new Error(`${binary} is missing: install the Debian packages mariadb-server and mariadb-client`);
      }
      const defaults = join(context.dir, 'my.cnf');
      const socket = join(context.dir, 'mysqld.sock');
      const data = join(context.dir, 'data');
      writeFileSync(
        defaults,
        `[mariadbd]\ndatadir=${data}\nsocket=${socket}\npid-file=${join(context.dir, 'mysqld.pid')}\nport=${MARIADB_PORT}\nbind-address=${context.host.address}\n` +
          `skip-name-resolve\ninnodb_flush_log_at_trx_commit=0\nsync_binlog=0\ninnodb_buffer_pool_size=16M\nperformance_schema=OFF\n[client]\nsocket=${socket}\n`,
      );
      await runInHost(context, `mariadb-install-db ${context.host.name}`, '/usr/bin/mariadb-install-db', [`--defaults-file=${defaults}`, '--user=root', '--auth-root-authentication-method=socket', '--skip-test-db']);
      const child = context.spawn(`${kind} ${context.host.name}`, '/usr/sbin/mariadbd', [
        `--defaults-file=${defaults}`,
        '--user=root',
        `--server-id=${options.serverId}`,
        `--log-bin=${join(data, 'binlog')}`,
        `--relay-log=${join(data, 'relay')}`,
      ]);
      await child.waitForLine((l) => l.text.includes('ready for connections'), 60_000, 'ready line');
      const sql = async (text: string) => (await run('/usr/bin/mariadb', [`--defaults-file=${defaults}`, '-uroot', '-N', '-B', '-e', text], { timeout: 15_000 })).stdout;
      if (options.replicaOf === undefined) {
        await sql(
          "CREATE USER 'repl'@'%' IDENTIFIED BY 'repl-lab'; GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%';" +
            `CREATE USER '${MARIADB_MONITOR.user}'@'%' IDENTIFIED BY '${MARIADB_MONITOR.password}'; GRANT SLAVE MONITOR, BINLOG MONITOR, PROCESS ON *.* TO '${MARIADB_MONITOR.user}'@'%';`,
        );
      } else {
        await sql(
          `CHANGE MASTER TO MASTER_HOST='${options.replicaOf}', MASTER_PORT=${MARIADB_PORT}, MASTER_USER='repl', MASTER_PASSWORD='repl-lab', ` +
            "MASTER_LOG_FILE='binlog.000001', MASTER_LOG_POS=4, MASTER_USE_GTID=no, MASTER_CONNECT_RETRY=1; SET GLOBAL read_only=1; START SLAVE;",
        );
      }
      return { kind, host: context.host, mainProcess: child, address: context.host.address, port: MARIADB_PORT, sql, stop: async () => void (await child.stop(15_000)) };
    },
  };
}
