/**
 * Render time of the BUILT panel in chromium (the harness standing in for Grafana), for the
 * halves split at 5 / 50 / 200 / 500 nodes. "mount" = frames → view model → React render →
 * canvas or DOM drawn → layout (a first render); "resize" = the same data at a new size (view
 * model memoised); "redraw" = same data, same size, the focus cursor moved one cell (the whole
 * matrix drawn again: what any interaction costs). Frames arrive in the "table" shape (one
 * frame per query, as the dashboard asks for instant queries); 5–200 also as "time series"
 * (one frame per series: 81 000 frames at 200 nodes). Median of 7 after 2 warm-up runs;
 * garbage is collected before each timed render. The load average is printed with the table:
 * on a shared machine it says how far to trust the absolute numbers.
 *
 *   npm run build && npm run bench -- render      (or: npx tsx test/browser/render.bench.ts)
 */
import { BenchRow, formatTable, summarize, writeResults } from '../../exporter/bench/harness';
import { launchChromium } from './chromium';
import { ensureBuilt } from './harnessBuild';
import { cpus, loadavg } from 'node:os';
import { evaluatedAt } from './fixtures/make-fixtures';
import { focusMatrix, openHarness, redrawPanel, resizePanel } from './harnessPage';
import { startHarnessServer } from './harnessServer';

const samples = 7;
const warmup = 2;
interface Case {
  nodes: number;
  shape: 'table' | 'timeseries';
  /** Fixture name as the harness server knows it (test/browser/harnessServer.ts). */
  fixture: string;
  options: Record<string, unknown>;
  label: string;
}

const halves = (nodes: number, shape: Case['shape']): Case => ({ nodes, shape, fixture: `halves-${nodes}`, options: {}, label: `${nodes}x${nodes} ${shape}` });

const cases: Case[] = [
  halves(5, 'table'),
  halves(50, 'table'),
  halves(200, 'table'),
  halves(500, 'table'),
  halves(5, 'timeseries'),
  halves(50, 'timeseries'),
  halves(200, 'timeseries'),
  // A NOC's big cluster: 1000 nodes in 10 zones of 100, exporters in the down-only mode (only
  // broken links exported), one node isolated; the panel starts with every zone collapsed.
  { nodes: 1000, shape: 'table', fixture: 'isolated-1000-down-zones10', options: { linksExported: 'down', sort: 'zone' }, label: '1000 nodes by zone (10 zones, down-only links) table' },
  // The same, every zone open: 1000 × 1000 cells drawn.
  { nodes: 1000, shape: 'table', fixture: 'isolated-1000-down-zones10', options: { linksExported: 'down', sort: 'zone', maxNodes: 1500 }, label: '1000x1000 by zone, all zones open, table' },
];

/** `BENCH_RENDER_NODES=200,1000` runs only those sizes (all by default). */
function selectedCases(): typeof cases {
  const wanted = process.env.BENCH_RENDER_NODES?.split(',').map(Number);
  return wanted ? cases.filter((entry) => wanted.includes(entry.nodes)) : cases;
}

type Step = 'mount' | 'redraw' | 'resize';

export async function run(): Promise<BenchRow[]> {
  ensureBuilt();
  const server = await startHarnessServer();
  const browser = await launchChromium(['--js-flags=--expose-gc']);
  const rows: BenchRow[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1216, height: 916 } });
    await openHarness(page, server.url);
    // The renderer's main-thread CPU time (CDP Performance.getMetrics "ThreadTime"): on a
    // shared machine wall time also counts the time other processes held the cores.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const threadMs = async () => {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
      return (metrics.find((metric) => metric.name === 'ThreadTime')?.value ?? NaN) * 1000;
    };
    // gc() first, outside the measured time: every sample starts without the previous one's garbage.
    const timed = async (step: () => Promise<{ renderMs: number }>) => {
      await page.evaluate('window.gc && window.gc()');
      const before = await threadMs();
      const { renderMs } = await step();
      return { wall: renderMs, cpu: (await threadMs()) - before };
    };
    for (const { nodes, shape, fixture, options, label } of selectedCases()) {
      const wall: Record<Step, number[]> = { mount: [], redraw: [], resize: [] };
      const cpu: Record<Step, number[]> = { mount: [], redraw: [], resize: [] };
      for (let index = 0; index < warmup + samples; index++) {
        await page.evaluate(`window.netsplitHarness.prepare(${JSON.stringify(mountRequest(fixture, shape, options))})`);
        const steps: Array<[Step, { wall: number; cpu: number }]> = [
          ['mount', await timed(() => page.evaluate('window.netsplitHarness.render()') as Promise<{ renderMs: number }>)],
          ['redraw', await (async () => {
            await focusMatrix(page);
            return timed(() => redrawPanel(page));
          })()],
          ['resize', await timed(() => resizePanel(page, 1100, 850))],
        ];
        if (index < warmup) continue;
        for (const [step, time] of steps) {
          wall[step].push(time.wall);
          cpu[step].push(time.cpu);
        }
      }
      for (const step of ['mount', 'redraw', 'resize'] as const) {
        const target = targetOf(step, nodes, shape);
        rows.push({ bench: 'panel-render', case: `${step} ${label}, wall`, unit: 'ms', ...summarize(wall[step]), target });
        rows.push({ bench: 'panel-render', case: `${step} ${label}, main-thread CPU`, unit: 'ms', ...summarize(cpu[step]), target });
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  // Not a time: the machine's 1-minute load average at the end, for the reader of the numbers.
  rows.push({ bench: 'panel-render', case: `load average, 1 min (${cpus().length} cores)`, unit: 'load', ...summarize([loadavg()[0]!]) });
  return rows;
}

function targetOf(step: Step, nodes: number, shape: string): string | undefined {
  if (step === 'redraw') return '<= 16 ms';
  if (step !== 'mount' || shape !== 'table') return undefined;
  return nodes === 200 ? '<= 50 ms' : nodes === 1000 ? '<= 100 ms' : undefined;
}

/** What `mountPanel` sends the harness, for `prepare`. */
function mountRequest(fixture: string, shape: 'table' | 'timeseries', options: Record<string, unknown>) {
  return { prometheus: `/prom/${fixture}`, cluster: 'lab', time: evaluatedAt, theme: 'dark', shape, width: 1200, height: 900, options: { maxNodes: 500, ...options } };
}

if (require.main === module) {
  run()
    .then((rows) => {
      console.log(formatTable(rows));
      console.log(`\nwrote ${writeResults('panel-render', rows)}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
