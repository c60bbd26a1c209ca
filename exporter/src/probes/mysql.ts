/**
 * MySQL / MariaDB replication probe: two queries per instance and round over a pool of one
 * long-lived connection, each with a deadline.
 *
 * `SHOW REPLICA STATUS`, falling back to `SHOW SLAVE STATUS` where the server does not know it
 * (MariaDB < 10.5, MySQL < 8.0.22); rows read with both column-name sets — MySQL 8's
 * `Replica_*`/`Source_*` and the `Slave_*`/`Master_*` that MariaDB keeps even for SHOW REPLICA
 * STATUS (docs/architecture.md). Then `@@read_only` and the Binlog Dump threads (the replicas a primary
 * serves, by client address).
 *
 * A cut reads `Connecting` with Last_IO_Errno 2003/2013, not `No`; Seconds_Behind_Master
 * is NULL meanwhile — unknown, never 0. MariaDB's primary keeps its dump thread on a stalled TCP
 * connection for minutes: the primary's listing is weak evidence, the mesh decides cuts.
 */
import { createPool, type Pool, type PoolConnection, type RowDataPacket } from 'mysql2/promise';
import { describe, failureKind } from './failure-kind';
import { pooledConnection } from './pooled-connection';
import type { AttachedReplica, InstanceObservation, IoState, UpstreamLink } from './replication-model';
import { replicationServiceFactory, type InstanceProbe, type ReplicationDriver } from './replication-service';

const ROLE_QUERY =
  "SELECT @@global.read_only AS read_only, (SELECT GROUP_CONCAT(HOST SEPARATOR ' ') FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%') AS dump_hosts";

/** mysql2 on another protocol: the greeting is not a MySQL handshake. */
const WRONG_SERVER = /Malformed|unexpected packet|Unknown packet|handshake|Packets out of order|protocol/i;
/** ER_PARSE_ERROR: the server predates SHOW REPLICA STATUS. */
const PARSE_ERROR = 1064;

export const mysqlDriver: ReplicationDriver = {
  system: 'mysql',
  defaultPort: 3306,
  connect(url, { timeoutMs, tls }) {
    // A pooled connection that fails is dropped from the pool by mysql2 itself; the next round reconnects.
    const pool: Pool = createPool({
      uri: url.replace(/^mariadb:/, 'mysql:'),
      connectionLimit: 1,
      maxIdle: 1,
      idleTimeout: 3_600_000,
      queueLimit: 1,
      connectTimeout: timeoutMs,
      enableKeepAlive: true,
      // Rows as strings where MySQL sends big numbers (binlog positions exceed 2^53 in theory).
      supportBigNumbers: true,
      bigNumberStrings: true,
      ...(tls === undefined ? {} : { ssl: { ca: tls.ca, ...(tls.cert === undefined ? {} : { cert: tls.cert, key: tls.key }), ...(tls.serverName === undefined ? {} : { servername: tls.serverName }), rejectUnauthorized: true } }),
    });
    let statusCommand = 'SHOW REPLICA STATUS';

    async function query(connection: PoolConnection, sql: string): Promise<RowDataPacket[]> {
      const [rows] = await connection.query<RowDataPacket[]>({ sql, timeout: timeoutMs });
      return rows;
    }

    const connected = pooledConnection<PoolConnection>(async () => {
      const connection = await pool.getConnection();
      // Not reused after a failure or timeout: a late reply would answer the next query.
      return { connection, release: () => connection.release(), discard: () => connection.destroy() };
    }, failed);
    const probe: InstanceProbe = {
      observe: () =>
        connected(async (connection) => {
          let status: RowDataPacket[];
          try {
            status = await query(connection, statusCommand);
          } catch (error) {
            if ((error as { errno?: number }).errno !== PARSE_ERROR || statusCommand === 'SHOW SLAVE STATUS') throw error;
            statusCommand = 'SHOW SLAVE STATUS';
            status = await query(connection, statusCommand);
          }
          const [role] = await query(connection, ROLE_QUERY);
          return observationFromRows(status[0], role);
        }),
      async close() {
        await pool.end().catch(() => undefined);
      },
    };
    return probe;
  },
};

export const createMysqlService = replicationServiceFactory(mysqlDriver);

function failed(error: unknown): InstanceObservation {
  return { reached: false, kind: failureKind(error, WRONG_SERVER), message: describe(error).message };
}

type Row = Record<string, unknown>;

/** Reads a column under its MySQL 8 name or its MariaDB / older name. */
function column(row: Row, modern: string, classic: string): unknown {
  return row[modern] ?? row[classic];
}

/** Replication status row (if any) and role row → observation. Pure. */
export function observationFromRows(status: Row | undefined, role: Row | undefined): InstanceObservation {
  if (role === undefined || !('read_only' in role)) return { reached: false, kind: 'wrong_server', message: 'no @@read_only: not a MySQL/MariaDB server' };
  const readOnly = Number(role.read_only) === 1;
  const attached: AttachedReplica[] = String(role.dump_hosts ?? '')
    .split(' ')
    .filter((h) => h !== '')
    .map((hostPort) => ({ host: hostPort.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1'), streaming: true }));
  const upstream = status === undefined ? undefined : upstreamFromStatus(status);
  const replicating = upstream !== undefined && (upstream.ioState !== 'no' || upstream.sqlRunning === true);
  // A writer: not read-only and no replication running (STOP SLAVE + read_only=0 promotes).
  const writable = !readOnly && !replicating;
  return { reached: true, role: writable ? 'primary' : 'replica', writable, upstream: replicating || readOnly ? upstream : undefined, attached };
}

export function upstreamFromStatus(row: Row): UpstreamLink {
  const io = String(column(row, 'Replica_IO_Running', 'Slave_IO_Running') ?? '').toLowerCase();
  const ioState: IoState = io === 'yes' ? 'yes' : io === 'connecting' ? 'connecting' : 'no';
  const sqlText = String(column(row, 'Replica_SQL_Running', 'Slave_SQL_Running') ?? '');
  const sqlRunning = sqlText.toLowerCase() === 'yes';
  const behind = column(row, 'Seconds_Behind_Source', 'Seconds_Behind_Master');
  const readFile = column(row, 'Source_Log_File', 'Master_Log_File');
  const execFile = column(row, 'Relay_Source_Log_File', 'Relay_Master_Log_File');
  const readPos = numberOrUndefined(column(row, 'Read_Source_Log_Pos', 'Read_Master_Log_Pos'));
  const execPos = numberOrUndefined(column(row, 'Exec_Source_Log_Pos', 'Exec_Master_Log_Pos'));
  const ioErrno = numberOrUndefined(row.Last_IO_Errno);
  const ioError = String(row.Last_IO_Error ?? '');
  const sqlError = String(row.Last_SQL_Error ?? '');
  const receiving = ioState === 'yes';
  const healthy = receiving && sqlRunning;
  const names = 'Replica_IO_Running' in row ? ['Replica_IO_Running', 'Replica_SQL_Running'] : ['Slave_IO_Running', 'Slave_SQL_Running'];
  return {
    receiving,
    ioState,
    sqlRunning,
    primaryHost: stringOrUndefined(column(row, 'Source_Host', 'Master_Host')),
    primaryPort: numberOrUndefined(column(row, 'Source_Port', 'Master_Port')),
    lagSeconds: healthy ? numberOrUndefined(behind) : undefined,
    lagBytes: healthy && readFile !== undefined && readFile === execFile && readPos !== undefined && execPos !== undefined ? Math.max(0, readPos - execPos) : undefined,
    // The database's own words, as the runbook greps them: classified with the pattern catalog.
    signature: healthy
      ? undefined
      : [
          `${names[0]}: ${ioState === 'yes' ? 'Yes' : ioState === 'no' ? 'No' : 'Connecting'}`,
          `${names[1]}: ${sqlRunning ? 'Yes' : 'No'}`,
          ioErrno ? `Last_IO_Errno: ${ioErrno}` : '',
          ioError ? `Last_IO_Error: ${ioError}` : '',
          sqlError ? `Last_SQL_Error: ${sqlError}` : '',
        ]
          .filter((line) => line !== '')
          .join('\n'),
  };
}

function numberOrUndefined(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : String(value);
}
