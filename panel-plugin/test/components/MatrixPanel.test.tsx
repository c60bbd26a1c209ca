import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ThresholdsMode } from '@grafana/data';
import { MatrixPanel } from '../../src/components/MatrixPanel';
import { matrixLayout } from '../../src/data/layout';
import { prometheusToFrames } from '../support/prometheusToFrames';
import { links, mesh } from '../support/promBuilders';
import { panelProps } from '../support/panelProps';
import { loadRecording, recordingFrames } from '../support/recordings';

const frames = (topology: string, shape: 'timeseries' | 'table' = 'timeseries') => recordingFrames(loadRecording(topology), shape);
const cellTexts = () => screen.getAllByRole('gridcell').map((cell) => cell.textContent);

test('halves: glyphs, the banner sentence and the level', () => {
  render(<MatrixPanel {...panelProps(frames('halves'))} />);
  expect(screen.getByTestId('netsplit-sentence')).toHaveTextContent('Split: n1 n2 n3 hold quorum — n4 n5 read-only since 10:01:07');
  expect(screen.getByTestId('netsplit-level')).toHaveTextContent('L1 · read-only');
  expect(cellTexts().join('')).toBe('·✓✓✗✗' + '✓·✓✗✗' + '✓✓·✗✗' + '✗✗✗·✓' + '✗✗✗✓·');
  expect(document.querySelectorAll('[data-state="down"]')).toHaveLength(12);
});

test('agent stopped: unknown cells say ? and the node says no data', () => {
  render(<MatrixPanel {...panelProps(frames('agentStopped', 'table'))} />);
  expect(document.querySelectorAll('[data-state="unknown"]')).toHaveLength(4);
  expect(cellTexts().filter((text) => text === '?')).toHaveLength(4);
  const n5 = screen.getAllByRole('rowheader')[4]!;
  expect(n5).toHaveTextContent('n5');
  expect(within(n5).getByLabelText('role no data')).toHaveTextContent('?');
  expect(screen.getByTestId('netsplit-sentence')).toHaveTextContent('No data from n5 — n1 n2 n3 n4 hold quorum');
});

test('one-way: the failing direction carries the one-way mark and says so aloud', () => {
  render(<MatrixPanel {...panelProps(frames('oneWay'))} />);
  const oneWay = document.querySelectorAll('[data-one-way="true"]');
  expect(oneWay).toHaveLength(1);
  expect(oneWay[0]).toHaveTextContent('↛');
  expect(oneWay[0]).toHaveAttribute('aria-label', 'n5 to n1: down (one-way); n1 to n5: up');
});

test('letters mode for fonts without the symbols', () => {
  render(<MatrixPanel {...panelProps(frames('oneWay'), { glyphMode: 'letters' })} />);
  expect(cellTexts().join('')).toBe('·UUUU' + 'U·UUU' + 'UU·UU' + 'UUU·U' + '1UUU·');
});

test('rows and columns follow partition groups, biggest first', () => {
  const cut = ['n1', 'n4'].flatMap((a) => ['n2', 'n3', 'n5'].flatMap((b) => [`${a}>${b}`, `${b}>${a}`]));
  const series = prometheusToFrames(links(mesh(['n1', 'n2', 'n3', 'n4', 'n5'], cut)), 'A', 'timeseries');
  const { unmount } = render(<MatrixPanel {...panelProps(series)} />);
  expect(screen.getAllByRole('rowheader').map((header) => header.textContent?.slice(0, 2))).toEqual(['n2', 'n3', 'n5', 'n1', 'n4']);
  expect(screen.getAllByRole('columnheader').slice(1).map((header) => header.getAttribute('title'))).toEqual(['n2', 'n3', 'n5', 'n1', 'n4']);
  unmount();
  render(<MatrixPanel {...panelProps(series, { sort: 'name' })} />);
  expect(screen.getAllByRole('rowheader').map((header) => header.textContent?.slice(0, 2))).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
});

test('aria: the grid names its axes and the cluster state; every cell names both directions', () => {
  render(<MatrixPanel {...panelProps(frames('halves'))} />);
  expect(screen.getByRole('grid')).toHaveAttribute(
    'aria-label',
    'Connectivity matrix, 5 nodes, rows are sources, columns are targets. Split: n1 n2 n3 hold quorum — n4 n5 read-only since 10:01:07, for 4 min',
  );
  expect(screen.getByRole('gridcell', { name: 'n1 to n4: down; n4 to n1: down' })).toHaveTextContent('✗');
  expect(screen.getByRole('gridcell', { name: 'n2: itself' })).toBeDefined();
  expect(within(screen.getAllByRole('rowheader')[3]!).getByLabelText('role minority')).toHaveTextContent('MIN');
  expect(within(screen.getAllByRole('rowheader')[3]!).getByLabelText('level 1')).toHaveTextContent('L1');
});

test('bridge: the bridge node is marked and named in the banner', () => {
  render(<MatrixPanel {...panelProps(frames('bridge'))} />);
  expect(within(screen.getAllByRole('rowheader')[2]!).getByLabelText('bridge')).toHaveTextContent('⇄');
  expect(screen.getByTestId('netsplit-sentence')).toHaveTextContent('Bridge: n3 is the only path between n1 n2 and n4 n5 — losing it splits the cluster');
});

test('keyboard: one tab stop, arrows move, Enter pins the tooltip with its data links', async () => {
  const user = userEvent.setup();
  const fieldConfig = { defaults: { unit: 's', links: [{ title: 'Link ${source} → ${target}', url: '/d/netsplit-link?var-source=${source}&var-target=${target}' }] }, overrides: [] };
  render(<MatrixPanel {...panelProps(frames('halves'), {}, { fieldConfig })} />);
  expect(screen.getAllByRole('gridcell').filter((cell) => cell.tabIndex === 0)).toHaveLength(1);
  await user.tab();
  expect(document.activeElement).toHaveAttribute('aria-label', 'n1: itself');
  await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}');
  expect(document.activeElement).toHaveAttribute('aria-label', 'n1 to n4: down; n4 to n1: down');
  await user.keyboard('{Enter}');
  const tooltip = screen.getByRole('tooltip');
  expect(tooltip).toHaveTextContent('n1 ⇄ n4');
  expect(tooltip).toHaveTextContent('✗ n1 → n4: down');
  expect(tooltip).toHaveTextContent('✗ n4 → n1: down');
  expect(tooltip).toHaveTextContent('RTT n1 → n4: unknown');
  expect(within(tooltip).getByRole('link')).toHaveAttribute('href', '/d/netsplit-link?var-source=n1&var-target=n4');
  expect(within(tooltip).getByRole('link')).toHaveTextContent('Link n1 → n4');
  await user.keyboard('{Escape}');
  expect(screen.queryByRole('tooltip')).toBeNull();
});

test('hover shows the pair, both directions, RTT and since', () => {
  render(<MatrixPanel {...panelProps(frames('halves'))} />);
  fireEvent.mouseMove(screen.getByRole('gridcell', { name: /^n1 to n2: up/ }));
  const tooltip = screen.getByRole('tooltip');
  expect(tooltip).toHaveTextContent('✓ n1 → n2: up');
  expect(tooltip).toHaveTextContent('✓ n2 → n1: up');
  expect(tooltip).toHaveTextContent('RTT n1 → n2: 752 µs');
});

test('over the node limit: an explicit message instead of a matrix', () => {
  render(<MatrixPanel {...panelProps(frames('healthy'), { maxNodes: 4 })} />);
  expect(screen.getByRole('alert')).toHaveTextContent(
    '5 nodes — this panel draws at most 4 (option “Max nodes”). Filter the query by cluster, or raise the limit.',
  );
  expect(screen.queryByRole('grid')).toBeNull();
});

test('no data: the standard data error view', () => {
  render(<MatrixPanel {...panelProps([])} />);
  expect(screen.getByText('Unable to render data: No data.')).toBeDefined();
});

test('frames without link series: the data error view says what is missing', () => {
  const series = frames('halves').filter((frame) => frame.refId !== 'A');
  render(<MatrixPanel {...panelProps(series)} />);
  expect(
    screen.getByText(
      'Unable to render data: No netsplit_link_up series with labels "source" and "target": add the query netsplit_link_up, or set the label names in the panel options.',
    ),
  ).toBeDefined();
});

test('from the canvas threshold on, a canvas with hit-testing replaces the elements', () => {
  const getContext = jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => null);
  render(<MatrixPanel {...panelProps(frames('halves'), { canvasFromNodes: 5 })} />);
  expect(screen.getByTestId('netsplit-panel')).toHaveAttribute('data-renderer', 'canvas');
  expect(screen.queryByRole('grid')).toBeNull();
  const canvas = screen.getByTestId('netsplit-canvas');
  canvas.getBoundingClientRect = () => ({ left: 0, top: 0, right: 500, bottom: 500, width: 500, height: 500, x: 0, y: 0, toJSON: () => ({}) });
  fireEvent.mouseMove(canvas, { clientX: 1, clientY: 1 });
  expect(screen.queryByRole('tooltip')).toBeNull();
  // 800×600 panel; jsdom lays nothing out, so the measured banner is 0 px: 592 px below it,
  // and the side list takes max(150, 9 × 18 px font) = 162 px and an 8-px gap on the right.
  const layout = matrixLayout(5, 800 - 162 - 8, 600 - 8, 2);
  expect([layout.header, layout.cell]).toEqual([151, 88.2]);
  // Row n1, column n4.
  fireEvent.mouseMove(canvas, { clientX: layout.header + layout.cell * 3 + 5, clientY: layout.header + 5 });
  expect(screen.getByRole('tooltip')).toHaveTextContent('n1 ⇄ n4✗ n1 → n4: down✗ n4 → n1: downRTT n1 → n4: unknown');
  fireEvent.focus(canvas);
  expect(screen.getByTestId('netsplit-focused-cell')).toHaveTextContent('n1: itself');
  fireEvent.keyDown(canvas, { key: 'ArrowDown' });
  expect(screen.getByTestId('netsplit-focused-cell')).toHaveTextContent('n2 to n1: up; n1 to n2: up, RTT');
  getContext.mockRestore();
});

test('clicking a node header shows its role, level, since when and its data links', () => {
  const fieldConfig = { defaults: { unit: 's', links: [{ title: 'Logs of ${node}', url: '/explore?node=${node}' }] }, overrides: [] };
  render(<MatrixPanel {...panelProps(frames('halves'), {}, { fieldConfig })} />);
  fireEvent.click(screen.getAllByRole('rowheader')[3]!);
  const tooltip = screen.getByRole('dialog', { name: 'node n4' });
  expect(tooltip).toHaveTextContent('n4×role: minoritylevel: 1 · read-onlysince 10:01:07Logs of n4');
  expect(within(tooltip).getByRole('link')).toHaveAttribute('href', '/explore?node=n4');
  fireEvent.click(within(tooltip).getByRole('button', { name: 'Close' }));
  expect(screen.queryByRole('dialog')).toBeNull();
});

test('RTT is formatted and coloured by the standard field config (unit, thresholds)', () => {
  const fieldConfig = {
    defaults: { unit: 's', decimals: 0, thresholds: { mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: 'green' }, { value: 0.0005, color: 'red' }] } },
    overrides: [],
  };
  // 0.000752 s: above the 0.5 ms threshold, so red; the unit and decimals shape the text.
  render(<MatrixPanel {...panelProps(frames('halves'), {}, { fieldConfig })} />);
  fireEvent.mouseMove(screen.getByRole('gridcell', { name: /^n1 to n2: up/ }));
  const rtt = within(screen.getByRole('tooltip')).getByText(/µs$/);
  expect(rtt).toHaveTextContent('752 µs');
  expect(rtt).toHaveStyle({ color: 'rgb(242, 73, 92)' });
});

test('colour modes: standard green/red, colour-blind blue/orange, none leaves the glyphs alone', () => {
  const backgrounds = (colourMode: 'standard' | 'colourBlind' | 'none') => {
    const { unmount } = render(<MatrixPanel {...panelProps(frames('halves'), { colourMode })} />);
    const pick = (state: string) => (document.querySelector(`[data-state="${state}"]`) as HTMLElement).style.background;
    const result = { up: pick('up'), down: pick('down'), glyphs: cellTexts().join('') };
    unmount();
    return result;
  };
  const glyphs = '·✓✓✗✗' + '✓·✓✗✗' + '✓✓·✗✗' + '✗✗✗·✓' + '✗✗✗✓·';
  expect(backgrounds('standard')).toEqual({ up: 'rgb(115, 191, 105)', down: 'rgb(242, 73, 92)', glyphs });
  expect(backgrounds('colourBlind')).toEqual({ up: 'rgb(87, 148, 242)', down: 'rgb(255, 152, 48)', glyphs });
  const none = backgrounds('none');
  expect(none.up).toBe(none.down);
  expect(none.glyphs).toBe(glyphs);
});

test('keyboard reaches node links too: Enter on the diagonal opens the node', async () => {
  const user = userEvent.setup();
  const fieldConfig = { defaults: { unit: 's', links: [{ title: 'Logs of ${node}', url: '/explore?node=${node}' }] }, overrides: [] };
  render(<MatrixPanel {...panelProps(frames('halves'), {}, { fieldConfig })} />);
  await user.tab();
  await user.keyboard('{ArrowDown}{ArrowRight}{Enter}');
  const tooltip = screen.getByRole('dialog', { name: 'node n2' });
  expect(within(tooltip).getByRole('link')).toHaveAttribute('href', '/explore?node=n2');
  await user.keyboard('{Escape}');
  expect(screen.queryByRole('dialog')).toBeNull();
});

test('risk chip beside the level: a bridge warns while every node is at L0, and L0 is not green then', () => {
  render(<MatrixPanel {...panelProps(frames('bridge'))} />);
  expect(screen.getByTestId('netsplit-risk')).toHaveTextContent('BRIDGE n3');
  expect(screen.getByTestId('netsplit-risk')).toHaveAttribute('data-severity', 'warning');
  expect(screen.getByTestId('netsplit-level')).toHaveTextContent('L0 · full service');
  expect(screen.getByTestId('netsplit-level')).toHaveAttribute('data-tone', 'neutral');
  // The sentence keeps its full text as a tooltip (it is clamped to two lines on screen).
  expect(screen.getByTestId('netsplit-sentence')).toHaveAttribute('title', 'Bridge: n3 is the only path between n1 n2 and n4 n5 — losing it splits the cluster');
});

test('failed queries reach the banner, and the matrix is drawn from what answered', () => {
  const series = frames('halves').filter((frame) => frame.refId !== 'D' && frame.refId !== 'E');
  const props = panelProps(series);
  render(<MatrixPanel {...props} data={{ ...props.data, errors: [{ refId: 'D', message: 'timeout' }] }} />);
  expect(screen.getByTestId('netsplit-problems')).toHaveTextContent('⚠ query D failed: timeout · no netsplit_node_role series — roles derived from the matrix');
  expect(screen.getByTestId('netsplit-sentence')).toHaveTextContent('Split: n1 n2 n3 hold quorum — n4 n5 read-only');
  expect(screen.getByTestId('netsplit-detail')).toHaveTextContent('5 nodes · 2 groups · 8 up · 12 down · as of 10:05:07');
});

test('series of two clusters: no matrix, the clusters named, each with its risk', () => {
  // Links only (no role series): roles derived, so even the healthy cluster says PARTIAL DATA.
  const cut = ['n1', 'n2'].flatMap((a) => [`${a}>n3`, `n3>${a}`]);
  const relabel = (cluster: string, down: string[]) =>
    prometheusToFrames(links(mesh(['n1', 'n2', 'n3'], down)), 'A', 'timeseries').map((frame) => ({
      ...frame,
      fields: frame.fields.map((field) => (field.labels ? { ...field, labels: { ...field.labels, netsplit_cluster: cluster } } : field)),
    }));
  render(<MatrixPanel {...panelProps([...relabel('eu', cut), ...relabel('us', [])])} />);
  expect(screen.queryByRole('grid')).toBeNull();
  expect(screen.getByTestId('netsplit-clusters-title')).toHaveTextContent('2 clusters in one panel (eu, us)');
  expect(screen.getAllByTestId('netsplit-cluster').map((row) => `${row.getAttribute('data-cluster')}:${row.getAttribute('data-severity')}`)).toEqual(['eu:warning', 'us:warning']);
  expect(screen.getAllByTestId('netsplit-cluster').map((row) => row.textContent)).toEqual([
    'SPLIT · 2 sideseuSplit: n1 n2 hold quorum — n3 cached responses',
    'PARTIAL DATAusHealthy: all 3 nodes in two-way contact',
  ]);
});
