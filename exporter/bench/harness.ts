/**
 * Tiny benchmark harness: every bench returns rows; `npm run bench` prints them as a table and
 * writes bench-results/<name>.json. Numbers are measured, never asserted (machines are noisy).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchRow {
  bench: string;
  case: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  samples: number;
  /** The goal, for the reader (e.g. "<= 10 ms"); never asserted. */
  target?: string;
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  samples: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summarize: no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, samples: sorted.length };
}

/** Runs `fn` `warmup` times unmeasured, then `samples` times; returns milliseconds per call. */
export function timeSync(fn: () => void, samples = 25, warmup = 5): Summary {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return summarize(times);
}

/**
 * Like timeSync, but the process's CPU time (user + system, all threads: the garbage collector's
 * included) per call. On a shared machine wall time also counts the time other processes held the
 * cores; CPU time is what the code itself costs. Microsecond resolution: for calls of a millisecond
 * and more.
 */
export function timeSyncCpu(fn: () => void, samples = 25, warmup = 5): Summary {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return summarize(times);
}

/** Series in a Prometheus exposition: its sample lines (not comments, not blank). */
export function seriesIn(exposition: string): number {
  return exposition.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['bench', 'case', 'median', 'min', 'max', 'unit', 'n', 'target'];
  const body = rows.map((r) => [r.bench, r.case, fmt(r.median), fmt(r.min), fmt(r.max), r.unit, String(r.samples), r.target ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toPrecision(3);
}

export function writeResults(name: string, rows: readonly BenchRow[], dir = 'bench-results'): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, at: new Date().toISOString(), node: process.version, rows }, null, 2) + '\n');
  return file;
}

/** Like timeSync for async work. */
export async function timeAsync(fn: () => Promise<unknown>, samples = 25, warmup = 5): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return summarize(times);
}

/**
 * The command-line entry of a stand-alone bench file: `--runs N` (default 5), then prints the
 * table, writes bench-results/<name>.json and exits 0, or reports the failure and exits 1.
 */
export function runBenchMain(name: string, run: (options: { runs: number }) => Promise<BenchRow[]>, argv: readonly string[] = process.argv): void {
  const runsArg = argv.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(argv[runsArg + 1]) : 5;
  run({ runs }).then(
    (rows) => {
      console.log(`\n${formatTable(rows)}`);
      console.log(`\nwritten to ${writeResults(name, rows)}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(`${name} bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
