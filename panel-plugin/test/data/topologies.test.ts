/**
 * Every topology of the ground-truth table (docs/architecture.md) (5 nodes), read from recorded Prometheus answers in both
 * frame shapes Grafana delivers, must give the same literal view model.
 */
import { buildBanner } from '../../src/data/banner';
import { buildMatrixView } from '../../src/data/buildMatrixView';
import { cellAt, MatrixView } from '../../src/data/matrixView';
import { matrixText } from '../../src/data/matrixText';
import { defaultOptions } from '../../src/options';
import { loadRecording, recordingFrames } from '../support/recordings';

const utcClock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

interface Expected {
  rows: string[];
  /** name, role, level, group index, bridge */
  nodes: Array<[string, string, number | null, number, boolean]>;
  groups: string[][];
  counts: { up: number; down: number; unknown: number; oneWay: number };
  level: number | null;
  banner: string;
}

const expected: Record<string, Expected> = {
  healthy: {
    rows: ['·✓✓✓✓', '✓·✓✓✓', '✓✓·✓✓', '✓✓✓·✓', '✓✓✓✓·'],
    nodes: [['n1', 'healthy', 0, 0, false], ['n2', 'healthy', 0, 0, false], ['n3', 'healthy', 0, 0, false], ['n4', 'healthy', 0, 0, false], ['n5', 'healthy', 0, 0, false]],
    groups: [['n1', 'n2', 'n3', 'n4', 'n5']],
    counts: { up: 20, down: 0, unknown: 0, oneWay: 0 },
    level: 0,
    banner: 'Healthy: all 5 nodes in two-way contact',
  },
  halves: {
    rows: ['·✓✓✗✗', '✓·✓✗✗', '✓✓·✗✗', '✗✗✗·✓', '✗✗✗✓·'],
    nodes: [['n1', 'majority', 0, 0, false], ['n2', 'majority', 0, 0, false], ['n3', 'majority', 0, 0, false], ['n4', 'minority', 1, 1, false], ['n5', 'minority', 1, 1, false]],
    groups: [['n1', 'n2', 'n3'], ['n4', 'n5']],
    counts: { up: 8, down: 12, unknown: 0, oneWay: 0 },
    level: 1,
    banner: 'Split: n1 n2 n3 hold quorum — n4 n5 read-only since 10:01:07',
  },
  isolated: {
    rows: ['·✓✓✓✗', '✓·✓✓✗', '✓✓·✓✗', '✓✓✓·✗', '✗✗✗✗·'],
    nodes: [['n1', 'majority', 0, 0, false], ['n2', 'majority', 0, 0, false], ['n3', 'majority', 0, 0, false], ['n4', 'majority', 0, 0, false], ['n5', 'isolated', 2, 1, false]],
    groups: [['n1', 'n2', 'n3', 'n4'], ['n5']],
    counts: { up: 12, down: 8, unknown: 0, oneWay: 0 },
    level: 2,
    banner: 'Split: n1 n2 n3 n4 hold quorum — n5 cached responses since 10:01:07',
  },
  threeWay: {
    rows: ['·✓✗✗✗', '✓·✗✗✗', '✗✗·✓✗', '✗✗✓·✗', '✗✗✗✗·'],
    nodes: [['n1', 'minority', 1, 0, false], ['n2', 'minority', 1, 0, false], ['n3', 'minority', 1, 1, false], ['n4', 'minority', 1, 1, false], ['n5', 'isolated', 2, 2, false]],
    groups: [['n1', 'n2'], ['n3', 'n4'], ['n5']],
    counts: { up: 4, down: 16, unknown: 0, oneWay: 0 },
    level: 2,
    banner: 'No quorum: no side holds a majority — n1 n2 n3 n4 read-only, n5 cached responses since 10:01:07',
  },
  bridge: {
    rows: ['·✓✓✗✗', '✓·✓✗✗', '✓✓·✓✓', '✗✗✓·✓', '✗✗✓✓·'],
    nodes: [['n1', 'majority', 0, 0, false], ['n2', 'majority', 0, 0, false], ['n3', 'healthy', 0, 0, true], ['n4', 'majority', 0, 0, false], ['n5', 'majority', 0, 0, false]],
    groups: [['n1', 'n2', 'n3', 'n4', 'n5']],
    counts: { up: 12, down: 8, unknown: 0, oneWay: 0 },
    level: 0,
    banner: 'Bridge: n3 is the only path between n1 n2 and n4 n5 — losing it splits the cluster',
  },
  majoritiesRing: {
    rows: ['·✓✗✗✓', '✓·✓✗✗', '✗✓·✓✗', '✗✗✓·✓', '✓✗✗✓·'],
    nodes: [['n1', 'majority', 0, 0, false], ['n2', 'majority', 0, 0, false], ['n3', 'majority', 0, 0, false], ['n4', 'majority', 0, 0, false], ['n5', 'majority', 0, 0, false]],
    groups: [['n1', 'n2', 'n3', 'n4', 'n5']],
    counts: { up: 10, down: 10, unknown: 0, oneWay: 0 },
    level: 0,
    banner: 'Majorities ring: every node sees a majority, but no majority sees itself whole — leader churn likely',
  },
  oneWay: {
    rows: ['·✓✓✓✓', '✓·✓✓✓', '✓✓·✓✓', '✓✓✓·✓', '↛✓✓✓·'],
    nodes: [['n1', 'majority', 0, 0, false], ['n2', 'healthy', 0, 0, false], ['n3', 'healthy', 0, 0, false], ['n4', 'healthy', 0, 0, false], ['n5', 'majority', 0, 0, false]],
    groups: [['n1', 'n2', 'n3', 'n4', 'n5']],
    counts: { up: 19, down: 1, unknown: 0, oneWay: 1 },
    level: 0,
    banner: 'One-way link: n5 → n1 down, n1 → n5 up — no split',
  },
  agentStopped: {
    // Links into n5 are unknown (n5 exported nothing), links out of it down (its peers say so).
    rows: ['·✓✓✓?', '✓·✓✓?', '✓✓·✓?', '✓✓✓·?', '✗✗✗✗·'],
    nodes: [['n1', 'majority', 0, 0, false], ['n2', 'majority', 0, 0, false], ['n3', 'majority', 0, 0, false], ['n4', 'majority', 0, 0, false], ['n5', 'unknown', null, 1, false]],
    // A silent agent is no side of a cut: n5 is in no group (view.noData).
    groups: [['n1', 'n2', 'n3', 'n4']],
    counts: { up: 12, down: 4, unknown: 4, oneWay: 0 },
    level: 0,
    banner: 'No data from n5 — n1 n2 n3 n4 hold quorum',
  },
};

function summary(view: MatrixView): Expected {
  return {
    rows: matrixText(view),
    nodes: view.nodes.map((node) => [node.name, node.role, node.level, node.group, node.bridge]),
    groups: view.groups,
    counts: view.counts,
    level: view.level,
    banner: buildBanner(view, utcClock).sentence,
  };
}

describe.each(['timeseries', 'table'] as const)('%s frames', (shape) => {
  test.each(Object.keys(expected))('%s', (topology) => {
    const result = buildMatrixView(recordingFrames(loadRecording(topology), shape), defaultOptions);
    if (result.kind !== 'matrix') throw new Error(`expected a matrix, got ${result.kind}`);
    expect(summary(result.view)).toEqual(expected[topology]);
  });
});

test('halves: the complete view model', () => {
  const result = buildMatrixView(recordingFrames(loadRecording('halves'), 'timeseries'), defaultOptions);
  if (result.kind !== 'matrix') throw new Error(result.kind);
  const cut = Date.UTC(2026, 10, 26, 10, 1, 7);
  const view = result.view;
  expect(view.nodes).toEqual([
    { name: 'n1', label: 'n1', role: 'majority', level: 0, group: 0, bridge: false, sinceMs: cut, zone: null },
    { name: 'n2', label: 'n2', role: 'majority', level: 0, group: 0, bridge: false, sinceMs: cut, zone: null },
    { name: 'n3', label: 'n3', role: 'majority', level: 0, group: 0, bridge: false, sinceMs: cut, zone: null },
    { name: 'n4', label: 'n4', role: 'minority', level: 1, group: 1, bridge: false, sinceMs: cut, zone: null },
    { name: 'n5', label: 'n5', role: 'minority', level: 1, group: 1, bridge: false, sinceMs: cut, zone: null },
  ]);
  expect(view.bridges).toEqual([]);
  expect([view.cluster, view.noData, view.rolesDerived, view.missing, view.writers]).toEqual(['lab', [], false, [], []]);
  expect([view.order, view.zones, view.linksExported, view.aggregates]).toEqual(['partition', [], 'all', undefined]);
  expect(view.partitionDetected).toBe(true);
  expect(view.newestMs).toBe(Date.UTC(2026, 10, 26, 10, 5, 7));
  expect([...view.states]).toEqual([0, 1, 1, 2, 2, 1, 0, 1, 2, 2, 1, 1, 0, 2, 2, 2, 2, 2, 0, 1, 2, 2, 2, 1, 0]);
  expect([...view.oneWay]).toEqual(Array(25).fill(0));
  // RTT is known only for two-way pairs; the cut pairs answered NaN.
  expect(cellAt(view, 0, 1).rttSeconds).toBeCloseTo(0.0003 + ((1 * 7919 + 2 * 104729) % 1000) * 1.2e-6, 9);
  expect(cellAt(view, 0, 3).rttSeconds).toBeNull();
  expect(buildBanner(view, utcClock, Date.UTC(2026, 10, 26, 10, 5, 7))).toEqual({
    kind: 'split',
    level: 1,
    levelName: 'read-only',
    sentence: 'Split: n1 n2 n3 hold quorum — n4 n5 read-only since 10:01:07, for 4 min',
    detail: '5 nodes · 2 groups · 8 up · 12 down · as of 10:05:07',
    about: ['n4', 'n5'],
  });
});

test('split brain reported by any agent outranks everything else in the banner', () => {
  const recording = loadRecording('halves');
  const withSplitBrain = {
    ...recording,
    queries: recording.queries.map((query) =>
      query.refId !== 'J' || query.response.data.resultType !== 'vector'
        ? query
        : { ...query, response: { ...query.response, data: { ...query.response.data, result: query.response.data.result.map((r) => (r.metric.netsplit_node === 'n4' ? { ...r, value: [r.value[0], '1'] as [number, string] } : r)) } } },
    ),
  };
  const result = buildMatrixView(recordingFrames(withSplitBrain, 'table'), defaultOptions);
  if (result.kind !== 'matrix') throw new Error(result.kind);
  expect([result.view.splitBrain, result.view.majoritiesRing]).toEqual([true, false]);
  expect(buildBanner(result.view, () => '10:01:07')).toEqual({
    kind: 'splitBrain',
    level: 1,
    levelName: 'read-only',
    sentence: 'Split brain: writers on two sides of the cut — fence the minority-side writer now',
    detail: '5 nodes · 2 groups · 8 up · 12 down · as of 10:01:07',
    about: [],
  });
});

test('bridge: the bridge and the sides it joins', () => {
  const result = buildMatrixView(recordingFrames(loadRecording('bridge'), 'table'), defaultOptions);
  if (result.kind !== 'matrix') throw new Error(result.kind);
  expect(result.view.bridges).toEqual([{ name: 'n3', sides: [['n1', 'n2'], ['n4', 'n5']] }]);
});

test('sort by name keeps name order while groups stay known', () => {
  const result = buildMatrixView(recordingFrames(loadRecording('majoritiesRing'), 'timeseries'), { ...defaultOptions, sort: 'name' });
  if (result.kind !== 'matrix') throw new Error(result.kind);
  expect(result.view.nodes.map((node) => node.name)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
});
