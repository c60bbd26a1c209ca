/** Series of the probes (etcd, replication) and of Envoy/Istio, healthy unless told otherwise. */
import { agentLabels, CLUSTER, constant, flat, growing, NODES, series, type InputSeries, type NodeName } from './series';

export const ETCD_TARGET = 'main';
export const memberOf = (node: NodeName) => `etcd-${node}`;

export interface EtcdSpec {
  /** Groups of nodes whose members reach each other; each agent reaches its group's members. */
  readonly groups: ReadonlyArray<readonly NodeName[]>;
  readonly leader: NodeName;
  readonly scraped?: readonly NodeName[];
}

/** Each agent probes every member: members in its group answer, the others are down to it. */
export function etcdSeries(spec: EtcdSpec): InputSeries[] {
  const out: InputSeries[] = [];
  const hasQuorum = (group: readonly NodeName[]) => group.length >= 3;
  for (const node of spec.scraped ?? NODES) {
    const group = spec.groups.find((members) => members.includes(node)) ?? [node];
    const labels = { ...agentLabels(node), target: ETCD_TARGET };
    out.push(series('netsplit_etcd_quorum', labels, constant(hasQuorum(group) ? 1 : 0)));
    for (const memberNode of NODES) {
      const member = memberOf(memberNode);
      const reached = group.includes(memberNode);
      out.push(series('netsplit_etcd_member_up', { ...labels, member }, constant(reached ? 1 : 0)));
      if (!reached) continue;
      const leaderHere = hasQuorum(group) && group.includes(spec.leader);
      out.push(series('netsplit_etcd_member_has_leader', { ...labels, member }, constant(leaderHere || hasQuorum(group) ? 1 : 0)));
      out.push(series('netsplit_etcd_member_is_leader', { ...labels, member }, constant(leaderHere && memberNode === spec.leader ? 1 : 0)));
    }
  }
  return out;
}

export type ReplicationSystem = 'mysql' | 'postgres' | 'redis';

export interface LinkSpec {
  readonly system: ReplicationSystem;
  readonly target: string;
  readonly replica: string;
  /** The agents that report the link (the primary's and the replica's), and what each sees. */
  readonly agents: ReadonlyArray<{
    readonly node: NodeName;
    readonly up: number;
    readonly reason?: 'network_cut' | 'database';
    readonly ioState?: 'yes' | 'no' | 'connecting';
    readonly sqlRunning?: number;
  }>;
}

export function replicationSeries(link: LinkSpec): InputSeries[] {
  const out: InputSeries[] = [];
  for (const agent of link.agents) {
    const labels = { ...agentLabels(agent.node), system: link.system, target: link.target, replica: link.replica };
    out.push(series('netsplit_replication_up', labels, constant(agent.up)));
    if (agent.reason !== undefined) {
      for (const reason of ['network_cut', 'database']) {
        out.push(series('netsplit_replication_down_reason', { ...labels, reason }, constant(reason === agent.reason ? 1 : 0)));
      }
    }
    if (link.system === 'mysql') {
      const ioState = agent.ioState ?? 'yes';
      for (const state of ['yes', 'no', 'connecting']) {
        out.push(series('netsplit_replication_io_state', { ...labels, state }, constant(state === ioState ? 1 : 0)));
      }
      out.push(series('netsplit_replication_sql_running', labels, constant(agent.sqlRunning ?? 1)));
    }
  }
  return out;
}

export const ENVOY_UPSTREAM = 'outbound|8080||orders.prod.svc.cluster.local';
export const ISTIO_SERVICE = 'orders.prod.svc.cluster.local';

export interface EnvoySpec {
  readonly connectFailPerStep?: number;
  readonly failureFlag?: string;
  readonly rqPendingOpen?: number;
  readonly overflowPerStep?: number;
}

export function envoySeries(spec: EnvoySpec): InputSeries[] {
  const proxy = { netsplit_cluster: CLUSTER, job: 'envoy', instance: '10.0.0.7:15090', envoy_cluster_name: ENVOY_UPSTREAM };
  const istio = { netsplit_cluster: CLUSTER, job: 'istio', instance: '10.0.0.7:15020', reporter: 'source', destination_service: ISTIO_SERVICE };
  const out = [
    series('envoy_cluster_upstream_cx_connect_fail', proxy, spec.connectFailPerStep === undefined ? flat() : growing(spec.connectFailPerStep)),
    series('envoy_cluster_upstream_rq_pending_failure_eject', proxy, flat()),
    series('envoy_cluster_upstream_cx_total', proxy, growing(10)),
    series('envoy_cluster_circuit_breakers_default_cx_open', proxy, constant(0)),
    series('envoy_cluster_circuit_breakers_default_rq_open', proxy, constant(0)),
    series('envoy_cluster_circuit_breakers_default_rq_pending_open', proxy, constant(spec.rqPendingOpen ?? 0)),
    series('istio_requests_total', { ...istio, response_code: '200', response_flags: '-' }, growing(10)),
  ];
  if (spec.failureFlag !== undefined) {
    out.push(series('istio_requests_total', { ...istio, response_code: '503', response_flags: spec.failureFlag }, growing(1)));
  }
  if (spec.overflowPerStep !== undefined) {
    out.push(series('istio_requests_total', { ...istio, response_code: '503', response_flags: 'UO' }, growing(spec.overflowPerStep)));
  }
  return out;
}

/** Counters that only move when a pattern is seen: flat unless a scenario makes them grow. */
export function patternCounters(node: NodeName, counts: { peerStreamLost?: number; timedOut?: number; target?: string } = {}): InputSeries[] {
  const labels = agentLabels(node);
  return [
    series(
      'netsplit_log_pattern_matches_total',
      { ...labels, pattern: 'etcd-peer-stream-lost', system: 'etcd', file: '/var/log/etcd.log' },
      counts.peerStreamLost === undefined ? flat() : `0x6 ${counts.peerStreamLost}x114`,
    ),
    series(
      'netsplit_error_pattern_total',
      { ...labels, pattern: 'etcd-request-timed-out', system: 'etcd', target: counts.target ?? ETCD_TARGET },
      counts.timedOut === undefined ? flat() : growing(counts.timedOut),
    ),
    series('netsplit_heartbeat_rejected_total', { ...labels, reason: 'bad_signature' }, flat()),
    series('netsplit_error_pattern_total', { ...labels, pattern: 'consul-no-known-servers', system: 'consul', target: 'dc1' }, flat()),
  ];
}

export function etcdOwnCounter(memberNode: NodeName, remote: string, values: string): InputSeries {
  return series(
    'etcd_network_disconnected_peers_total',
    { netsplit_cluster: CLUSTER, job: 'etcd', instance: `10.0.0.${memberNode.slice(1)}:2379`, Local: `local-${memberNode}`, Remote: remote },
    values,
  );
}

export const KUBERNETES_TARGET = 'prod-api';

/** Each agent reaches the API server when it is in `reaching`; the API server lists `failingChecks` as failed. */
export function kubernetesSeries(spec: { reaching: readonly NodeName[]; failingChecks?: readonly string[] }): InputSeries[] {
  return NODES.flatMap((node) => {
    const labels = { ...agentLabels(node), target: KUBERNETES_TARGET };
    const reached = spec.reaching.includes(node);
    const out = [series('netsplit_kubernetes_apiserver_reachable', labels, constant(reached ? 1 : 0))];
    if (reached) {
      for (const check of ['ping', 'etcd', 'poststarthook/rbac/bootstrap-roles']) {
        out.push(series('netsplit_kubernetes_readyz_check_ok', { ...labels, check }, constant(spec.failingChecks?.includes(check) ? 0 : 1)));
      }
    } else {
      out.push(series('netsplit_kubernetes_pod_eviction_in_seconds', labels, '340-15x120'));
    }
    return out;
  });
}

export const CONSUL_TARGET = 'dc1';
export const consulServerOf = (node: NodeName) => `10.0.0.${node.slice(1)}:8500`;

/** One Consul server per node; each agent reaches its group's servers, which have a leader while the group holds 3 of 5. */
export function consulSeries(spec: { groups: ReadonlyArray<readonly NodeName[]>; scraped?: readonly NodeName[] }): InputSeries[] {
  const out: InputSeries[] = [];
  for (const node of spec.scraped ?? NODES) {
    const group = spec.groups.find((members) => members.includes(node)) ?? [node];
    const quorum = group.length >= 3;
    const labels = { ...agentLabels(node), target: CONSUL_TARGET };
    out.push(series('netsplit_consul_quorum', labels, constant(quorum ? 1 : 0)));
    out.push(series('netsplit_consul_raft_voters', labels, constant(5)));
    for (const serverNode of NODES) {
      const server = consulServerOf(serverNode);
      const reached = group.includes(serverNode);
      out.push(series('netsplit_consul_server_up', { ...labels, server }, constant(reached ? 1 : 0)));
      if (reached) out.push(series('netsplit_consul_server_has_leader', { ...labels, server }, constant(quorum ? 1 : 0)));
    }
  }
  return out;
}

/** The exporter's fused reading of one agent's sidecar: upstream → reason (absent while healthy). */
export function envoyAdminSeries(node: NodeName, upstreams: Readonly<Record<string, 'healthy' | 'network_cut' | 'service_fault' | 'mixed' | 'unknown'>>): InputSeries[] {
  const labels = { ...agentLabels(node), target: 'sidecar' };
  const out = [series('netsplit_envoy_admin_up', labels, constant(1))];
  for (const [upstream, state] of Object.entries(upstreams)) {
    out.push(series('netsplit_envoy_circuit_breaker_open', { ...labels, upstream, breaker: 'cx' }, constant(state === 'healthy' ? 0 : 1)));
    if (state === 'healthy') continue;
    for (const reason of ['network_cut', 'service_fault', 'mixed', 'unknown']) {
      out.push(series('netsplit_envoy_upstream_fault_reason', { ...labels, upstream, reason }, constant(reason === state ? 1 : 0)));
    }
  }
  return out;
}
