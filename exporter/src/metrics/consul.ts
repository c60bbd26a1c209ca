/**
 * The Consul probe's metrics, declared once (docs/metrics.md § Consul). `server` is the server
 * agent's HTTP address as configured (host:port). Probe errors count into the catalog's shared
 * counter (patterns.ts). Self-contained so the declarations can move into one contract module.
 */
import { Gauge, type Registry } from 'prom-client';
import { createPatternCounters } from './patterns';

const SERVER = ['target', 'server'] as const;

/** `fillQuorum` runs at each scrape, before netsplit_consul_quorum is rendered (it fuses the latest verdict). */
export function createConsulMetrics(registry: Registry, fillQuorum?: () => void) {
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], collect?: () => void) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry], ...(collect ? { collect } : {}) });
  return {
    serverUp: gauge('netsplit_consul_server_up', '1 when the server agent answered /v1/status/leader within the probe deadline.', SERVER),
    serverHasLeader: gauge('netsplit_consul_server_has_leader', '1 when the server names a raft leader (absent while it does not answer).', SERVER),
    serverIsLeader: gauge('netsplit_consul_server_is_leader', '1 when the leader the server names is the server itself (absent while it does not answer).', SERVER),
    raftVoters: gauge('netsplit_consul_raft_voters', 'Voters in the raft configuration the servers this node reaches report (the largest one seen).', ['target']),
    serfMembers: gauge('netsplit_consul_serf_members', 'LAN members the server lists per serf status (alive, leaving, left, failed, none).', [...SERVER, 'status']),
    quorum: gauge(
      'netsplit_consul_quorum',
      "1 when a leader is named by a quorum of the voters this node reaches and this node's side of the mesh holds a quorum of the voters.",
      ['target'],
      fillQuorum,
    ),
    distinctLeaders: gauge('netsplit_consul_distinct_leaders', 'Distinct leaders named by the servers this node reaches (2+ = a stale leader or a split).', ['target']),
    probeDuration: gauge('netsplit_consul_probe_duration_seconds', 'Duration of the last probe of the server (leader, peers, raft configuration, members in parallel).', SERVER),
    errorPatterns: createPatternCounters(registry).errorPatterns,
  };
}

export type ConsulMetrics = ReturnType<typeof createConsulMetrics>;
