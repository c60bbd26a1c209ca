/**
 * Large clusters: the exporters' down-only mode (only broken links exported), zones from
 * `netsplit_member_info` or a pattern on names, and zones collapsed into one row each.
 */
import { buildBanner } from '../../src/data/banner';
import { buildMatrixView, MatrixResult } from '../../src/data/buildMatrixView';
import { collapseZones, zoneBlocks } from '../../src/data/collapseZones';
import { groupSummaries } from '../../src/data/groupSummaries';
import { cellAt, MatrixView } from '../../src/data/matrixView';
import { matrixText } from '../../src/data/matrixText';
import { defaultOptions, MatrixOptions } from '../../src/options';
import { recordingFrames } from '../support/recordings';
import { FixtureVariant, recordFixture, Topology, topologies } from '../../../test/browser/fixtures/make-fixtures';

function view(result: MatrixResult): MatrixView {
  if (result.kind !== 'matrix') throw new Error(`expected a matrix, got ${result.kind}`);
  return result.view;
}

function build(topology: Topology, nodes: number, variant: FixtureVariant, options: Partial<MatrixOptions> = {}, shape: 'table' | 'timeseries' = 'table') {
  return buildMatrixView(recordingFrames(recordFixture(topology, nodes, variant), shape), { ...defaultOptions, ...options });
}

test.each(topologies)('%s: down-only links draw the same matrix and sentence as all links', (topology) => {
  const all = view(build(topology, 5, {}));
  const down = view(build(topology, 5, { links: 'down' }, { linksExported: 'down' }));
  expect(matrixText(down)).toEqual(matrixText(all));
  expect(down.groups).toEqual(all.groups);
  expect(buildBanner(down, (ms) => String(ms), null).sentence).toBe(buildBanner(all, (ms) => String(ms), null).sentence);
});

test('down-only, healthy: no link series at all, the ready agents name the nodes, every link up', () => {
  const recording = recordFixture('healthy', 5, { links: 'down' });
  expect(recording.queries.find((query) => query.refId === 'A')!.response.data.result).toEqual([]);
  const healthy = view(build('healthy', 5, { links: 'down' }, { linksExported: 'down' }));
  expect(matrixText(healthy)).toEqual(['·✓✓✓✓', '✓·✓✓✓', '✓✓·✓✓', '✓✓✓·✓', '✓✓✓✓·']);
  expect(buildBanner(healthy, String, null).sentence).toBe('Healthy: all 5 nodes in two-way contact');
  // Without the option the panel does not guess: no link series is no data.
  expect(build('healthy', 5, { links: 'down' }).kind).toBe('noLinks');
});

test('down-only, an agent stopped: its missing series are unknown, never up', () => {
  const stopped = view(build('agentStopped', 5, { links: 'down' }, { linksExported: 'down', sort: 'name' }));
  expect(matrixText(stopped)).toEqual(['·✓✓✓?', '✓·✓✓?', '✓✓·✓?', '✓✓✓·?', '✗✗✗✗·']);
});

test('zones from netsplit_member_info: nodes ordered by zone, partition order within a zone', () => {
  const zoned = view(build('halves', 6, { zones: 3 }, { sort: 'zone' }));
  expect(zoned.order).toBe('zone');
  expect(zoned.zones).toEqual(['z1', 'z2', 'z3']);
  expect(zoned.nodes.map((node) => `${node.zone}:${node.name}:${node.role}`)).toEqual([
    'z1:n1:majority',
    'z1:n2:majority',
    'z2:n3:majority',
    'z2:n4:majority',
    'z3:n5:minority',
    'z3:n6:minority',
  ]);
  // Sides are still the partition's, wherever their rows are drawn.
  expect(groupSummaries(zoned).map((group) => group.text)).toEqual(['MAJORITY · 4 nodes · L0 full service', 'MINORITY · 2 nodes · L1 read-only']);
});

test('zones from a pattern on names when no member info says them; a broken pattern gives none', () => {
  const byName = view(build('halves', 5, { names: 'long' }, { sort: 'zone', zonePattern: '\\.(eu-west-1[a-z])\\.' }));
  expect(byName.zones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  expect(byName.nodes.map((node) => node.label)).toEqual(['1.eu-west-1a', '4.eu-west-1a', '2.eu-west-1b', '5.eu-west-1b', '3.eu-west-1c']);
  expect(view(build('halves', 5, { names: 'long' }, { sort: 'zone', zonePattern: '(' })).order).toBe('partition');
});

test('more nodes than Max nodes: refused without zones, drawn by zone with them', () => {
  expect(build('isolated', 12, {}, { maxNodes: 10 })).toEqual({ kind: 'tooManyNodes', nodes: 12, maxNodes: 10 });
  const zoned = view(build('isolated', 12, { zones: 3 }, { maxNodes: 10 }));
  expect([zoned.order, zoned.nodes.length, zoned.zones]).toEqual(['zone', 12, ['z1', 'z2', 'z3']]);
});

test('collapsed zones: one row each, the worst link state, links counted; expanded zones node by node', () => {
  // Halves of 6 in 3 zones: z3 = {n5, n6} is the minority.
  const full = view(build('halves', 6, { zones: 3 }, { sort: 'zone' }));
  const collapsed = collapseZones(full, new Set(['z3']));
  expect(collapsed.view.nodes.map((node) => node.label)).toEqual(['z1 (2)', 'z2 (2)', 'n5', 'n6']);
  expect(matrixText(collapsed.view)).toEqual(['✓✓✗✗', '✓✓✗✗', '✗✗·✓', '✗✗✓·']);
  expect([...collapsed.rowOf]).toEqual([0, 0, 1, 1, 2, 3]);
  const z1ToN5 = cellAt(collapsed.view, 0, 2);
  expect([z1ToN5.source, z1ToN5.target, z1ToN5.state, z1ToN5.links]).toEqual(['z1', 'n5', 'down', { total: 2, down: 2 }]);
  expect(cellAt(collapsed.view, 0, 0).links).toEqual({ total: 2, down: 0 });
  expect(zoneBlocks(full, collapsed).map((block) => `${block.first}+${block.size} ${block.collapsed ? 'collapsed' : 'open'} ${block.text}`)).toEqual([
    '0+1 collapsed z1 · 2 nodes · MAJORITY · L0 full service',
    '1+1 collapsed z2 · 2 nodes · MAJORITY · L0 full service',
    '2+2 open z3 · 2 nodes · MINORITY · L1 read-only',
  ]);
  // All collapsed: a zone cut from the rest is a 3-row picture.
  expect(matrixText(collapseZones(full, new Set()).view)).toEqual(['✓✓✗', '✓✓✗', '✗✗✓']);
  // Nothing collapsed: the full view itself.
  expect(collapseZones(full, null).view).toBe(full);
});
