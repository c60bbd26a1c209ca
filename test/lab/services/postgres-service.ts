/**
 * PostgreSQL 15 as a lab HostService, run as user postgres: a primary (initdb, a `netsplit`
 * monitoring role with pg_monitor), or a streaming replica from pg_basebackup -R of a primary on
 * another host. Listens on the host's address; admin SQL goes over the unix socket in the lab
 * directory from the root namespace. Defaults as shipped (wal_sender_timeout 60 s, …) apart from
 * fsync off.
 */
import { appendFileSync, chownSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { HostService, RunningService } from '../host-service';
import { allowTraverse, runInHost, SETPRIV, systemUser } from './one-shot';

export const POSTGRES_PORT = 5432;
const BIN = '/usr/lib/postgresql/15/bin';

export interface RunningPostgres extends RunningService {
  address: string;
  port: number;
  sql(text: string): Promise<Array<Record<string, unknown>>>;
}

export function postgresService(options: { replicaOf?: string } = {}): HostService<RunningPostgres> {
  const kind = options.replicaOf === undefined ? 'postgres-primary' : 'postgres-replica';
  return {
    kind,
    async start(context) {
      if (!existsSync(join(BIN, 'postgres'))) throw new Error(`${BIN}/postgres is missing: install the Debian package postgresql`);
      const user = systemUser('postgres', 'postgresql');
      allowTraverse(context.dir);
      chownSync(context.dir, user.uid, user.gid);
      const data = join(context.dir, 'data');
      const asPostgres = (binary: string, args: readonly string[]) => [SETPRIV, ['--reuid=postgres', '--regid=postgres', '--clear-groups', join(BIN, binary), ...args]] as const;
      if (options.replicaOf === undefined) {
        await runInHost(context, `initdb ${context.host.name}`, ...asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync']));
        writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 10.200.0.0/24 trust\nhost replication all 10.200.0.0/24 trust\n');
      } else {
        await runInHost(context, `pg_basebackup ${context.host.name}`, ...asPostgres('pg_basebackup', ['-h', options.replicaOf, '-p', String(POSTGRES_PORT), '-U', 'postgres', '-D', data, '-R', '-X', 'stream', '-c', 'fast', '--no-sync']));
      }
      appendFileSync(join(data, 'postgresql.conf'), `\nlisten_addresses = '${context.host.address}'\nunix_socket_directories = '${context.dir}'\nport = ${POSTGRES_PORT}\nfsync = off\nfull_page_writes = off\n`);
      const child = context.spawn(`${kind} ${context.host.name}`, ...asPostgres('postgres', ['-D', data]));
      await child.waitForLine((l) => l.text.includes('database system is ready to accept'), 60_000, 'ready line');
      const sql = async (text: string) => {
        const client = new Client({ host: context.dir, port: POSTGRES_PORT, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 5000 });
        client.on('error', () => undefined);
        await client.connect();
        try {
          return (await client.query(text)).rows as Array<Record<string, unknown>>;
        } finally {
          await client.end().catch(() => undefined);
        }
      };
      if (options.replicaOf === undefined) await sql('CREATE ROLE netsplit LOGIN; GRANT pg_monitor TO netsplit;');
      return {
        kind,
        host: context.host,
        mainProcess: child,
        address: context.host.address,
        port: POSTGRES_PORT,
        sql,
        async stop() {
          child.signal('SIGINT'); // fast shutdown: SIGTERM would wait for the agents' sessions
          await child.stop();
        },
      };
    },
  };
}
