/**
 * npm run bench [-- name ...]: runs the exporter's benchmarks (and the panel's render benchmark
 * when the panel is built), prints one table and writes bench-results/<name>.json each.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatTable, writeResults, type BenchRow } from './harness';
import { run as verdict } from './verdict.bench';
import { run as heartbeat } from './heartbeat.bench';
import { run as metrics } from './metrics.bench';
import { run as soak } from './soak.bench';
import { run as soakLong } from './soak-long.bench';
import { run as udpFloor } from './udp-floor.bench';
import { run as signing } from './signing.bench';
import { run as adminApis } from './admin-apis.bench';
import { run as membership } from './membership.bench';

type Bench = () => Promise<BenchRow[]>;

/** Run only when named: `npm run bench` alone stays minutes long (the floor is context for the soak, not a target). */
const OPT_IN = ['soak-long', 'udp-floor'];

const RENDER_BENCH = join(__dirname, '..', '..', 'test', 'browser', 'render.bench');

const benches: Record<string, Bench> = {
  verdict,
  heartbeat,
  metrics,
  soak,
  // The soak's datagram traffic in a process that does nothing else: what the soak's CPU stands on.
  'udp-floor': udpFloor,
  // An hour by default (BENCH_SOAK_LONG_MINUTES): only when named.
  'soak-long': soakLong,
  signing,
  'admin-apis': adminApis,
  membership,
  // The panel's Chromium benchmark lives with the browser tests; loaded only when asked for.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  render: () => (require(RENDER_BENCH) as { run: Bench }).run(),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length > 0 ? wanted : Object.keys(benches).filter((name) => !OPT_IN.includes(name));
  const all: BenchRow[] = [];
  for (const name of names) {
    const bench = benches[name];
    if (!bench) throw new Error(`unknown bench "${name}": choose from ${Object.keys(benches).join(', ')}`);
    if ((name === 'soak' || name === 'soak-long') && !existsSync(join(__dirname, '..', 'dist', 'cli.js'))) throw new Error('soak needs the built exporter: npm run build -w exporter');
    process.stderr.write(`running ${name}…\n`);
    const rows = await bench();
    writeResults(name, rows);
    all.push(...rows);
  }
  console.log(formatTable(all));
  console.log('\nJSON written to bench-results/');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
