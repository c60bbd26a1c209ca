/**
 * The metric contract documents every value a label with a fixed vocabulary can take: the
 * vocabularies live in the modules that produce them, the words in contract/metrics.ts (and so
 * in docs/metrics.md). A value added in code without a word in the docs fails here.
 */
import { allMetrics, ENVOY_METRICS, MESH_METRICS, REPLICATION_METRICS, TCP_METRICS, type MetricContract } from '../../src/contract/metrics';
import { UPSTREAM_FAULT_REASONS } from '../../src/metrics/envoy';
import { ROLES } from '../../src/contract/vocabulary';
import { HEARTBEAT_REJECT_REASONS, ROW_REJECT_REASONS, VIEW_REJECT_REASONS } from '../../src/mesh/rejections';
import { DOWN_REASONS } from '../../src/probes/replication-links';
import { IO_STATES, PROBE_FAILURE_KINDS } from '../../src/probes/replication-model';
import { TCP_RESULTS } from '../../src/probes/tcp';
import { SHED_REASONS } from '../../src/server/connection-limit';
import { VIEW_PULL_RESULTS } from '../../src/mesh/view-puller';
import { MEMBER_STATES, MEMBERSHIP_CHANGES } from '../../src/membership';
import { LINK_STATES } from '../../src/metrics/publish';

/** Values the metric's documentation does not name in backticks. */
function undocumented(metric: MetricContract, values: readonly string[]): string[] {
  const named = new Set([...(metric.doc ?? '').matchAll(/`([^`]+)`/g)].flatMap((match) => (match[1] ?? '').split(' ')));
  return values.filter((value) => !named.has(value));
}

test('every label value of a fixed vocabulary is documented with its metric', () => {
  expect({
    heartbeatRejected: undocumented(MESH_METRICS.heartbeatRejected, HEARTBEAT_REJECT_REASONS),
    viewRejected: undocumented(MESH_METRICS.viewRejected, VIEW_REJECT_REASONS),
    viewRowsRejected: undocumented(MESH_METRICS.viewRowsRejected, ROW_REJECT_REASONS),
    httpConnectionsShed: undocumented(MESH_METRICS.httpConnectionsShed, SHED_REASONS),
    nodeRole: undocumented(MESH_METRICS.nodeRole, ROLES),
    viewPulls: undocumented(MESH_METRICS.viewPulls, VIEW_PULL_RESULTS),
    tcpResult: undocumented(TCP_METRICS.result, TCP_RESULTS),
    ioState: undocumented(REPLICATION_METRICS.ioState, IO_STATES),
    downReason: undocumented(REPLICATION_METRICS.downReason, DOWN_REASONS),
    probeFailures: undocumented(REPLICATION_METRICS.probeFailures, PROBE_FAILURE_KINDS),
    envoyFaultReason: undocumented(ENVOY_METRICS.faultReason, UPSTREAM_FAULT_REASONS),
    members: undocumented(MESH_METRICS.members, MEMBER_STATES),
    membershipChanges: undocumented(MESH_METRICS.membershipChanges, MEMBERSHIP_CHANGES),
    discoveryRefreshes: undocumented(MESH_METRICS.discoveryRefreshes, ['dns', 'kubernetes', 'ok', 'error']),
    zoneLinks: undocumented(MESH_METRICS.zoneLinks, LINK_STATES),
  }).toEqual({
    heartbeatRejected: [],
    viewRejected: [],
    viewRowsRejected: [],
    httpConnectionsShed: [],
    nodeRole: [],
    viewPulls: [],
    tcpResult: [],
    ioState: [],
    downReason: [],
    probeFailures: [],
    envoyFaultReason: [],
    members: [],
    membershipChanges: [],
    discoveryRefreshes: [],
    zoneLinks: [],
  });
});

test('a state set names its state label last, and a counter ends in _total', () => {
  const all = allMetrics();
  expect(all.filter((m) => (m.type === 'counter') !== m.name.endsWith('_total')).map((m) => m.name)).toEqual([]);
  expect(all.filter((m) => m.stateSet).map((m) => `${m.name}{${m.labels.at(-1)}}`)).toEqual([
    'netsplit_link_series_mode{mode}',
    'netsplit_node_role{role}',
    'netsplit_tcp_probe_result{result}',
    'netsplit_replication_io_state{state}',
    'netsplit_replication_down_reason{reason}',
    'netsplit_envoy_upstream_fault_reason{reason}',
  ]);
});
