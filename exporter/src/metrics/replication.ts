/**
 * Metrics of the replication probes (PostgreSQL, MySQL/MariaDB, Redis). Names are fixed: the
 * generated alert rules, recording rules and dashboards use them (provisioning/src). Unknown lag
 * is NaN, never 0; state sets carry one series per state. docs/metrics.md documents each one.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { SERVER_LABEL } from '../contract/labels';

const perRegistry = new WeakMap<Registry, ReplicationMetrics>();

/** One set per registry: the PostgreSQL, MySQL and Redis services share it, each with its own label values. */
export function createReplicationMetrics(registry: Registry): ReplicationMetrics {
  let metrics = perRegistry.get(registry);
  if (metrics === undefined) {
    metrics = declare(registry);
    perRegistry.set(registry, metrics);
  }
  return metrics;
}

/** Called by `netsplit_replication_up`'s collect, before any replication gauge is read (registration order). */
type Refresher = () => void;

function declare(registry: Registry) {
  const refreshers = new Set<Refresher>();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const link = ['system', 'target', 'replica'] as const;
  const instance = ['system', 'target', SERVER_LABEL] as const;
  return {
    /** Link states are recomputed at scrape from the latest verdict, so a mesh cut shows at once. */
    onCollect(refresh: Refresher): () => void {
      refreshers.add(refresh);
      return () => refreshers.delete(refresh);
    },
    up: new Gauge({
      name: 'netsplit_replication_up',
      help: '1 when the replica receives from its configured primary and the primary serves it, and the mesh shows no cut between their nodes.',
      labelNames: link,
      registers: [registry],
      collect() {
        for (const refresh of refreshers) refresh();
      },
    }),
    lagSeconds: gauge('netsplit_replication_lag_seconds', 'Replication delay in seconds as the databases report it; NaN when unknown (link down, value NULL).', link),
    lagBytes: gauge('netsplit_replication_lag_bytes', 'Bytes the replica has not applied yet (WAL, replication offset, relay log); NaN when unknown.', link),
    ioState: gauge('netsplit_replication_io_state', 'MySQL/MariaDB IO thread state (state set yes, no, connecting).', [...link, 'state'] as const),
    sqlRunning: gauge('netsplit_replication_sql_running', 'MySQL/MariaDB SQL thread running (1) or stopped (0).', link),
    lastMessageAge: gauge(
      'netsplit_replication_last_message_age_seconds',
      'Seconds since the replica last heard from its primary while it believes the link works (PostgreSQL WAL receiver, Redis); NaN when unknown or down.',
      link,
    ),
    linkDownSeconds: gauge('netsplit_replication_link_down_seconds', 'How long the link has been down (0 while up): the database\'s own count where it keeps one, else since this agent first saw it down.', link),
    downReason: gauge('netsplit_replication_down_reason', 'Why the link is down (state set network_cut, database); all 0 while up.', [...link, 'reason'] as const),
    roleInfo: gauge('netsplit_replication_role_info', 'Always 1: the role each reachable instance reports now (primary, replica); absent while it does not answer.', [...instance, 'role'] as const),
    instanceUp: gauge('netsplit_replication_instance_up', '1 when the last probe of the instance answered as the expected database within its deadline.', instance),
    probeDuration: gauge('netsplit_replication_probe_duration_seconds', 'Duration of the last probe of the instance (connect included when it had to connect).', instance),
    probeFailures: new Counter({
      name: 'netsplit_replication_probe_failures_total',
      help: 'Probes of the instance that failed, by kind: timeout, refused, unreachable, auth, wrong_server, error.',
      labelNames: [...instance, 'kind'] as const,
      registers: [registry],
    }),
  };
}

export type ReplicationMetrics = ReturnType<typeof declare>;
