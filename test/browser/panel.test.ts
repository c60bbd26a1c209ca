/**
 * The BUILT panel (panel-plugin/dist/module.js) in Debian's chromium, mounted by the harness
 * that stands in for Grafana, fed from the recorded Prometheus answers. Screenshots go to
 * test/browser/screenshots/ for review; assertions are on what the page rendered.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Recording } from './fixtures/prometheusApi';
import { mountPanel } from './harnessPage';
import { SCREENSHOTS, useHarnessPage } from './harnessSession';

const screenshots = SCREENSHOTS;

interface Expected {
  sentence: string;
  level: string;
  down: number;
  renderer: 'dom' | 'canvas';
}

const expected: Record<string, Expected> = {
  'healthy-5': { sentence: 'Healthy: all 5 nodes in two-way contact', level: 'L0 · full service', down: 0, renderer: 'dom' },
  'healthy-50': { sentence: 'Healthy: all 50 nodes in two-way contact', level: 'L0 · full service', down: 0, renderer: 'canvas' },
  'healthy-200': { sentence: 'Healthy: all 200 nodes in two-way contact', level: 'L0 · full service', down: 0, renderer: 'canvas' },
  'halves-5': { sentence: 'Split: n1 n2 n3 hold quorum — n4 n5 read-only since 10:01:07, for 4 min', level: 'L1 · read-only', down: 12, renderer: 'dom' },
  'halves-50': { sentence: 'Split: n1–n26 hold quorum — n27–n50 read-only since 10:01:07, for 4 min', level: 'L1 · read-only', down: 2 * 26 * 24, renderer: 'canvas' },
  'halves-200': { sentence: 'Split: n1–n101 hold quorum — n102–n200 read-only since 10:01:07, for 4 min', level: 'L1 · read-only', down: 2 * 101 * 99, renderer: 'canvas' },
  'bridge-5': {
    sentence: 'Bridge: n3 is the only path between n1 n2 and n4 n5 — losing it splits the cluster',
    level: 'L0 · full service',
    down: 2 * 2 * 2,
    renderer: 'dom',
  },
  // Past 5 nodes the smaller side plus the bridge is short of quorum: a split, with the bridge marked.
  'bridge-50': { sentence: 'Split: n25–n50 hold quorum — n1–n24 read-only since 10:01:07, for 4 min', level: 'L1 · read-only', down: 2 * 24 * 25, renderer: 'canvas' },
  'bridge-200': { sentence: 'Split: n100–n200 hold quorum — n1–n99 read-only since 10:01:07, for 4 min', level: 'L1 · read-only', down: 2 * 99 * 100, renderer: 'canvas' },
};

const cases = (['healthy', 'halves', 'bridge'] as const).flatMap((topology) =>
  [5, 50, 200].flatMap((nodes) => (['dark', 'light'] as const).map((theme) => [topology, nodes, theme] as const)),
);

const harnessPage = useHarnessPage({ width: 1216, height: 916 });

test.each(cases)('%s, %i nodes, %s theme', async (topology, nodes, theme) => {
  const want = expected[`${topology}-${nodes}`]!;
  await mountPanel(harnessPage(), { fixture: `${topology}-${nodes}`, theme });
  expect(await harnessPage().textContent('[data-testid="netsplit-sentence"]')).toBe(want.sentence);
  expect(await harnessPage().textContent('[data-testid="netsplit-level"]')).toBe(want.level);
  expect(await harnessPage().getAttribute('[data-testid="netsplit-panel"]', 'data-renderer')).toBe(want.renderer);
  if (want.renderer === 'dom') {
    expect(await harnessPage().locator('[role="gridcell"][data-state="down"]').count()).toBe(want.down);
    expect(await harnessPage().locator('[role="gridcell"]').count()).toBe(nodes * nodes);
  } else {
    const canvas = harnessPage().locator('[data-testid="netsplit-canvas"]');
    expect(await canvas.getAttribute('data-drawn-down')).toBe(String(want.down));
    expect(await canvas.getAttribute('data-drawn-up')).toBe(String(nodes * (nodes - 1) - want.down));
    expect(await canvas.getAttribute('data-drawn-unknown')).toBe('0');
  }
  await harnessPage().locator('#panel').screenshot({ path: join(screenshots, `${topology}-${nodes}-${theme}.png`) });
});

// The same panel fed with what a real Prometheus answered about five real agents in a lab
// (recorded by fixtures/record-live.ts): the modelled fixtures above must not drift from this.
test.each([
  ['healthy', /^Healthy: all 5 nodes in two-way contact$/, 'L0 · full service', 0],
  ['halves', /^Split: n1 n2 n3 hold quorum — n4 n5 read-only since \d\d:\d\d:\d\d, for \d+ s$/, 'L1 · read-only', 12],
  ['bridge', /^Bridge: n3 is the only path between n1 n2 and n4 n5 — losing it splits the cluster$/, 'L0 · full service', 8],
] as const)('recorded from a live lab: %s, 5 nodes', async (topology, sentence, level, down) => {
  // "Now" is when the recording was made: durations and staleness as the operator saw them.
  const recording = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'live', `${topology}-5.json`), 'utf8')) as Recording;
  await mountPanel(harnessPage(), { fixture: `live-${topology}-5`, theme: 'dark', time: recording.queries[0]!.time });
  expect(await harnessPage().textContent('[data-testid="netsplit-sentence"]')).toMatch(sentence);
  expect(await harnessPage().locator('[data-testid="netsplit-problems"]').count()).toBe(0);
  expect(await harnessPage().textContent('[data-testid="netsplit-level"]')).toBe(level);
  expect(await harnessPage().locator('[role="gridcell"][data-state="down"]').count()).toBe(down);
  expect(await harnessPage().locator('[role="gridcell"][data-state="unknown"]').count()).toBe(0);
  await harnessPage().locator('#panel').screenshot({ path: join(screenshots, `live-${topology}-5-dark.png`) });
});

test('5 nodes: the bridge node carries its mark and every cell its glyph', async () => {
  await mountPanel(harnessPage(), { fixture: 'bridge-5', theme: 'dark' });
  expect(await harnessPage().locator('[role="rowheader"]').allTextContents()).toEqual(['n1MAJ', 'n2MAJ', 'n3OK⇄', 'n4MAJ', 'n5MAJ']);
  expect((await harnessPage().locator('[role="gridcell"]').allTextContents()).join('')).toBe('·✓✓✗✗' + '✓·✓✗✗' + '✓✓·✓✓' + '✗✗✓·✓' + '✗✗✓✓·');
});

test('canvas: hovering a cell hit-tests it and shows its tooltip', async () => {
  await mountPanel(harnessPage(), { fixture: 'halves-50', theme: 'dark' });
  // The canvas says the geometry it was drawn with (header, cell, gutter).
  const canvas = harnessPage().locator('[data-testid="netsplit-canvas"]');
  const [header, cell] = (await canvas.getAttribute('data-layout'))!.split(' ').map(Number) as [number, number];
  const layout = { header, cell };
  const box = (await canvas.boundingBox())!;
  await harnessPage().mouse.move(box.x + layout.header + layout.cell * 49.5, box.y + layout.header + layout.cell * 0.5);
  expect(await harnessPage().textContent('[data-testid="netsplit-tooltip"]')).toBe('n1 ⇄ n50✗ n1 → n50: down✗ n50 → n1: downRTT n1 → n50: unknown');
  await harnessPage().mouse.move(box.x + layout.header + layout.cell * 1.5, box.y + layout.header + layout.cell * 0.5);
  expect(await harnessPage().textContent('[data-testid="netsplit-tooltip"]')).toMatch(/^n1 ⇄ n2✓ n1 → n2: up✓ n2 → n1: upRTT n1 → n2: 752 µs$/);
});

test('table-shaped frames draw the same matrix as time series frames', async () => {
  await mountPanel(harnessPage(), { fixture: 'halves-50', theme: 'light', shape: 'table' });
  expect(await harnessPage().textContent('[data-testid="netsplit-sentence"]')).toBe('Split: n1–n26 hold quorum — n27–n50 read-only since 10:01:07, for 4 min');
  expect(await harnessPage().getAttribute('[data-testid="netsplit-canvas"]', 'data-drawn-down')).toBe('1248');
});

test('over the node limit the panel says so', async () => {
  await mountPanel(harnessPage(), { fixture: 'healthy-200', theme: 'dark', options: { maxNodes: 150 } });
  expect(await harnessPage().textContent('[data-testid="netsplit-too-many"]')).toBe(
    '200 nodes — this panel draws at most 150 (option “Max nodes”). Filter the query by cluster, or raise the limit.',
  );
});
