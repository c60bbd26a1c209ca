/**
 * A lab with a primary on n1 and a replica on n2 for each of Redis, PostgreSQL and MariaDB, and
 * an agent on every host probing all three links — the setup of the replication e2e test and
 * benchmark. Reads each agent's view of the links from its /metrics.
 */
import { Lab } from './lab';
import { AgentFleet } from './agent-fleet';
import { ensureExporterBuilt } from './exporter-build';
import { newLabSecret } from './lab-secret';
import { requireLabPrerequisites } from './preflight';
import { select, valueOf, type Sample } from './prometheus-text';
import { redisService, REDIS_PORT, type RunningRedis } from './services/redis-service';
import { postgresService, POSTGRES_PORT, type RunningPostgres } from './services/postgres-service';
import { mariadbService, MARIADB_MONITOR, MARIADB_PORT, type RunningMariadb } from './services/mariadb-service';

export const SYSTEMS = ['redis', 'postgres', 'mysql'] as const;
export type System = (typeof SYSTEMS)[number];
export const TARGET_OF: Record<System, string> = { redis: 'cache', postgres: 'orders', mysql: 'shop' };

export interface ReplicationLab {
  lab: Lab;
  fleet: AgentFleet;
  primaries: { redis: RunningRedis; postgres: RunningPostgres; mysql: RunningMariadb };
  replicas: { redis: RunningRedis; postgres: RunningPostgres; mysql: RunningMariadb };
  /** `host:port` of the replica of each system (the `replica` label). */
  replicaId: Record<System, string>;
  primaryId: Record<System, string>;
}

export interface LinkReading {
  up: number | undefined;
  reason: string | undefined;
}

export interface ReplicationLabOptions {
  size?: number;
  interval?: string;
  /** The host of every replica (the primaries run on n1); n2 by default. */
  replicaOn?: string;
  /** Services started on every host before the agents (e.g. an etcd member). */
  beforeAgents?: (lab: Lab) => Promise<unknown>;
  /** More agent targets (e.g. etcd), merged with the replication targets. */
  moreTargets?: (lab: Lab) => Record<string, unknown>;
}

export async function startReplicationLab(options: ReplicationLabOptions = {}): Promise<ReplicationLab> {
  requireLabPrerequisites('The replication lab');
  await ensureExporterBuilt();
  const lab = await Lab.create({ size: options.size ?? 5 });
  try {
    const n1 = lab.host('n1');
    const n2 = lab.host(options.replicaOn ?? 'n2');
    await options.beforeAgents?.(lab);
    const [redisPrimary, postgresPrimary, mariadbPrimary] = await Promise.all([
      lab.startService(redisService(), n1),
      lab.startService(postgresService(), n1),
      lab.startService(mariadbService({ serverId: 1 }), n1),
    ]);
    const [redisReplica, postgresReplica, mariadbReplica] = await Promise.all([
      lab.startService(redisService({ replicaOf: n1.address }), n2),
      lab.startService(postgresService({ replicaOf: n1.address }), n2),
      lab.startService(mariadbService({ replicaOf: n1.address, serverId: 2 }), n2),
    ]);
    const at = (host: string, port: number) => `${host}:${port}`;
    const monitor = `${MARIADB_MONITOR.user}:${MARIADB_MONITOR.password}`;
    const fleet = await AgentFleet.start(lab, {
      cluster: 'lab',
      secret: newLabSecret(),
      interval: options.interval ?? '500ms',
      targets: {
        ...options.moreTargets?.(lab),
        redis: [{ name: TARGET_OF.redis, primary: `redis://${at(n1.address, REDIS_PORT)}`, replicas: [`redis://${at(n2.address, REDIS_PORT)}`] }],
        postgres: [{ name: TARGET_OF.postgres, primary: `postgres://netsplit@${at(n1.address, POSTGRES_PORT)}/postgres`, replicas: [`postgres://netsplit@${at(n2.address, POSTGRES_PORT)}/postgres`] }],
        mysql: [{ name: TARGET_OF.mysql, primary: `mariadb://${monitor}@${at(n1.address, MARIADB_PORT)}`, replicas: [`mariadb://${monitor}@${at(n2.address, MARIADB_PORT)}`] }],
      },
    });
    return {
      lab,
      fleet,
      primaries: { redis: redisPrimary, postgres: postgresPrimary, mysql: mariadbPrimary },
      replicas: { redis: redisReplica, postgres: postgresReplica, mysql: mariadbReplica },
      replicaId: { redis: at(n2.address, REDIS_PORT), postgres: at(n2.address, POSTGRES_PORT), mysql: at(n2.address, MARIADB_PORT) },
      primaryId: { redis: at(n1.address, REDIS_PORT), postgres: at(n1.address, POSTGRES_PORT), mysql: at(n1.address, MARIADB_PORT) },
    };
  } catch (error) {
    await lab.teardown();
    throw error;
  }
}

/** One agent's reading of a link: up (1/0/absent) and the reason whose series is 1. */
export function linkReading(samples: readonly Sample[], system: System, replica: string): LinkReading {
  const labels = { system, target: TARGET_OF[system], replica };
  const reason = select(samples, 'netsplit_replication_down_reason', labels).find((s) => s.value === 1)?.labels.reason;
  return { up: valueOf(samples, 'netsplit_replication_up', labels), reason };
}

/** Every listed agent's reading of every system's link, as `agent/system` → `up:reason`. */
export async function readLinks(setup: ReplicationLab, agents: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await Promise.all(
    agents.map(async (name) => {
      const samples = await setup.fleet.agent(name).metrics();
      for (const system of SYSTEMS) {
        const reading = linkReading(samples, system, setup.replicaId[system]);
        out[`${name}/${system}`] = `${reading.up ?? 'absent'}:${reading.reason ?? '-'}`;
      }
    }),
  );
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The expectation in readLinks' shape: the same reading for every agent and system. */
export function everyLink(agents: readonly string[], reading: string): Record<string, string> {
  return Object.fromEntries(agents.flatMap((a) => SYSTEMS.map((s) => [`${a}/${s}`, reading] as const)).sort(([a], [b]) => (a < b ? -1 : 1)));
}
