/**
 * What a replication probe learns from one database instance in one round, in the same shape for
 * PostgreSQL, MySQL/MariaDB and Redis. The system files (postgres.ts, mysql.ts, redis.ts) fill
 * it; replication-links.ts turns it, with the mesh verdict, into the state of each configured
 * link. Unknown values are `undefined` here and NaN in metrics — never 0.
 */

export type ReplicationSystem = 'postgres' | 'mysql' | 'redis';
export const REPLICATION_SYSTEMS: readonly ReplicationSystem[] = ['postgres', 'mysql', 'redis'];

/** MySQL/MariaDB's Slave_IO_Running / Replica_IO_Running, lower-cased. */
export type IoState = 'yes' | 'no' | 'connecting';
export const IO_STATES: readonly IoState[] = ['yes', 'no', 'connecting'];

export type InstanceRole = 'primary' | 'replica';
export const INSTANCE_ROLES: readonly InstanceRole[] = ['primary', 'replica'];

/** Why an instance could not be observed. `wrong_server`: something answered, but not this database. */
export type ProbeFailureKind = 'timeout' | 'refused' | 'unreachable' | 'auth' | 'wrong_server' | 'tls' | 'error';
export const PROBE_FAILURE_KINDS: readonly ProbeFailureKind[] = ['timeout', 'refused', 'unreachable', 'auth', 'wrong_server', 'tls', 'error'];

/** The replica's own account of its link to the primary it follows. */
export interface UpstreamLink {
  /** The replica receives from its primary now (PostgreSQL streaming, Redis link up, MySQL IO thread Yes). */
  receiving: boolean;
  /** host:port the replica follows, when the database says (to notice a repointed replica). */
  primaryHost?: string;
  primaryPort?: number;
  /** MySQL/MariaDB only. */
  ioState?: IoState;
  sqlRunning?: boolean;
  lagSeconds?: number;
  lagBytes?: number;
  /** How long the link has been down, when the database itself counts it (Redis). */
  downSeconds?: number;
  /**
   * Seconds since the replica last heard from its primary while it believes the link works
   * (PostgreSQL last_msg_receipt_time, Redis master_last_io_seconds_ago): grows during a cut
   * that the database has not noticed yet.
   */
  lastMessageAgeSeconds?: number;
  /** The database's words for the link state or its last error, classified with the pattern catalog. */
  signature?: string;
}

/** A replica as its primary lists it (pg_stat_replication, INFO slaveN, a Binlog Dump thread). */
export interface AttachedReplica {
  /** Address the replica connects from or announces. */
  host: string;
  /** Listening port the replica announces (Redis), when known. */
  port?: number;
  /** PostgreSQL application_name, when set. */
  name?: string;
  /** Streaming / online as the primary sees it. */
  streaming: boolean;
  lagSeconds?: number;
  lagBytes?: number;
}

export type InstanceObservation =
  | {
      reached: true;
      role: InstanceRole;
      /** Accepts writes: PostgreSQL not in recovery, MySQL not read-only with no replication running, Redis master. */
      writable: boolean;
      /** Present when the instance follows a primary. */
      upstream?: UpstreamLink;
      /** Replicas it serves. */
      attached: AttachedReplica[];
    }
  | { reached: false; kind: ProbeFailureKind; message: string };

/** Instance in a target's config: `host:port` as written in the URL. */
export interface InstanceAddress {
  /** `host:port`, the instance label of metrics. */
  id: string;
  host: string;
  port: number;
}

/** Parses a configured URL into an instance address with the system's default port. */
export function instanceAddress(url: string, defaultPort: number): InstanceAddress {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port === '' ? defaultPort : Number(parsed.port);
  return { id: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`, host, port };
}
