/**
 * The BUILT panel in chromium as a NOC wall shows it, asserting geometry, not only counts:
 * for every topology × panel size × name style the matrix ends inside the panel, the banner
 * stays within two lines above it, and every affected node is either visible (its named row
 * inside the panel) or listed beside the matrix. Then several clusters, a partial query
 * failure, one isolated node among 200, and the default palette under colour-vision
 * deficiencies. Screenshots go to test/browser/screenshots/ (docs/img holds a chosen few).
 */
import { join } from 'node:path';
import { contrastRatio, deficiencies, Deficiency, deltaE, parseCssColour, Rgb, simulate } from './colourVision';
import { NameStyle, nodeName, Topology, topologies } from './fixtures/make-fixtures';
import { mountPanel } from './harnessPage';
import { SCREENSHOTS, useHarnessPage } from './harnessSession';

const screenshots = SCREENSHOTS;

/** The nodes each 5-node topology affects, by model index (n1 = 0): degraded, silent, bridge, one-way ends. */
const affected: Readonly<Record<Topology, number[]>> = {
  healthy: [],
  halves: [3, 4],
  isolated: [4],
  threeWay: [0, 1, 2, 3, 4],
  bridge: [2],
  majoritiesRing: [],
  oneWay: [0, 4],
  agentStopped: [4],
};

const sizes = [
  [400, 300],
  [1200, 900],
  [1920, 1080],
] as const;

const harnessPage = useHarnessPage({ width: 1940, height: 1100 });

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Geometry {
  panel: Box;
  banner: Box;
  matrix: Box;
  /** The last cell of the DOM grid, or the canvas. */
  cells: Box;
  sentence: { box: Box; lineHeight: number; title: string; text: string };
  rows: Array<{ name: string; box: Box; text: string }>;
  /** Row and column headers whose name or badges do not fit (cut off, or ellipsised by CSS). */
  cutHeaders: string[];
  listed: Array<{ name: string; box: Box }>;
}

/** Boxes of what the panel drew, read in the page in one go. */
async function geometry(): Promise<Geometry> {
  return (await harnessPage().evaluate(`(() => {
    const box = (element) => { const r = element.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; };
    const one = (id) => document.querySelector('[data-testid="' + id + '"]');
    const cells = document.querySelectorAll('[role="gridcell"]');
    const sentence = one('netsplit-sentence');
    return {
      panel: box(one('netsplit-panel')),
      banner: box(one('netsplit-banner')),
      matrix: box(one('netsplit-matrix')),
      cells: box(cells.length > 0 ? cells[cells.length - 1] : one('netsplit-canvas')),
      sentence: { box: box(sentence), lineHeight: parseFloat(getComputedStyle(sentence).lineHeight), title: sentence.title, text: sentence.textContent },
      rows: [...document.querySelectorAll('[role="rowheader"]')].map((row) => ({ name: row.title, box: box(row), text: row.textContent })),
      cutHeaders: [...document.querySelectorAll('[role="rowheader"], [role="columnheader"][data-node-index]')]
        .filter((header) => [header, ...header.querySelectorAll('span')].some((part) => part.scrollWidth > part.clientWidth + 1 || part.scrollHeight > part.clientHeight + 1))
        .map((header) => header.getAttribute('role') + ' ' + header.title),
      listed: [...document.querySelectorAll('[data-testid="netsplit-affected"]')].map((item) => ({ name: item.dataset.node, box: box(item) })),
    };
  })()`)) as Geometry;
}

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;

const cases = topologies.flatMap((topology) => sizes.flatMap(([width, height]) => (['short', 'long'] as const).map((names) => [topology, width, height, names] as const)));

test.each(cases)('%s, 5 nodes, %i×%i, %s names: matrix inside the panel, affected nodes visible or listed', async (topology, width, height, names: NameStyle) => {
  await mountPanel(harnessPage(), { fixture: `${topology}-5${names === 'long' ? '-long' : ''}`, theme: 'dark', width, height });
  const drawn = await geometry();
  expect([Math.round(drawn.panel.width), Math.round(drawn.panel.height)]).toEqual([width, height]);
  // Never clipped: the whole matrix (its last cell) is inside the panel, below the banner.
  expect(inside(drawn.matrix, drawn.panel)).toBe(true);
  expect(inside(drawn.cells, drawn.panel)).toBe(true);
  expect(drawn.matrix.y).toBeGreaterThanOrEqual(drawn.banner.y + drawn.banner.height);
  // The sentence takes at most two lines; the full text is its tooltip.
  expect(drawn.sentence.box.height).toBeLessThanOrEqual(2 * drawn.sentence.lineHeight + 1);
  expect(drawn.sentence.title).toBe(drawn.sentence.text);
  // Names (shortened, shrunk, elided by the layout) and badges fit their header: nothing cut.
  expect(drawn.cutHeaders).toEqual([]);
  for (const index of affected[topology]) {
    const name = nodeName(index, names);
    const row = drawn.rows.find((candidate) => candidate.name === name);
    const visible = row !== undefined && row.text !== '' && row.box.height >= 8 && inside(row.box, drawn.panel);
    const listed = drawn.listed.some((item) => item.name === name && item.box.height > 0 && inside(item.box, drawn.panel));
    expect({ name, seen: visible || listed }).toEqual({ name, seen: true });
  }
  await harnessPage().locator('#panel > div').screenshot({ path: join(screenshots, `wall-${topology}-${names}-${width}x${height}.png`) });
});

test('long names: the shared prefix and suffix are stripped, the rest drawn', async () => {
  await mountPanel(harnessPage(), { fixture: 'halves-5-long', theme: 'dark', width: 1200, height: 900 });
  expect(await harnessPage().locator('[role="rowheader"]').evaluateAll((rows) => rows.map((row) => `${row.getAttribute('title')} → ${row.textContent}`))).toEqual([
    'ip-10-0-100-1.eu-west-1a.compute.internal → 1.eu-west-1aMAJ',
    'ip-10-0-100-2.eu-west-1b.compute.internal → 2.eu-west-1bMAJ',
    'ip-10-0-100-3.eu-west-1c.compute.internal → 3.eu-west-1cMAJ',
    'ip-10-0-100-4.eu-west-1a.compute.internal → 4.eu-west-1aMINL1',
    'ip-10-0-100-5.eu-west-1b.compute.internal → 5.eu-west-1bMINL1',
  ]);
  expect(await harnessPage().textContent('[data-testid="netsplit-sentence"]')).toBe(
    'Split: 1.eu-west-1a 2.eu-west-1b 3.eu-west-1c hold quorum — 4.eu-west-1a 5.eu-west-1b read-only since 10:01:07, for 4 min',
  );
});

test('several clusters with the same node names: no merged matrix, each cluster judged', async () => {
  await mountPanel(harnessPage(), { fixture: 'mixed-5', cluster: 'All', theme: 'dark', width: 1200, height: 900 });
  expect(await harnessPage().locator('[data-testid="netsplit-panel"]').count()).toBe(0);
  expect(await harnessPage().textContent('[data-testid="netsplit-clusters-title"]')).toBe(
    '2 clusters in one panel (eu, us): one matrix would merge their nodes. Pick one with the dashboard variable $cluster (a query filter on netsplit_cluster), or repeat this panel by $cluster.',
  );
  const rows = await harnessPage().locator('[data-testid="netsplit-cluster"]').evaluateAll((elements) =>
    elements.map((element) => `${element.getAttribute('data-cluster')} ${element.getAttribute('data-severity')}: ${element.textContent}`),
  );
  expect(rows).toEqual([
    'eu warning: SPLIT · 2 sideseuSplit: n1 n2 n3 hold quorum — n4 n5 read-only since 10:01:07, for 4 min',
    'us ok: OKusHealthy: all 5 nodes in two-way contact',
  ]);
  await harnessPage().locator('#panel > div').screenshot({ path: join(screenshots, 'wall-mixed-clusters.png') });
});

test('role and level queries fail: the banner names the failures, roles come from the matrix', async () => {
  await mountPanel(harnessPage(), { fixture: 'halves-5-failroles', theme: 'dark', width: 1200, height: 900 });
  const refusal = 'execution: query processing would load too many samples into memory in query execution';
  expect(await harnessPage().textContent('[data-testid="netsplit-problems"]')).toBe(
    `⚠ query D failed: ${refusal} · query E failed: ${refusal} · no netsplit_node_role series — roles derived from the matrix`,
  );
  expect(await harnessPage().textContent('[data-testid="netsplit-sentence"]')).toBe('Split: n1 n2 n3 hold quorum — n4 n5 read-only');
  expect(await harnessPage().textContent('[data-testid="netsplit-risk"]')).toBe('SPLIT · 2 sides');
  expect(await harnessPage().textContent('[data-testid="netsplit-level"]')).toBe('L1 · read-only');
  expect(await harnessPage().locator('[role="rowheader"]').allTextContents()).toEqual(['n1MAJ', 'n2MAJ', 'n3MAJ', 'n4MINL1', 'n5MINL1']);
  await harnessPage().locator('#panel > div').screenshot({ path: join(screenshots, 'wall-partial-failure.png') });
});

test('one isolated node among 200: marked on the matrix edge and listed by name', async () => {
  await mountPanel(harnessPage(), { fixture: 'isolated-200', theme: 'dark', width: 1200, height: 900 });
  const canvas = harnessPage().locator('[data-testid="netsplit-canvas"]');
  expect(await canvas.getAttribute('data-drawn-markers')).toBe('199');
  const [header, cell, gutter] = (await canvas.getAttribute('data-layout'))!.split(' ').map(Number) as [number, number, number];
  expect(gutter).toBe(10);
  // The marker right of row 199 is at least 6 px long (the row is under 4 px): its inner 5 px fully coloured.
  const end = header + cell * 200;
  const middle = header + cell * 199.5;
  const alphas = (await harnessPage().evaluate(`(() => {
    const canvas = document.querySelector('[data-testid="netsplit-canvas"]');
    const ratio = canvas.width / canvas.getBoundingClientRect().width;
    const ctx = canvas.getContext('2d');
    return [-2, -1, 0, 1, 2].map((dy) => ctx.getImageData(Math.round((${end} + 5) * ratio), Math.round((${middle} + dy) * ratio), 1, 1).data[3]);
  })()`)) as number[];
  expect(cell).toBeLessThan(4);
  expect(alphas).toEqual([255, 255, 255, 255, 255]);
  const listed = harnessPage().locator('[data-testid="netsplit-affected"]');
  expect(await listed.count()).toBe(1);
  expect(await listed.first().textContent()).toBe('n200isolated · L2 · 10:01:07');
  const [panel, item] = await Promise.all([harnessPage().locator('[data-testid="netsplit-panel"]').boundingBox(), listed.first().boundingBox()]);
  expect(inside(item!, panel!)).toBe(true);
  expect(await harnessPage().textContent('[data-testid="netsplit-risk"]')).toBe('SPLIT · 2 sides');
  expect(await harnessPage().locator('[data-testid="netsplit-side-group"]').allTextContents()).toEqual(['MAJORITY · 199 nodes · L0 full service', 'ISOLATED · 1 node · L2 cached responses']);
  expect(await canvas.getAttribute('data-drawn-blocks')).toBe('MAJORITY · 199 nodes · L0 full service');
  await harnessPage().locator('#panel > div').screenshot({ path: join(screenshots, 'wall-isolated-200.png') });
});

test('200 nodes split in halves at 400×300: still inside the panel, blocks and sides named', async () => {
  await mountPanel(harnessPage(), { fixture: 'halves-200', theme: 'dark', width: 400, height: 300 });
  const drawn = await geometry();
  expect(inside(drawn.cells, drawn.panel)).toBe(true);
  expect(await harnessPage().locator('[data-testid="netsplit-side-group"]').allTextContents()).toEqual(['MAJORITY · 101 nodes · L0 full service', 'MINORITY · 99 nodes · L1 read-only']);
  await harnessPage().locator('#panel > div').screenshot({ path: join(screenshots, 'wall-halves-200-400x300.png') });
});

/** Background and glyph colours of the first up and first down cell of the DOM grid. */
async function cellColours(): Promise<{ up: Rgb; down: Rgb; onUp: Rgb; onDown: Rgb }> {
  const read = async (state: string) =>
    (await harnessPage().evaluate(`(() => {
      const style = getComputedStyle(document.querySelector('[role="gridcell"][data-state="${state}"]'));
      return [style.backgroundColor, style.color];
    })()`)) as [string, string];
  const [[up, onUp], [down, onDown]] = await Promise.all([read('up'), read('down')]);
  return { up: parseCssColour(up), down: parseCssColour(down), onUp: parseCssColour(onUp), onDown: parseCssColour(onDown) };
}

test.each(['dark', 'light'] as const)('default palette, %s theme: up and down stay apart for every colour-vision deficiency, glyphs readable', async (theme) => {
  await mountPanel(harnessPage(), { fixture: 'halves-5', theme, width: 1200, height: 900 });
  const colours = await cellColours();
  const kinds = Object.keys(deficiencies) as Deficiency[];
  const apart = kinds.map((kind) => [kind, deltaE(simulate(colours.up, kind), simulate(colours.down, kind)) >= 20] as const);
  expect(apart).toEqual(kinds.map((kind) => [kind, true]));
  // Bold glyphs at cell size are large text: WCAG asks 3:1.
  expect(contrastRatio(colours.up, colours.onUp)).toBeGreaterThanOrEqual(3);
  expect(contrastRatio(colours.down, colours.onDown)).toBeGreaterThanOrEqual(3);
  if (theme === 'dark') await harnessPage().locator('#panel > div').screenshot({ path: join(screenshots, 'wall-palette-dark.png') });
});

test('the canvas draws each cell in its state\'s colour: halves of five, up inside each side, down across', async () => {
  // The state colours as the DOM renderer shows them (five nodes draw as DOM by default)…
  await mountPanel(harnessPage(), { fixture: 'halves-5', theme: 'dark', width: 1200, height: 900 });
  const colours = await cellColours();
  // …and the same view drawn on the canvas, which larger clusters get.
  await mountPanel(harnessPage(), { fixture: 'halves-5', theme: 'dark', width: 1200, height: 900, options: { canvasFromNodes: 1 } });
  const [header, cell] = (await harnessPage().locator('[data-testid="netsplit-canvas"]').getAttribute('data-layout'))!.split(' ').map(Number) as [number, number];
  // One pixel per cell, 3 px inside its top-left corner: clear of the grid lines and of the glyph in the middle.
  const pixels = (await harnessPage().evaluate(`(() => {
    const canvas = document.querySelector('[data-testid="netsplit-canvas"]');
    const ratio = canvas.width / canvas.getBoundingClientRect().width;
    const ctx = canvas.getContext('2d');
    const out = [];
    for (let row = 0; row < 5; row++) {
      const line = [];
      for (let col = 0; col < 5; col++) {
        const d = ctx.getImageData(Math.round((${header} + col * ${cell} + 3) * ratio), Math.round((${header} + row * ${cell} + 3) * ratio), 1, 1).data;
        line.push([d[0], d[1], d[2]]);
      }
      out.push(line);
    }
    return out;
  })()`)) as Rgb[][];
  const near = (a: Rgb, b: Rgb) => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]) <= 6;
  const states = pixels.map((line) => line.map((rgb) => (near(rgb, colours.up) ? 'up' : near(rgb, colours.down) ? 'down' : 'other')));
  expect(states).toEqual([
    ['other', 'up', 'up', 'down', 'down'],
    ['up', 'other', 'up', 'down', 'down'],
    ['up', 'up', 'other', 'down', 'down'],
    ['down', 'down', 'down', 'other', 'up'],
    ['down', 'down', 'down', 'up', 'other'],
  ]);
});

test('the green/red palette, by contrast, fails the deuteranopia check (why it is no longer the default)', async () => {
  await mountPanel(harnessPage(), { fixture: 'halves-5', theme: 'dark', width: 1200, height: 900, options: { colourMode: 'standard' } });
  const colours = await cellColours();
  expect(deltaE(simulate(colours.up, 'deuteranopia'), simulate(colours.down, 'deuteranopia'))).toBeLessThan(20);
});

test('1000 nodes in 10 zones, down-only links: one row per zone, the isolated node marked on its zone and listed; clicking the zone opens it', async () => {
  // Exporters in the down-only mode: only n1000's links (down both ways) are exported at all.
  await mountPanel(harnessPage(), { fixture: 'isolated-1000-down-zones10', theme: 'dark', width: 1200, height: 900, options: { linksExported: 'down' } });
  const drawn = await geometry();
  expect(inside(drawn.cells, drawn.panel)).toBe(true);
  expect(drawn.rows.map((row) => row.name)).toEqual(['z1', 'z2', 'z3', 'z4', 'z5', 'z6', 'z7', 'z8', 'z9', 'z10']);
  const state = (row: number, column: number) => harnessPage().getAttribute(`[role="gridcell"][data-row="${row}"][data-column="${column}"]`, 'data-state');
  // z1's links among themselves are all up; every zone's links to z10 include n1000's: down.
  expect([await state(0, 0), await state(0, 1), await state(0, 9), await state(9, 0), await state(9, 9)]).toEqual(['up', 'up', 'down', 'down', 'down']);
  expect(await harnessPage().getAttribute('[role="gridcell"][data-row="0"][data-column="9"]', 'aria-label')).toBe('z1 to z10: down (100 of 10000 links down); z10 to z1: down');
  const zones = harnessPage().locator('[data-testid="netsplit-zone"]');
  expect(await zones.count()).toBe(10);
  expect(await zones.last().textContent()).toBe('▸ z10 · 100 nodes · MAJORITY · L2 cached responses');
  expect(await harnessPage().locator('[data-testid="netsplit-affected"]').allTextContents()).toEqual(['n1000isolated · L2 · 10:01:07']);
  expect(await harnessPage().textContent('[data-testid="netsplit-sentence"]')).toBe('Split: n1–n999 hold quorum — n1000 cached responses since 10:01:07, for 4 min');
  await harnessPage().locator('#panel > div').screenshot({ path: join(screenshots, 'wall-zones-1000-collapsed.png') });

  // Zoom: z10's header opens z10 node by node, the other zones stay one row each.
  await harnessPage().locator('[role="rowheader"][title="z10"]').click();
  const canvas = harnessPage().locator('[data-testid="netsplit-canvas"]');
  expect(await canvas.getAttribute('data-drawn-markers')).toBe('108');
  expect(await zones.last().getAttribute('data-collapsed')).toBe('false');
  expect(await canvas.getAttribute('data-drawn-blocks')).toContain('z10 · 100 nodes · MAJORITY · L2 cached responses');
  const zoomed = await geometry();
  expect(inside(zoomed.cells, zoomed.panel)).toBe(true);
  await harnessPage().locator('#panel > div').screenshot({ path: join(screenshots, 'wall-zones-1000-zoomed.png') });
  // And closed again from the list.
  await zones.last().click();
  expect(await harnessPage().locator('[role="rowheader"]').count()).toBe(10);
});

test('down-only links at 200 nodes: the same picture as all links', async () => {
  const counts = async () => {
    const canvas = harnessPage().locator('[data-testid="netsplit-canvas"]');
    return Promise.all(['data-drawn-up', 'data-drawn-down', 'data-drawn-unknown', 'data-drawn-blocks'].map((name) => canvas.getAttribute(name)));
  };
  await mountPanel(harnessPage(), { fixture: 'halves-200', theme: 'dark', width: 1200, height: 900 });
  const all = await counts();
  await mountPanel(harnessPage(), { fixture: 'halves-200-down', theme: 'dark', width: 1200, height: 900, options: { linksExported: 'down' } });
  expect(await counts()).toEqual(all);
  // 101 × 100 + 99 × 98 links up inside the sides, 2 × 101 × 99 down across the cut.
  expect(all).toEqual(['19802', '19998', '0', 'MAJORITY · 101 nodes · L0 full service|MINORITY · 99 nodes · L1 read-only']);
});

test('field overrides reach the RTT, and a tooltip at the panel edge is not clipped by it (Grafana portal)', async () => {
  // An override on the RTT query (refId B): one decimal, where the default unit s alone gives none.
  const fieldConfig = {
    defaults: {},
    overrides: [{ matcher: { id: 'byFrameRefID', options: 'B' }, properties: [{ id: 'decimals', value: 1 }] }],
  };
  // n4 → n5, the cell nearest the panel's bottom-right corner.
  const cell = harnessPage().locator('[role="gridcell"][data-row="3"][data-column="4"]');
  const tooltip = harnessPage().locator('[data-testid="netsplit-tooltip"]');
  await mountPanel(harnessPage(), { fixture: 'healthy-5', theme: 'dark', width: 400, height: 300 });
  await cell.hover();
  expect(await tooltip.textContent()).toContain('RTT n4 → n5: 685 µs');
  await harnessPage().mouse.move(0, 1000);
  await mountPanel(harnessPage(), { fixture: 'healthy-5', theme: 'dark', width: 400, height: 300, fieldConfig });
  await cell.hover();
  // 0.0003 s + ((4 × 7919 + 5 × 104729) mod 1000) × 1.2 µs = 0.0006852 s (the fixtures' RTT model).
  expect(await tooltip.textContent()).toContain('RTT n4 → n5: 685.2 µs');
  const [panel, tip] = await Promise.all([harnessPage().locator('[data-testid="netsplit-panel"]').boundingBox(), tooltip.boundingBox()]);
  // Wider than what is left of the panel right of the cell, and still whole: outside the panel, inside the page.
  expect(tip!.x + tip!.width).toBeGreaterThan(panel!.x + panel!.width);
  expect(await tooltip.evaluate((element) => element.closest('[data-testid="netsplit-panel"]') === null)).toBe(true);
  expect(tip!.x + tip!.width).toBeLessThanOrEqual(1940);
  await harnessPage().mouse.move(0, 1000);
});
