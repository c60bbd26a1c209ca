/** Edge cases of reading frames: unknown is never down, names and shapes as configured. */
import { createDataFrame, FieldType } from '@grafana/data';
import { buildMatrixView, MatrixResult } from '../../src/data/buildMatrixView';
import { matrixText } from '../../src/data/matrixText';
import { defaultOptions, MatrixOptions } from '../../src/options';
import { prometheusToFrames } from '../support/prometheusToFrames';
import type { PromSuccess } from '../../../test/browser/fixtures/prometheusApi';
import { at, links, mesh, vector } from '../support/promBuilders';

const names = ['n1', 'n2', 'n3'];

function view(result: MatrixResult) {
  if (result.kind !== 'matrix') throw new Error(`expected a matrix, got ${result.kind}`);
  return result.view;
}

function build(responses: Array<ReturnType<typeof vector>>, options: Partial<MatrixOptions> = {}, shape: 'timeseries' | 'table' = 'timeseries') {
  const frames = responses.flatMap((response, index) => prometheusToFrames(response, String.fromCharCode(65 + index), shape));
  return buildMatrixView(frames, { ...defaultOptions, ...options });
}

test('NaN and missing pairs are unknown, not down', () => {
  const states = mesh(names);
  states['n1>n2'] = 'NaN';
  delete states['n3>n1'];
  expect(matrixText(view(build([links(states)], { sort: 'name' })))).toEqual(['·?✓', '✓·✓', '?✓·']);
  // Unknown is no two-way contact either: n1 forms its own group, after n2 n3.
  expect(view(build([links(states)])).groups).toEqual([['n2', 'n3'], ['n1']]);
});

test('samples older than the stale window are unknown', () => {
  const fresh = links(mesh(names, ['n2>n3']));
  const old = vector('netsplit_link_up', [[{ source: 'n2', target: 'n3', netsplit_node: 'n3' }, '0']], at - 600);
  const withoutStale = { ...fresh, data: { ...fresh.data, result: fresh.data.result.filter((entry) => !(entry.metric.source === 'n2' && entry.metric.target === 'n3')) } } as typeof fresh;
  expect(matrixText(view(build([withoutStale, old])))).toEqual(['·✓✓', '✓·?', '✓✓·']);
  expect(matrixText(view(build([withoutStale, old], { staleAfterSeconds: 900 })))).toEqual(['·✓✓', '✓·↛', '✓✓·']);
});

test('an agent that is not ready yet makes the links it hears unknown', () => {
  const ready = vector('netsplit_ready', [
    [{ netsplit_node: 'n1' }, '1'],
    [{ netsplit_node: 'n2' }, '1'],
    [{ netsplit_node: 'n3' }, '0'],
  ]);
  expect(matrixText(view(build([links(mesh(names)), ready])))).toEqual(['·✓?', '✓·?', '✓✓·']);
});

test("the target agent's own series wins over a relayed copy", () => {
  const relayed = vector('netsplit_link_up', [[{ source: 'n1', target: 'n2', netsplit_node: 'n3' }, '0']]);
  expect(matrixText(view(build([links(mesh(names)), relayed])))[0]).toBe('·✓✓');
  expect(matrixText(view(build([relayed, links(mesh(names))])))[0]).toBe('·✓✓');
});

test('label names are configurable', () => {
  const response = vector(
    'netsplit_link_up',
    Object.entries(mesh(names, ['n1>n3'])).map(([pair, value]) => {
      const [from, to] = pair.split('>') as [string, string];
      return [{ from, to, agent: to }, value];
    }),
  );
  const options = { labels: { ...defaultOptions.labels, source: 'from', target: 'to', node: 'agent' } };
  expect(matrixText(view(build([response], options)))).toEqual(['·✓↛', '✓·✓', '✓✓·']);
  expect(build([response]).kind).toBe('noLinks');
});

test('a query without __name__ is recognised by its refId', () => {
  const nameless = vector(null, Object.entries(mesh(names, ['n2>n1'])).map(([pair, value]) => {
    const [source, target] = pair.split('>') as [string, string];
    return [{ source, target }, value];
  }));
  const frames = prometheusToFrames(nameless, 'link_up', 'timeseries');
  expect(matrixText(view(buildMatrixView(frames, defaultOptions)))).toEqual(['·✓✓', '↛·✓', '✓✓·']);
  const tableFrames = prometheusToFrames(nameless, 'netsplit_link_up', 'table');
  expect(tableFrames[0]!.fields.map((field) => field.name)).toEqual(['Time', 'source', 'target', 'Value #netsplit_link_up']);
  expect(matrixText(view(buildMatrixView(tableFrames, defaultOptions)))).toEqual(['·✓✓', '↛·✓', '✓✓·']);
});

test('partition order puts the biggest group first; name order keeps names', () => {
  const cut = ['n1', 'n4'].flatMap((a) => ['n2', 'n3', 'n5'].flatMap((b) => [`${a}>${b}`, `${b}>${a}`]));
  const five = ['n1', 'n2', 'n3', 'n4', 'n5'];
  const byPartition = view(build([links(mesh(five, cut))]));
  expect(byPartition.nodes.map((node) => node.name)).toEqual(['n2', 'n3', 'n5', 'n1', 'n4']);
  expect(byPartition.groups).toEqual([['n2', 'n3', 'n5'], ['n1', 'n4']]);
  expect(matrixText(byPartition)).toEqual(['·✓✓✗✗', '✓·✓✗✗', '✓✓·✗✗', '✗✗✗·✓', '✗✗✗✓·']);
  const byName = view(build([links(mesh(five, cut))], { sort: 'name' }));
  expect(byName.nodes.map((node) => `${node.name}:${node.group}`)).toEqual(['n1:1', 'n2:0', 'n3:0', 'n4:1', 'n5:0']);
  expect(matrixText(byName)).toEqual(['·✗✗✓✗', '✗·✓✗✓', '✗✓·✗✓', '✓✗✗·✗', '✗✓✓✗·']);
});

test('since comes from the point where the last value began', () => {
  const range: PromSuccess = {
    status: 'success',
    data: {
      resultType: 'matrix',
      result: [
        { metric: { __name__: 'netsplit_degradation_level', netsplit_node: 'n1' }, values: [[at - 30, '0'], [at - 15, '1'], [at, '1']] },
        { metric: { __name__: 'netsplit_node_role', netsplit_node: 'n1', role: 'minority' }, values: [[at - 30, '0'], [at - 15, '1'], [at, '1']] },
      ],
    },
  };
  for (const shape of ['timeseries', 'table'] as const) {
    const frames = [...prometheusToFrames(links(mesh(['n1', 'n2'], ['n1>n2', 'n2>n1'])), 'A', shape), ...prometheusToFrames(range, 'B', shape)];
    const node = view(buildMatrixView(frames, defaultOptions)).nodes.find((n) => n.name === 'n1');
    expect(node).toEqual({ name: 'n1', label: 'n1', role: 'minority', level: 1, group: 0, bridge: false, sinceMs: (at - 15) * 1000, zone: null });
  }
});

test('no frames, frames without links, and too many nodes are problems, not matrices', () => {
  expect(buildMatrixView([], defaultOptions)).toEqual({ kind: 'noData' });
  expect(buildMatrixView([createDataFrame({ fields: [{ name: 'Value', type: FieldType.number, values: [] }] })], defaultOptions)).toEqual({ kind: 'noData' });
  expect(build([vector('netsplit_ready', [[{ netsplit_node: 'n1' }, '1']])])).toEqual({ kind: 'noLinks', metric: 'netsplit_link_up' });
  expect(build([links(mesh(['n1', 'n2', 'n3', 'n4']))], { maxNodes: 3 })).toEqual({ kind: 'tooManyNodes', nodes: 4, maxNodes: 3 });
});

test('series of other metrics are ignored', () => {
  const other = vector('up', [[{ job: 'netsplit', instance: 'x' }, '1']]);
  expect(matrixText(view(build([other, links(mesh(['n1', 'n2']))])))).toEqual(['·✓', '✓·']);
});
