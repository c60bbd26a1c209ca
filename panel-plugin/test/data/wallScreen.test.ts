/**
 * What the panel decides for a wall screen, from the data layer: several clusters are never
 * merged, the risk is apart from the level, problems with the data are said, roles are
 * derived when no role series arrived, and affected nodes are found among many.
 */
import { affectedNodes } from '../../src/data/affectedNodes';
import { buildBanner } from '../../src/data/banner';
import { buildMatrixView, MatrixResult } from '../../src/data/buildMatrixView';
import { dataProblems } from '../../src/data/dataProblems';
import { groupSummaries } from '../../src/data/groupSummaries';
import { MatrixView } from '../../src/data/matrixView';
import { levelChipTone, riskOf } from '../../src/data/risk';
import { defaultOptions } from '../../src/options';
import { at, links, mesh, vector } from '../support/promBuilders';
import { prometheusToFrames } from '../support/prometheusToFrames';
import { loadRecording, recordingFrames } from '../support/recordings';
import type { PromSuccess } from '../../../test/browser/fixtures/prometheusApi';

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const now = at * 1000;

function view(result: MatrixResult): MatrixView {
  if (result.kind !== 'matrix') throw new Error(`expected a matrix, got ${result.kind}`);
  return result.view;
}

function inCluster(response: PromSuccess, cluster: string): PromSuccess {
  if (response.data.resultType !== 'vector') throw new Error('vector expected');
  return { ...response, data: { ...response.data, result: response.data.result.map((entry) => ({ ...entry, metric: { ...entry.metric, netsplit_cluster: cluster } })) } };
}

test('two clusters sharing node names: no merged matrix, each judged on its own', () => {
  const five = ['n1', 'n2', 'n3', 'n4', 'n5'];
  const cut = ['n1', 'n2', 'n3'].flatMap((a) => ['n4', 'n5'].flatMap((b) => [`${a}>${b}`, `${b}>${a}`]));
  const frames = [
    ...prometheusToFrames(inCluster(links(mesh(five, cut)), 'eu'), 'A', 'timeseries'),
    ...prometheusToFrames(inCluster(links(mesh(five)), 'us'), 'A', 'timeseries'),
  ];
  const result = buildMatrixView(frames, defaultOptions);
  if (result.kind !== 'severalClusters') throw new Error(result.kind);
  expect(result.clusters.map((cluster) => cluster.name)).toEqual(['eu', 'us']);
  const sentences = result.clusters.map((cluster) => ('view' in cluster ? `${cluster.view.cluster}: ${cluster.view.counts.down} down, groups ${JSON.stringify(cluster.view.groups)}` : cluster.name));
  expect(sentences).toEqual(['eu: 12 down, groups [["n1","n2","n3"],["n4","n5"]]', 'us: 0 down, groups [["n1","n2","n3","n4","n5"]]']);
});

test('two clusters in one table (an instant query in table shape): the link columns are split by row', () => {
  const five = ['n1', 'n2', 'n3', 'n4', 'n5'];
  const cut = ['n1', 'n2', 'n3'].flatMap((a) => ['n4', 'n5'].flatMap((b) => [`${a}>${b}`, `${b}>${a}`]));
  const eu = inCluster(links(mesh(five, cut)), 'eu');
  const us = inCluster(links(mesh(five)), 'us');
  if (eu.data.resultType !== 'vector' || us.data.resultType !== 'vector') throw new Error('vector expected');
  // Rows of both clusters interleaved, as Prometheus may return them.
  const usRows = us.data.result;
  const both: PromSuccess = { status: 'success', data: { resultType: 'vector', result: eu.data.result.flatMap((entry, index) => [entry, usRows[index]!]) } };
  const result = buildMatrixView(prometheusToFrames(both, 'A', 'table'), defaultOptions);
  if (result.kind !== 'severalClusters') throw new Error(result.kind);
  const sentences = result.clusters.map((cluster) => ('view' in cluster ? `${cluster.view.cluster}: ${cluster.view.counts.down} down, groups ${JSON.stringify(cluster.view.groups)}` : cluster.name));
  expect(sentences).toEqual(['eu: 12 down, groups [["n1","n2","n3"],["n4","n5"]]', 'us: 0 down, groups [["n1","n2","n3","n4","n5"]]']);
});

test('the cluster label is an option: relabelled series still split by cluster', () => {
  const frames = [
    ...prometheusToFrames(links(mesh(['a', 'b'])), 'A', 'timeseries').map((frame) => frame),
  ];
  // netsplit_cluster="c" on every series: one cluster, named.
  expect(view(buildMatrixView(frames, defaultOptions)).cluster).toBe('c');
  // Pointed at a label no series has: one unnamed cluster.
  expect(view(buildMatrixView(frames, { ...defaultOptions, labels: { ...defaultOptions.labels, cluster: 'k8s_cluster' } })).cluster).toBeNull();
});

test('risk chip: split brain red naming the writers; a bridge amber; L0 never green beside a warning', () => {
  const recording = loadRecording('halves');
  const writers = vector('netsplit_split_brain_writer', [
    [{ netsplit_cluster: 'lab', netsplit_node: 'n1', system: 'etcd', target: 'main', writer_node: 'n1' }, '1'],
    [{ netsplit_cluster: 'lab', netsplit_node: 'n4', system: 'etcd', target: 'main', writer_node: 'n4' }, '1'],
  ]);
  const splitBrain = vector('netsplit_split_brain', [[{ netsplit_cluster: 'lab', netsplit_node: 'n4' }, '1']]);
  const frames = [...recordingFrames(recording, 'timeseries').filter((frame) => frame.refId !== 'J'), ...prometheusToFrames(writers, 'K', 'timeseries'), ...prometheusToFrames(splitBrain, 'J', 'timeseries')];
  const split = view(buildMatrixView(frames, defaultOptions));
  const banner = buildBanner(split, clock, now);
  expect(banner.sentence).toBe('Split brain: writers on n1 n4 — fence the minority-side writer now');
  expect(riskOf(split, banner, [])).toEqual({ severity: 'critical', text: 'SPLIT BRAIN · writers n1 n4' });

  const bridge = view(buildMatrixView(recordingFrames(loadRecording('bridge'), 'table'), defaultOptions));
  const bridgeRisk = riskOf(bridge, buildBanner(bridge, clock, now), []);
  expect(bridgeRisk).toEqual({ severity: 'warning', text: 'BRIDGE n3' });
  expect(levelChipTone(bridge.level, bridgeRisk)).toBe('neutral');

  const ring = view(buildMatrixView(recordingFrames(loadRecording('majoritiesRing'), 'table'), defaultOptions));
  expect(riskOf(ring, buildBanner(ring, clock, now), [])).toEqual({ severity: 'warning', text: 'MAJORITIES RING' });
  const threeWay = view(buildMatrixView(recordingFrames(loadRecording('threeWay'), 'table'), defaultOptions));
  expect(riskOf(threeWay, buildBanner(threeWay, clock, now), [])).toEqual({ severity: 'warning', text: 'NO QUORUM ANYWHERE' });
  const stopped = view(buildMatrixView(recordingFrames(loadRecording('agentStopped'), 'table'), defaultOptions));
  expect(riskOf(stopped, buildBanner(stopped, clock, now), [])).toEqual({ severity: 'warning', text: 'NO DATA · 1 node' });

  const healthy = view(buildMatrixView(recordingFrames(loadRecording('healthy'), 'table'), defaultOptions));
  const healthyBanner = buildBanner(healthy, clock, now);
  expect(riskOf(healthy, healthyBanner, [])).toEqual({ severity: 'ok', text: 'OK' });
  expect(levelChipTone(0, riskOf(healthy, healthyBanner, []))).toBe('level');
  expect(riskOf(healthy, healthyBanner, ['query D failed'])).toEqual({ severity: 'warning', text: 'PARTIAL DATA' });
});

test('role and level queries failed: roles derived from the matrix, and the banner says so', () => {
  const recording = loadRecording('halves');
  const frames = recordingFrames(recording, 'timeseries').filter((frame) => frame.refId !== 'D' && frame.refId !== 'E');
  const derived = view(buildMatrixView(frames, defaultOptions));
  expect(derived.rolesDerived).toBe(true);
  expect(derived.nodes.map((node) => `${node.name} ${node.role} L${node.level}`)).toEqual(['n1 majority L0', 'n2 majority L0', 'n3 majority L0', 'n4 minority L1', 'n5 minority L1']);
  expect(buildBanner(derived, clock, now).sentence).toBe('Split: n1 n2 n3 hold quorum — n4 n5 read-only');
  expect(dataProblems(derived, [{ refId: 'D', message: 'bad_data: parse error' }, { refId: 'E' }], now, 120, clock)).toEqual([
    'query D failed: bad_data: parse error',
    'query E failed',
    'no netsplit_node_role series — roles derived from the matrix',
  ]);
});

test('derived roles: an agent nobody hears from is no data, not isolated', () => {
  const frames = recordingFrames(loadRecording('agentStopped'), 'table').filter((frame) => frame.refId !== 'D');
  const derived = view(buildMatrixView(frames, defaultOptions));
  expect(derived.nodes.map((node) => `${node.name}:${node.role}`)).toEqual(['n1:majority', 'n2:majority', 'n3:majority', 'n4:majority', 'n5:unknown']);
  expect([derived.groups, derived.noData]).toEqual([[['n1', 'n2', 'n3', 'n4']], ['n5']]);
  // The silent agent is no side: one summary line, for the four that talk.
  expect(groupSummaries(derived).map((group) => group.text)).toEqual(['MAJORITY · 4 nodes · L0 full service']);
});

test('stale: the newest sample far behind the end of the time range is said, with its age', () => {
  const healthy = view(buildMatrixView(recordingFrames(loadRecording('healthy'), 'table'), defaultOptions));
  expect(dataProblems(healthy, [], now, 120, clock)).toEqual([]);
  expect(dataProblems(healthy, [], now + 12 * 60_000, 120, clock)).toEqual(['stale: newest sample 10:05:07, 12 min old']);
});

test('200 nodes, one isolated: its row is affected, and the blocks say what they are', () => {
  const names = Array.from({ length: 200 }, (_, index) => `n${index + 1}`);
  const cut = names.slice(0, 199).flatMap((other) => [`${other}>n200`, `n200>${other}`]);
  const frames = prometheusToFrames(links(mesh(names, cut)), 'A', 'table');
  const isolated = view(buildMatrixView(frames, defaultOptions));
  // No role series: derived. n200 is last (smallest group) and the only affected node.
  expect(affectedNodes(isolated).map((entry) => `${entry.index} ${entry.node.name} ${entry.reason}`)).toEqual(['199 n200 isolated']);
  expect(groupSummaries(isolated).map((group) => group.text)).toEqual(['MAJORITY · 199 nodes · L0 full service', 'ISOLATED · 1 node · L2 cached responses']);
});
