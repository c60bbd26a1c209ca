/**
 * promtool rule tests: every alert fires on its scenario with exactly the labels written here,
 * stays silent where one vantage point alone would have paged, and nothing fires on a healthy
 * cluster. Expected labels are literal; annotations are rendered from the alert definitions.
 */
import { HEALTHY, meshSeries, rollingRestart, stoppedAgent } from './mesh';
import { agentLabels, CLUSTER, constant, growing, NODES, series, targetLabels, type InputSeries, type Labels, type NodeName } from './series';
import {
  consulSeries,
  consulServerOf,
  envoyAdminSeries,
  envoySeries,
  etcdOwnCounter,
  etcdSeries,
  ENVOY_UPSTREAM,
  ISTIO_SERVICE,
  kubernetesSeries,
  KUBERNETES_TARGET,
  patternCounters,
  replicationSeries,
} from './systems';

export interface AlertExpectation {
  readonly alert: string;
  readonly evalTime: string;
  /** Every label of each expected alert except alertname. Empty: the alert must stay silent. */
  readonly firing: readonly Labels[];
}

export interface RuleScenario {
  readonly name: string;
  readonly series: readonly InputSeries[];
  readonly expectations: readonly AlertExpectation[];
}

const c = CLUSTER;
const HALVES: ReadonlyArray<readonly NodeName[]> = [['n1', 'n2', 'n3'], ['n4', 'n5']];
const ISOLATED: ReadonlyArray<readonly NodeName[]> = [['n1', 'n2', 'n3', 'n4'], ['n5']];
const THREE_WAY: ReadonlyArray<readonly NodeName[]> = [['n1', 'n2'], ['n3', 'n4'], ['n5']];
const ALL: ReadonlyArray<readonly NodeName[]> = [NODES];

const healthyCounters = NODES.flatMap((node) => patternCounters(node));

const minority = (node: string): Labels => ({ severity: 'warning', scope: 'node', netsplit_cluster: c, netsplit_node: node });
const isolated = (node: string): Labels => ({ severity: 'critical', scope: 'node', netsplit_cluster: c, netsplit_node: node });
const apiUnreachable = (node: string): Labels => ({ severity: 'warning', scope: 'link', system: 'kubernetes', netsplit_cluster: c, netsplit_node: node, target: KUBERNETES_TARGET });
const consulNoLeader = (node: NodeName): Labels => ({ severity: 'warning', scope: 'member', system: 'consul', partition_explains: 'true', netsplit_cluster: c, target: 'dc1', server: consulServerOf(node) });
const upstreamFailing = (node: NodeName, upstream: string, reason: string): Labels => ({
  severity: 'warning',
  scope: 'upstream',
  system: 'envoy',
  ...(reason === 'network_cut' ? { partition_explains: 'true' } : {}),
  netsplit_cluster: c,
  netsplit_node: node,
  target: 'sidecar',
  upstream,
  reason,
});
const noLeader = (member: string): Labels => ({ severity: 'warning', scope: 'member', system: 'etcd', partition_explains: 'true', netsplit_cluster: c, target: 'main', member });

/** Built inside withScrapeSetup: the series carry that setup's target labels. */
export function healthyScenario(): RuleScenario {
  return {
  name: 'healthy cluster: nothing fires',
  series: [
    ...meshSeries(HEALTHY),
    ...etcdSeries({ groups: ALL, leader: 'n1' }),
    ...healthyCounters,
    ...replicationSeries({ system: 'mysql', target: 'legacy', replica: 'mysql-r1', agents: [{ node: 'n1', up: 1 }, { node: 'n2', up: 1 }] }),
    ...replicationSeries({ system: 'postgres', target: 'orders', replica: 'pg-r1', agents: [{ node: 'n1', up: 1 }, { node: 'n3', up: 1 }] }),
    ...replicationSeries({ system: 'redis', target: 'cache', replica: 'redis-r1', agents: [{ node: 'n2', up: 1 }, { node: 'n4', up: 1 }] }),
    ...envoySeries({}),
    etcdOwnCounter('n1', 'remote-n2', '0x120'),
    ...kubernetesSeries({ reaching: NODES }),
    ...consulSeries({ groups: ALL }),
    ...NODES.flatMap((node) => envoyAdminSeries(node, { orders: 'healthy', inventory: 'healthy' })),
  ],
  expectations: [], // filled in by render.ts: every alert, silent
  };
}

/** Built inside withScrapeSetup: the series carry that setup's target labels. */
export function scenarios(): readonly RuleScenario[] {
  return [
  {
    name: 'halves {n1,n2,n3}|{n4,n5}: partition, n4 and n5 minority',
    series: meshSeries({ groups: HALVES }),
    expectations: [
      { alert: 'NetsplitPartitionDetected', evalTime: '3m', firing: [{ severity: 'critical', scope: 'cluster', netsplit_cluster: c }] },
      { alert: 'NetsplitNodeMinority', evalTime: '3m', firing: [minority('n4'), minority('n5')] },
      { alert: 'NetsplitNodeIsolated', evalTime: '3m', firing: [] },
      { alert: 'NetsplitNodeDown', evalTime: '3m', firing: [] },
      { alert: 'NetsplitNoQuorumAnywhere', evalTime: '3m', firing: [] },
    ],
  },
  {
    name: 'halves seen only from the minority side: not "no quorum anywhere"',
    series: meshSeries({ groups: HALVES, scraped: ['n4', 'n5'] }),
    expectations: [
      { alert: 'NetsplitNoQuorumAnywhere', evalTime: '3m', firing: [] },
      { alert: 'NetsplitNodeMinority', evalTime: '3m', firing: [minority('n4'), minority('n5')] },
    ],
  },
  {
    name: 'isolated {n1..n4}|{n5}: n5 isolated, confirmed by its peers',
    series: meshSeries({ groups: ISOLATED }),
    expectations: [
      { alert: 'NetsplitNodeIsolated', evalTime: '3m', firing: [isolated('n5')] },
      { alert: 'NetsplitNodeMinority', evalTime: '3m', firing: [] },
      { alert: 'NetsplitPartitionDetected', evalTime: '3m', firing: [{ severity: 'critical', scope: 'cluster', netsplit_cluster: c }] },
    ],
  },
  {
    name: 'n5 claims isolated but only one peer lost it: no page',
    series: meshSeries({ groups: ALL, overrides: { n5: { role: 'isolated' }, n1: { deaf: ['n5'] } } }),
    expectations: [{ alert: 'NetsplitNodeIsolated', evalTime: '3m', firing: [] }],
  },
  {
    name: 'three-way {n1,n2}|{n3,n4}|{n5}: no quorum anywhere',
    series: meshSeries({ groups: THREE_WAY }),
    expectations: [
      { alert: 'NetsplitNoQuorumAnywhere', evalTime: '3m', firing: [{ severity: 'critical', scope: 'cluster', netsplit_cluster: c }] },
      { alert: 'NetsplitNodeMinority', evalTime: '3m', firing: [minority('n1'), minority('n2'), minority('n3'), minority('n4')] },
      { alert: 'NetsplitNodeIsolated', evalTime: '3m', firing: [isolated('n5')] },
    ],
  },
  {
    name: 'two agents report no quorum from their own views',
    series: meshSeries({ groups: HALVES, overrides: { n1: { noQuorum: 1 }, n2: { noQuorum: 1 } } }),
    expectations: [{ alert: 'NetsplitNoQuorumAnywhere', evalTime: '3m', firing: [{ severity: 'critical', scope: 'cluster', netsplit_cluster: c }] }],
  },
  {
    name: 'one agent alone sees a partition: no page',
    series: meshSeries({ groups: ALL, overrides: { n1: { partitionDetected: 1 } } }),
    expectations: [{ alert: 'NetsplitPartitionDetected', evalTime: '3m', firing: [] }],
  },
  {
    name: 'agent n5 stopped: unreachable by four votes, its exporter down',
    series: [
      ...meshSeries({ groups: [['n1', 'n2', 'n3', 'n4']], scraped: ['n1', 'n2', 'n3', 'n4'] }),
      ...stoppedAgent('n5'),
    ],
    expectations: [
      { alert: 'NetsplitNodeDown', evalTime: '3m', firing: [{ severity: 'warning', scope: 'node', netsplit_cluster: c, netsplit_node: 'n5' }] },
      { alert: 'NetsplitPartitionDetected', evalTime: '3m', firing: [] },
      { alert: 'NetsplitNodeIsolated', evalTime: '3m', firing: [] },
      {
        alert: 'NetsplitExporterDown',
        evalTime: '4m',
        firing: [{ severity: 'warning', scope: 'exporter', partition_explains: 'true', netsplit_cluster: c, netsplit_node: 'n5', ...targetLabels('n5') }],
      },
    ],
  },
  {
    name: 'agent n5 stopped and only n1 has a verdict on it yet: one vote nobody contradicts is NodeDown, a warning, never a partition',
    series: [
      ...meshSeries({
        groups: [['n1', 'n2', 'n3', 'n4']],
        scraped: ['n1', 'n2', 'n3', 'n4'],
        overrides: { n2: { unknown: ['n5'] }, n3: { unknown: ['n5'] }, n4: { unknown: ['n5'] } },
      }),
      ...stoppedAgent('n5'),
    ],
    expectations: [
      { alert: 'NetsplitNodeDown', evalTime: '3m', firing: [{ severity: 'warning', scope: 'node', netsplit_cluster: c, netsplit_node: 'n5' }] },
      { alert: 'NetsplitPartitionDetected', evalTime: '3m', firing: [] },
    ],
  },
  {
    name: 'n5 in maintenance and stopped: nothing is raised about it',
    series: [
      ...meshSeries({
        groups: [['n1', 'n2', 'n3', 'n4']],
        scraped: ['n1', 'n2', 'n3', 'n4'],
        overrides: Object.fromEntries((['n1', 'n2', 'n3', 'n4'] as const).map((node) => [node, { maintenance: ['n5'] }])),
      }),
      ...stoppedAgent('n5'),
    ],
    expectations: [
      { alert: 'NetsplitNodeDown', evalTime: '4m', firing: [] },
      { alert: 'NetsplitExporterDown', evalTime: '4m', firing: [] },
      { alert: 'NetsplitPartitionDetected', evalTime: '4m', firing: [] },
    ],
  },
  {
    name: 'n3 restarted (a rolling update): its peers lose it for 30 s, it comes back not ready and hears no one for a scrape: nothing fires',
    series: rollingRestart('n3'),
    expectations: ['NetsplitPartitionDetected', 'NetsplitNodeDown', 'NetsplitNodeMinority', 'NetsplitNodeIsolated', 'NetsplitExporterDown', 'NetsplitExporterBlind'].flatMap((alert) => [
      { alert, evalTime: '1m30s', firing: [] },
      { alert, evalTime: '2m', firing: [] },
      { alert, evalTime: '3m', firing: [] },
    ]),
  },
  {
    name: 'writers on two sides: split brain from one agent',
    series: meshSeries({ groups: HALVES, overrides: { n4: { splitBrain: 1 } } }),
    expectations: [{ alert: 'NetsplitSplitBrain', evalTime: '3m', firing: [{ severity: 'critical', scope: 'cluster', netsplit_cluster: c }] }],
  },
  {
    name: 'clean cut with a promoted replica: two primaries of one target, each seen from its own side',
    series: [
      ...meshSeries({ groups: HALVES }),
      ...(['n1', 'n2', 'n3'] as const).map((node) => series('netsplit_replication_role_info', { ...agentLabels(node), system: 'postgres', target: 'orders', server: '10.0.0.1:5432', role: 'primary' }, constant(1))),
      ...(['n4', 'n5'] as const).map((node) => series('netsplit_replication_role_info', { ...agentLabels(node), system: 'postgres', target: 'orders', server: '10.0.0.4:5432', role: 'primary' }, constant(1))),
    ],
    expectations: [{ alert: 'NetsplitSplitBrain', evalTime: '3m', firing: [{ severity: 'critical', scope: 'cluster', netsplit_cluster: c }] }],
  },
  {
    name: 'one primary seen by every agent, its replica by its own side: no split brain',
    series: [
      ...meshSeries({ groups: HALVES }),
      ...NODES.map((node) => series('netsplit_replication_role_info', { ...agentLabels(node), system: 'postgres', target: 'orders', server: '10.0.0.1:5432', role: 'primary' }, constant(1))),
      ...(['n4', 'n5'] as const).map((node) => series('netsplit_replication_role_info', { ...agentLabels(node), system: 'postgres', target: 'orders', server: '10.0.0.4:5432', role: 'replica' }, constant(1))),
    ],
    expectations: [{ alert: 'NetsplitSplitBrain', evalTime: '3m', firing: [] }],
  },
  {
    name: 'one-way n5→n1 dropped: asymmetric link seen by all; n2→n3 seen by one agent only',
    series: meshSeries({
      groups: ALL,
      overrides: {
        n1: { deaf: ['n5'], asymmetric: [['n5', 'n1']] },
        n2: { asymmetric: [['n5', 'n1']] },
        n3: { asymmetric: [['n5', 'n1'], ['n2', 'n3']] },
        n4: { asymmetric: [['n5', 'n1']] },
        n5: { asymmetric: [['n5', 'n1']] },
      },
    }),
    expectations: [
      {
        alert: 'NetsplitAsymmetricLink',
        evalTime: '3m',
        firing: [{ severity: 'warning', scope: 'link', partition_explains: 'true', netsplit_cluster: c, source: 'n5', target: 'n1' }],
      },
    ],
  },
  {
    name: 'majorities ring: everyone majority, no majority clique',
    series: meshSeries({
      groups: ALL,
      overrides: Object.fromEntries(NODES.map((node) => [node, { role: 'majority', majoritiesRing: 1, partitionDetected: 1 }])),
    }),
    expectations: [{ alert: 'NetsplitMajoritiesRing', evalTime: '3m', firing: [{ severity: 'warning', scope: 'cluster', netsplit_cluster: c }] }],
  },
  {
    name: 'Kubernetes halves: the minority cannot reach the API server (its pods will be evicted); the majority can',
    series: [...meshSeries({ groups: HALVES }), ...kubernetesSeries({ reaching: ['n1', 'n2', 'n3'] })],
    expectations: [
      { alert: 'NetsplitKubernetesApiServerUnreachable', evalTime: '3m', firing: [apiUnreachable('n4'), apiUnreachable('n5')] },
      { alert: 'NetsplitKubernetesApiServerCheckFailing', evalTime: '3m', firing: [] },
      { alert: 'NetsplitNodeMinority', evalTime: '3m', firing: [minority('n4'), minority('n5')] },
    ],
  },
  {
    name: 'Kubernetes API server reached by everyone but its etcd check fails',
    series: [...meshSeries(HEALTHY), ...kubernetesSeries({ reaching: NODES, failingChecks: ['etcd'] })],
    expectations: [
      {
        alert: 'NetsplitKubernetesApiServerCheckFailing',
        evalTime: '3m',
        firing: [{ severity: 'warning', scope: 'member', system: 'kubernetes', partition_explains: 'true', netsplit_cluster: c, target: KUBERNETES_TARGET, check: 'etcd' }],
      },
      { alert: 'NetsplitKubernetesApiServerUnreachable', evalTime: '3m', firing: [] },
    ],
  },
  {
    name: 'Consul halves: minority servers without leader, quorum kept',
    series: [...meshSeries({ groups: HALVES }), ...consulSeries({ groups: HALVES })],
    expectations: [
      { alert: 'NetsplitConsulServerNoLeader', evalTime: '3m', firing: [consulNoLeader('n4'), consulNoLeader('n5')] },
      { alert: 'NetsplitConsulQuorumLost', evalTime: '3m', firing: [] },
    ],
  },
  {
    name: 'Consul three-way: quorum lost everywhere',
    series: [...meshSeries({ groups: THREE_WAY }), ...consulSeries({ groups: THREE_WAY })],
    expectations: [
      { alert: 'NetsplitConsulQuorumLost', evalTime: '3m', firing: [{ severity: 'critical', scope: 'cluster', system: 'consul', netsplit_cluster: c, target: 'dc1' }] },
      { alert: 'NetsplitConsulServerNoLeader', evalTime: '3m', firing: NODES.map((node) => consulNoLeader(node)) },
    ],
  },
  {
    name: 'Consul halves seen only from the minority: two agents are not a quorum of five voters',
    series: consulSeries({ groups: HALVES, scraped: ['n4', 'n5'] }),
    expectations: [{ alert: 'NetsplitConsulQuorumLost', evalTime: '3m', firing: [] }],
  },
  {
    name: "Consul: n4's probes meet \"No known Consul servers\", n5's Consul log \"No path to datacenter\"",
    series: [
      ...meshSeries({ groups: HALVES }),
      series('netsplit_error_pattern_total', { ...agentLabels('n4'), pattern: 'consul-no-known-servers', system: 'consul', target: 'dc1' }, growing(1)),
      series('netsplit_log_pattern_matches_total', { ...agentLabels('n5'), pattern: 'consul-no-path-to-datacenter', system: 'consul', file: '/var/log/consul/consul.log' }, growing(1)),
    ],
    expectations: [
      {
        alert: 'NetsplitConsulServersUnreachable',
        evalTime: '3m',
        firing: [
          { severity: 'warning', scope: 'link', system: 'consul', partition_explains: 'true', netsplit_cluster: c, netsplit_node: 'n4', pattern: 'consul-no-known-servers' },
          { severity: 'warning', scope: 'link', system: 'consul', partition_explains: 'true', netsplit_cluster: c, netsplit_node: 'n5', pattern: 'consul-no-path-to-datacenter' },
        ],
      },
    ],
  },
  {
    name: 'Envoy: orders open from n4 with its hosts across the cut (explained); inventory open from n1 with its hosts reachable (a real fault)',
    series: [
      ...meshSeries({ groups: HALVES }),
      ...envoyAdminSeries('n1', { orders: 'network_cut', inventory: 'service_fault' }),
      ...envoyAdminSeries('n4', { orders: 'network_cut', inventory: 'healthy' }),
    ],
    expectations: [
      {
        alert: 'NetsplitEnvoyUpstreamFailing',
        evalTime: '3m',
        firing: [
          upstreamFailing('n1', 'orders', 'network_cut'),
          upstreamFailing('n1', 'inventory', 'service_fault'),
          upstreamFailing('n4', 'orders', 'network_cut'),
        ],
      },
    ],
  },
  {
    name: 'etcd halves: minority members without leader, quorum kept',
    series: [...meshSeries({ groups: HALVES }), ...etcdSeries({ groups: HALVES, leader: 'n1' })],
    expectations: [
      { alert: 'NetsplitEtcdMemberNoLeader', evalTime: '3m', firing: [noLeader('etcd-n4'), noLeader('etcd-n5')] },
      { alert: 'NetsplitEtcdQuorumLost', evalTime: '3m', firing: [] },
    ],
  },
  {
    name: 'etcd three-way: quorum lost everywhere',
    series: [...meshSeries({ groups: THREE_WAY }), ...etcdSeries({ groups: THREE_WAY, leader: 'n1' })],
    expectations: [
      { alert: 'NetsplitEtcdQuorumLost', evalTime: '3m', firing: [{ severity: 'critical', scope: 'cluster', system: 'etcd', netsplit_cluster: c, target: 'main' }] },
      {
        alert: 'NetsplitEtcdMemberNoLeader',
        evalTime: '3m',
        firing: [noLeader('etcd-n1'), noLeader('etcd-n2'), noLeader('etcd-n3'), noLeader('etcd-n4'), noLeader('etcd-n5')],
      },
    ],
  },
  {
    name: 'etcd halves seen only from the minority: two agents are not a quorum of five members',
    series: etcdSeries({ groups: HALVES, leader: 'n1', scraped: ['n4', 'n5'] }),
    expectations: [{ alert: 'NetsplitEtcdQuorumLost', evalTime: '3m', firing: [] }],
  },
  {
    name: 'etcd peer streams lost (log line and etcd\'s counter); writes time out from two agents',
    series: [
      ...patternCounters('n1', { timedOut: 1, target: 'other' }),
      ...patternCounters('n2'),
      ...patternCounters('n3'),
      ...patternCounters('n4', { peerStreamLost: 2, timedOut: 1 }),
      ...patternCounters('n5', { timedOut: 1 }),
      etcdOwnCounter('n1', 'remote-n2', '0x120'),
      etcdOwnCounter('n4', 'remote-n1', '0x6 1x114'),
    ],
    expectations: [
      {
        alert: 'NetsplitEtcdPeerStreamLost',
        evalTime: '3m',
        firing: [
          { severity: 'warning', scope: 'link', system: 'etcd', partition_explains: 'true', netsplit_cluster: c, netsplit_node: 'n4' },
          { severity: 'warning', scope: 'link', system: 'etcd', partition_explains: 'true', netsplit_cluster: c, instance: '10.0.0.4:2379', Remote: 'remote-n1' },
        ],
      },
      {
        alert: 'NetsplitEtcdWritesFailing',
        evalTime: '3m',
        firing: [{ severity: 'warning', scope: 'member', system: 'etcd', partition_explains: 'true', netsplit_cluster: c, target: 'main' }],
      },
    ],
  },
  {
    name: 'MySQL/MariaDB: IO thread No, SQL thread stopped, Connecting across a cut, Connecting seen up by one side',
    series: [
      ...replicationSeries({ system: 'mysql', target: 'legacy', replica: 'mysql-r1', agents: [{ node: 'n1', up: 0, reason: 'database', ioState: 'no' }, { node: 'n2', up: 0, reason: 'database', ioState: 'no' }] }),
      ...replicationSeries({ system: 'mysql', target: 'legacy', replica: 'mysql-r2', agents: [{ node: 'n1', up: 0, reason: 'database', sqlRunning: 0 }] }),
      ...replicationSeries({
        system: 'mysql',
        target: 'legacy',
        replica: 'mysql-r3',
        agents: [{ node: 'n1', up: 0, reason: 'network_cut', ioState: 'connecting' }, { node: 'n4', up: 0, reason: 'network_cut', ioState: 'connecting' }],
      }),
      ...replicationSeries({
        system: 'mysql',
        target: 'legacy',
        replica: 'mysql-r4',
        agents: [{ node: 'n2', up: 1, ioState: 'connecting' }, { node: 'n5', up: 0, reason: 'database', ioState: 'connecting' }],
      }),
    ],
    expectations: [
      {
        alert: 'NetsplitMySQLReplicationBroken',
        evalTime: '3m',
        firing: [
          { severity: 'critical', scope: 'replica', system: 'mysql', netsplit_cluster: c, target: 'legacy', replica: 'mysql-r1', thread: 'io' },
          { severity: 'critical', scope: 'replica', system: 'mysql', netsplit_cluster: c, target: 'legacy', replica: 'mysql-r2', thread: 'sql' },
        ],
      },
      {
        alert: 'NetsplitMySQLReplicaConnecting',
        evalTime: '3m',
        firing: [
          { severity: 'warning', scope: 'replica', system: 'mysql', netsplit_cluster: c, target: 'legacy', replica: 'mysql-r3', reason: 'network_cut', partition_explains: 'true' },
        ],
      },
    ],
  },
  {
    name: 'PostgreSQL replicas not streaming: reason unknown and database',
    series: [
      ...replicationSeries({ system: 'postgres', target: 'orders', replica: 'pg-r1', agents: [{ node: 'n1', up: 0 }, { node: 'n3', up: 0 }] }),
      ...replicationSeries({ system: 'postgres', target: 'orders', replica: 'pg-r2', agents: [{ node: 'n1', up: 0, reason: 'database' }] }),
      ...replicationSeries({ system: 'postgres', target: 'orders', replica: 'pg-r3', agents: [{ node: 'n1', up: 1 }, { node: 'n3', up: 0, reason: 'network_cut' }] }),
    ],
    expectations: [
      {
        alert: 'NetsplitPostgresReplicaNotStreaming',
        evalTime: '3m',
        firing: [
          { severity: 'warning', scope: 'replica', system: 'postgres', netsplit_cluster: c, target: 'orders', replica: 'pg-r1', reason: 'unknown' },
          { severity: 'warning', scope: 'replica', system: 'postgres', netsplit_cluster: c, target: 'orders', replica: 'pg-r2', reason: 'database' },
        ],
      },
    ],
  },
  {
    name: 'Redis replica cut from its master',
    series: replicationSeries({
      system: 'redis',
      target: 'cache',
      replica: 'redis-r1',
      agents: [{ node: 'n2', up: 0, reason: 'network_cut' }, { node: 'n4', up: 0, reason: 'network_cut' }],
    }),
    expectations: [
      {
        alert: 'NetsplitRedisMasterLinkDown',
        evalTime: '3m',
        firing: [{ severity: 'warning', scope: 'replica', system: 'redis', netsplit_cluster: c, target: 'cache', replica: 'redis-r1', reason: 'network_cut', partition_explains: 'true' }],
      },
    ],
  },
  {
    name: 'Envoy/Istio: UF responses, connect failures, an open rq_pending breaker and UO responses',
    series: envoySeries({ connectFailPerStep: 1, failureFlag: 'URX,UF', rqPendingOpen: 1, overflowPerStep: 1 }),
    expectations: [
      {
        alert: 'NetsplitEnvoyUpstreamFailures',
        evalTime: '4m',
        firing: [
          { severity: 'warning', scope: 'upstream', system: 'envoy', partition_explains: 'true', netsplit_cluster: c, destination_service: ISTIO_SERVICE },
          { severity: 'warning', scope: 'upstream', system: 'envoy', partition_explains: 'true', netsplit_cluster: c, envoy_cluster_name: ENVOY_UPSTREAM },
        ],
      },
      {
        alert: 'NetsplitEnvoyCircuitBreakerOpen',
        evalTime: '4m',
        firing: [
          { severity: 'warning', scope: 'upstream', system: 'envoy', partition_explains: 'true', netsplit_cluster: c, envoy_cluster_name: ENVOY_UPSTREAM, breaker: 'rq_pending' },
          { severity: 'warning', scope: 'upstream', system: 'envoy', partition_explains: 'true', netsplit_cluster: c, destination_service: ISTIO_SERVICE, breaker: 'UO' },
        ],
      },
    ],
  },
  {
    name: 'blind agents: n2 never ready, n3 rejecting signatures and hearing no one; n4 rejecting a stray sender while hearing its peers',
    series: [
      ...meshSeries({ groups: ALL, overrides: { n2: { ready: 0 } } }),
      ...NODES.filter((node) => node !== 'n3' && node !== 'n4').flatMap((node) => patternCounters(node)),
      ...['n3', 'n4'].flatMap((node) =>
        patternCounters(node as NodeName).filter((input) => !input.series.startsWith('netsplit_heartbeat_rejected_total')),
      ),
      series('netsplit_heartbeat_rejected_total', { ...agentLabels('n3'), reason: 'bad_signature' }, growing(2)),
      series('netsplit_heartbeat_rejected_total', { ...agentLabels('n4'), reason: 'unsigned' }, growing(5)),
      series('netsplit_heartbeats_received_total', { ...agentLabels('n4'), source: 'n1' }, growing(1)),
    ],
    expectations: [
      {
        alert: 'NetsplitExporterBlind',
        evalTime: '5m',
        firing: [
          { severity: 'warning', scope: 'exporter', netsplit_cluster: c, netsplit_node: 'n2' },
          { severity: 'warning', scope: 'exporter', netsplit_cluster: c, netsplit_node: 'n3' },
        ],
      },
    ],
  },
];
}
