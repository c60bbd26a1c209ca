/**
 * PostgreSQL replication probe: one query per instance and round over a pool of one long-lived
 * connection, with statement_timeout on the server and a query deadline on the client.
 *
 * The same query serves both ends: on a primary, `pg_stat_replication` rows (matched to the
 * configured replicas by client address, or by application_name when the replica URL names one)
 * with the bytes each has not replayed; on a replica, `pg_is_in_recovery()`, the WAL receiver's
 * status, the sender it follows and the age of its last message, replay lag in seconds and bytes.
 *
 * Replay lag computed from `pg_last_xact_replay_timestamp()` reads 0 when nothing
 * arrives; here lag is reported only while the WAL receiver streams, NaN otherwise.
 *
 * The monitoring role needs `pg_monitor` (lag columns and the receiver's sender are hidden from
 * others).
 */
import { Pool, type PoolClient } from 'pg';
import { describe, failureKind } from './failure-kind';
import { pooledConnection } from './pooled-connection';
import type { AttachedReplica, InstanceObservation, UpstreamLink } from './replication-model';
import { replicationServiceFactory, type InstanceProbe, type ReplicationDriver } from './replication-service';

const PROBE_QUERY = `
SELECT pg_is_in_recovery() AS in_recovery,
  (SELECT coalesce(json_agg(json_build_object(
      'host', host(client_addr), 'name', application_name, 'state', state,
      'lag_bytes', pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END, replay_lsn),
      'lag_seconds', extract(epoch FROM replay_lag))), '[]'::json)
   FROM pg_stat_replication) AS attached,
  (SELECT json_build_object('status', status, 'host', sender_host, 'port', sender_port,
      'behind_bytes', pg_wal_lsn_diff(latest_end_lsn, pg_last_wal_replay_lsn()),
      'message_age', extract(epoch FROM now() - last_msg_receipt_time))
   FROM pg_stat_wal_receiver LIMIT 1) AS receiver,
  CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() END AS caught_up,
  CASE WHEN pg_is_in_recovery() THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END AS since_last_replay`;

/** What libpq-speaking clients say when another protocol answers on the port. */
const WRONG_SERVER = /received invalid response|unexpected message|Unknown message code|invalid (?:length of )?startup packet|not a PostgreSQL|Connection terminated unexpectedly|server does not support SSL/i;

interface ProbeRow {
  in_recovery: boolean;
  attached: Array<{ host: string | null; name: string | null; state: string | null; lag_bytes: number | string | null; lag_seconds: number | string | null }>;
  receiver: { status: string | null; host: string | null; port: number | null; behind_bytes: number | string | null; message_age?: number | string | null } | null;
  caught_up: boolean | null;
  since_last_replay: number | string | null;
}

export const postgresDriver: ReplicationDriver = {
  system: 'postgres',
  defaultPort: 5432,
  connect(url, { timeoutMs, log, tls }) {
    const connection = new URL(url);
    // application_name in a replica's URL names the replica for matching; our own session is "netsplit".
    connection.searchParams.delete('application_name');
    const pool = new Pool({
      connectionString: connection.toString(),
      max: 1,
      idleTimeoutMillis: 0,
      connectionTimeoutMillis: timeoutMs,
      statement_timeout: timeoutMs,
      query_timeout: timeoutMs,
      application_name: 'netsplit',
      keepAlive: true,
      // verify-full: the chain against the CA and the host (or serverName) against the certificate.
      ...(tls === undefined ? {} : { ssl: { ca: tls.ca, ...(tls.cert === undefined ? {} : { cert: tls.cert, key: tls.key }), ...(tls.serverName === undefined ? {} : { servername: tls.serverName }), rejectUnauthorized: true } }),
    });
    // An idle connection the server closes (restart, admin kill) is reported here, not thrown.
    pool.on('error', (error) => log.debug('postgres idle connection closed', { instance: connection.host, error: error.message }));
    // pg-pool listens for a client's errors only while the client is idle. A server shutting down
    // sends 57P01 to every session, and it may arrive while the client is lent out with no query
    // running (even in the packet that completes the connect): pg then emits 'error' on the
    // client, which without this listener is an uncaught exception that ends the agent. The
    // client is unusable afterwards; its next query fails and the probe releases it as broken.
    pool.on('connect', (client) => {
      client.on('error', (error) => log.debug('postgres connection closed by the server', { instance: connection.host, error: error.message }));
    });
    const connected = pooledConnection<PoolClient>(async () => {
      const client = await pool.connect();
      // A failed or timed-out client is not reused: its late answer would confuse the next query.
      return { connection: client, release: () => client.release(), discard: (error) => client.release(error as Error) };
    }, failed);
    const probe: InstanceProbe = {
      observe: () =>
        connected(async (client) => {
          const row = (await client.query<ProbeRow>(PROBE_QUERY)).rows[0];
          return row === undefined ? { reached: false, kind: 'wrong_server', message: 'probe query returned no row' } : observationFromRow(row);
        }),
      async close() {
        await pool.end();
      },
    };
    return probe;
  },
};

export const createPostgresService = replicationServiceFactory(postgresDriver);

function failed(error: unknown): InstanceObservation {
  return { reached: false, kind: failureKind(error, WRONG_SERVER), message: describe(error).message };
}

/** One probe row → observation. Pure. */
export function observationFromRow(row: ProbeRow): InstanceObservation {
  const attached: AttachedReplica[] = row.attached.map((a) => ({
    host: a.host ?? '',
    name: a.name ?? undefined,
    streaming: a.state === 'streaming',
    lagBytes: nonNegative(a.lag_bytes),
    lagSeconds: nonNegative(a.lag_seconds),
  }));
  if (!row.in_recovery) return { reached: true, role: 'primary', writable: true, attached };
  const receiver = row.receiver;
  const streaming = receiver?.status === 'streaming';
  const upstream: UpstreamLink = {
    receiving: streaming,
    primaryHost: receiver?.host ?? undefined,
    primaryPort: receiver?.port ?? undefined,
    // Caught up while streaming is a true 0; otherwise the age of the last replayed transaction.
    lagSeconds: streaming ? (row.caught_up ? 0 : nonNegative(row.since_last_replay)) : undefined,
    lagBytes: streaming ? nonNegative(receiver?.behind_bytes ?? null) : undefined,
    lastMessageAgeSeconds: streaming ? nonNegative(receiver?.message_age ?? null) : undefined,
    signature: streaming
      ? undefined
      : receiver === null
        ? 'WAL receiver not streaming (no pg_stat_wal_receiver row)'
        : `WAL receiver not streaming (status: ${receiver.status ?? 'unknown'})`,
  };
  return { reached: true, role: 'replica', writable: false, upstream, attached };
}

function nonNegative(value: number | string | null): number | undefined {
  if (value === null) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? Math.max(0, n) : undefined;
}
