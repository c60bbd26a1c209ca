/**
 * Render time of the BUILT panel in chromium (the harness standing in for Grafana), for the
 * halves split at 5 / 50 / 200 / 500 nodes. "mount" = frames → view model → React render →
 * canvas or DOM drawn → layout; "resize" = the same data at a new size (view model memoised).
 * Frames arrive in the "table" shape (one frame per query); 5–200 also as "time series"
 * (one frame per series: 81 000 frames at 200 nodes). Median of 7 after 2 warm-up runs;
 * garbage is collected before each timed render.
 *
 *   npx tsx test/browser/render.bench.ts     (needs `npm run build` first)
 */
import { BenchRow, formatTable, summarize, writeResults } from '../../exporter/bench/harness';
import { launchChromium } from './chromium';
import { ensureBuilt } from './harnessBuild';
import { mountPanel, openHarness, resizePanel } from './harnessPage';
import { startHarnessServer } from './harnessServer';

const samples = 7;
const warmup = 2;
const cases: Array<{ nodes: number; shape: 'table' | 'timeseries' }> = [
  { nodes: 5, shape: 'table' },
  { nodes: 50, shape: 'table' },
  { nodes: 200, shape: 'table' },
  { nodes: 500, shape: 'table' },
  { nodes: 5, shape: 'timeseries' },
  { nodes: 50, shape: 'timeseries' },
  { nodes: 200, shape: 'timeseries' },
];

export async function run(): Promise<BenchRow[]> {
  ensureBuilt();
  const server = await startHarnessServer();
  // gc() before each timed render: every sample starts without the previous one's garbage.
  const browser = await launchChromium(['--js-flags=--expose-gc']);
  const rows: BenchRow[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1216, height: 916 } });
    await openHarness(page, server.url);
    for (const { nodes, shape } of cases) {
      const mount = () => mountPanel(page, { fixture: `halves-${nodes}`, theme: 'dark', shape, options: { maxNodes: 1000 } });
      const mounts: number[] = [];
      const resizes: number[] = [];
      for (let index = 0; index < warmup + samples; index++) {
        const mounted = await mount();
        const resized = await resizePanel(page, 1100, 850);
        if (index >= warmup) {
          mounts.push(mounted.renderMs);
          resizes.push(resized.renderMs);
        }
      }
      const target = nodes === 200 ? '<= 50 ms' : undefined;
      rows.push({ bench: 'panel-render', case: `mount ${nodes}x${nodes} ${shape}`, unit: 'ms', ...summarize(mounts), target });
      rows.push({ bench: 'panel-render', case: `resize ${nodes}x${nodes} ${shape}`, unit: 'ms', ...summarize(resizes) });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
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
