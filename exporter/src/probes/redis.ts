/**
 * Redis replication probe: one `INFO replication` per instance and round, over one long-lived
 * ioredis connection per instance. Both ends answer the same command: a replica tells its link
 * status, how long it has been down and its offset; a master lists its replicas (announced IP and
 * port, state, offset, seconds since their last ack) and its own offset, which gives lag in bytes.
 *
 * `master_last_io_seconds_ago` reads -1 while the link is down — never a lag, never
 * compared with a threshold; `master_link_down_since_seconds` tells how long.
 */
import Redis from 'ioredis';
import { describe, failureKind } from './failure-kind';
import type { AttachedReplica, InstanceObservation, UpstreamLink } from './replication-model';
import type { InstanceProbe, ReplicationDriver } from './replication-service';
import { replicationServiceFactory } from './replication-service';

/** Bounded reconnect backoff: 100, 200, 400, 800, then every 1000 ms — heal shows within a second. */
export const REDIS_RECONNECT_MAX_MS = 1000;
const reconnectDelay = (attempt: number) => Math.min(50 * 2 ** attempt, REDIS_RECONNECT_MAX_MS);

/** How the client words a connection the server closed (FIN) or reset (RST) under a command. */
const CLOSED = /Connection is closed|Stream isn't writeable|ECONNRESET|EPIPE/;

/** Another protocol on the port: ioredis's parser rejects the first byte of its greeting or reply. */
const WRONG_SERVER = /Protocol error|unknown command|wrong (?:server|protocol)|not a Redis/i;

export const redisDriver: ReplicationDriver = {
  system: 'redis',
  defaultPort: 6379,
  connect(url, { timeoutMs, tls }) {
    // The connection's own error (WRONGPASS, a parser error) says more than the failed command's
    // "Connection is closed.": kept until an INFO succeeds again.
    let lastError: Error | undefined;
    // Was a connection established at all, and has it (or the last one) answered anything in
    // Redis's protocol? A refused connect also ends in "Connection is closed.": not another server.
    let established = false;
    let answered = false;
    // A server that closes a connection after our command, having never answered on it, does not
    // speak Redis (PostgreSQL drops a startup packet it cannot parse). Whether the client then
    // reads a FIN ("Connection is closed.") or a RST (ECONNRESET) depends on timing, so the fact
    // is kept, not read again from each round's words: it holds until an INFO succeeds.
    let closedUnanswered = false;
    const client = new Redis(url, {
      lazyConnect: true,
      // Commands fail at once while disconnected instead of queueing behind a dead socket.
      enableOfflineQueue: false,
      enableReadyCheck: false,
      maxRetriesPerRequest: 0,
      commandTimeout: timeoutMs,
      connectTimeout: timeoutMs,
      retryStrategy: reconnectDelay,
      // Never follow a MOVED/READONLY redirect or resubscribe: this client only asks INFO.
      autoResubscribe: false,
      reconnectOnError: () => false,
      // rediss:// with the target's CA (and client certificate); the host is verified unless serverName names another.
      ...(tls === undefined ? {} : { tls: { ca: tls.ca, ...(tls.cert === undefined ? {} : { cert: tls.cert, key: tls.key }), ...(tls.serverName === undefined ? {} : { servername: tls.serverName }) } }),
    });
    // Without a listener ioredis would print every connection error; we report them per round.
    client.on('error', (error: Error) => {
      lastError = error;
      // A Redis error reply (WRONGPASS to the AUTH sent on connect) is an answer in Redis's protocol.
      if (error.name === 'ReplyError') answered = true;
      else if (!CLOSED.test(describe(error).message)) {
        // Refused, unreachable, timed out: no server to speak of now, of either kind.
        established = false;
        closedUnanswered = false;
      }
    });
    // Per connection: a fresh one has not answered yet ('connect' comes before any reply on it).
    client.on('connect', () => {
      established = true;
      answered = false;
    });
    const noteClosed = (error: unknown) => {
      if (established && !answered && [error, lastError].some((e) => e !== undefined && CLOSED.test(describe(e).message))) closedUnanswered = true;
    };
    const failure = (error: unknown): InstanceObservation => {
      const reason = lastError ?? error;
      const { message } = describe(reason);
      if (closedUnanswered) {
        return { reached: false, kind: 'wrong_server', message: `the server closed the connection without a Redis reply (${message}): is this port a Redis server?` };
      }
      return { reached: false, kind: failureKind(reason, WRONG_SERVER), message };
    };
    const probe: InstanceProbe = {
      async observe() {
        if (client.status === 'wait') {
          // connect() rejects on the first failure; retryStrategy keeps trying in the background.
          await client.connect().catch((error: Error) => {
            // The 'error' event (WRONGPASS, ECONNREFUSED) came first and says more.
            lastError ??= error;
            // ioredis sends commands of its own on connect (CLIENT SETINFO): a server of another
            // protocol may close the connection on those, before INFO is asked.
            noteClosed(error);
          });
        }
        if (client.status !== 'ready' && client.status !== 'connect') return failure(new Error(`connection closed by the server; ${client.status}`));
        try {
          const text = await client.info('replication');
          answered = true;
          closedUnanswered = false;
          lastError = undefined;
          return parseRedisReplication(text);
        } catch (error) {
          noteClosed(error);
          return failure(error);
        }
      },
      async close() {
        client.disconnect(false);
      },
    };
    return probe;
  },
};

export const createRedisService = replicationServiceFactory(redisDriver);

/** `INFO replication` → observation. Pure; text that is not Redis's INFO reads as the wrong server. */
export function parseRedisReplication(text: string): InstanceObservation {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  const role = fields.get('role');
  if (role !== 'master' && role !== 'slave') return { reached: false, kind: 'wrong_server', message: 'INFO replication has no role line: not a Redis server' };
  const masterOffset = numberOf(fields.get('master_repl_offset'));
  const attached: AttachedReplica[] = [];
  for (const [key, value] of fields) {
    if (!/^slave\d+$/.test(key)) continue;
    const entry = new Map(value.split(',').map((pair) => pair.split('=', 2) as [string, string]));
    const offset = numberOf(entry.get('offset'));
    attached.push({
      host: entry.get('ip') ?? '',
      port: numberOf(entry.get('port')),
      streaming: entry.get('state') === 'online',
      lagSeconds: numberOf(entry.get('lag')),
      lagBytes: masterOffset !== undefined && offset !== undefined ? Math.max(0, masterOffset - offset) : undefined,
    });
  }
  if (role === 'master') return { reached: true, role: 'primary', writable: true, attached };
  const linkUp = fields.get('master_link_status') === 'up';
  const upstream: UpstreamLink = {
    receiving: linkUp,
    primaryHost: fields.get('master_host'),
    primaryPort: numberOf(fields.get('master_port')),
    downSeconds: linkUp ? undefined : nonNegative(numberOf(fields.get('master_link_down_since_seconds'))),
    lastMessageAgeSeconds: linkUp ? nonNegative(numberOf(fields.get('master_last_io_seconds_ago'))) : undefined,
    signature: linkUp ? undefined : `master_link_status:${fields.get('master_link_status') ?? 'unknown'}`,
  };
  return { reached: true, role: 'replica', writable: false, upstream, attached };
}

function numberOf(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Redis writes -1 for "never": unknown, not a duration. */
function nonNegative(value: number | undefined): number | undefined {
  return value === undefined || value < 0 ? undefined : value;
}
