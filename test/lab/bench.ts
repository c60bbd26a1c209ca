/**
 * `npm run bench:lab` — how fast the agents see a partition and its end, on real hosts with real
 * packet drops. For every topology of docs/architecture.md and each heartbeat interval: cut, time until
 * every agent reports its expected role (time to detect), heal, time until every agent is
 * healthy again (time to heal); median and max over the runs. Printed as a table and written to
 * bench-results/lab.json. Measured, never asserted.
 *
 *   npm run bench:lab [-- --runs 5] [-- --intervals 250ms,500ms] [-- --only halves,bridge] [-- --stress 60]
 *
 * `--stress S` adds a run with no cut: stress-ng loads every core for S seconds while the agents
 * run, and every role and link change on any agent is counted (false alarms; the target is none).
 */
import { Lab } from './lab';
import { AgentFleet } from './agent-fleet';
import { ensureExporterBuilt } from './exporter-build';
import { checkLabPrerequisites, describeMissing } from './preflight';
import { newLabSecret } from './lab-secret';
import { timeConvergence } from './convergence';
import { bridge, halves, isolated, majoritiesRing, oneWay, threeWay, type Topology } from './topology';
import { formatTable, summarize, writeResults, type BenchRow } from '../../exporter/bench/harness';
import { markdownTable } from './bench-markdown';
import { spawn, spawnSync } from 'node:child_process';
import { select, valueOf } from './prometheus-text';

const ALL = ['n1', 'n2', 'n3', 'n4', 'n5'];

interface BenchCase {
  name: string;
  /** Cut: a topology for the nemesis, or a frozen agent. */
  topology?: Topology;
  freeze?: string;
  expectedRoles: Record<string, string>;
  target?: string;
}

const roles = (entries: [string[], string][]) => Object.fromEntries(entries.flatMap(([nodes, role]) => nodes.map((n) => [n, role])));

const CASES: BenchCase[] = [
  {
    name: 'halves',
    topology: halves(ALL),
    expectedRoles: roles([
      [['n1', 'n2', 'n3'], 'majority'],
      [['n4', 'n5'], 'minority'],
    ]),
    target: '<= 1000 ms at 250 ms (etcd 1580, blackbox 1590)',
  },
  {
    name: 'isolated',
    topology: isolated(ALL, 'n5'),
    expectedRoles: roles([
      [['n1', 'n2', 'n3', 'n4'], 'majority'],
      [['n5'], 'isolated'],
    ]),
  },
  {
    name: 'three-way',
    topology: threeWay([['n1', 'n2'], ['n3', 'n4'], ['n5']]),
    expectedRoles: roles([
      [['n1', 'n2', 'n3', 'n4'], 'minority'],
      [['n5'], 'isolated'],
    ]),
  },
  {
    name: 'bridge',
    topology: bridge(['n1', 'n2'], 'n3', ['n4', 'n5']),
    expectedRoles: roles([
      [['n1', 'n2', 'n4', 'n5'], 'majority'],
      [['n3'], 'healthy'],
    ]),
  },
  { name: 'majorities-ring', topology: majoritiesRing(ALL), expectedRoles: roles([[ALL, 'majority']]) },
  {
    name: 'one-way n5→n1',
    topology: oneWay('n5', 'n1'),
    expectedRoles: roles([
      [['n1', 'n5'], 'majority'],
      [['n2', 'n3', 'n4'], 'healthy'],
    ]),
  },
  { name: 'agent n5 stopped', freeze: 'n5', expectedRoles: roles([[['n1', 'n2', 'n3', 'n4'], 'majority']]) },
];

interface Args {
  runs: number;
  intervals: string[];
  only?: string[];
  /** Seconds of stress-ng on every core with no cut. */
  stressSeconds?: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { runs: 5, intervals: ['250ms', '500ms'] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = argv[i + 1];
    if (arg === '--runs' && /^\d+$/.test(value ?? '')) args.runs = Number(argv[++i]);
    else if (arg === '--intervals' && value !== undefined) args.intervals = argv[++i]!.split(',');
    else if (arg === '--only' && value !== undefined) args.only = argv[++i]!.split(',');
    else if (arg === '--stress' && /^\d+$/.test(value ?? '')) args.stressSeconds = Number(argv[++i]);
    else throw new Error(`unknown or incomplete argument: ${arg}\nusage: npm run bench:lab [-- --runs 5] [-- --intervals 250ms,500ms] [-- --only halves,bridge] [-- --stress 60]`);
  }
  return args;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const healthyRoles = roles([[ALL, 'healthy']]);

async function measureCase(lab: Lab, fleet: AgentFleet, benchCase: BenchCase, intervalMs: number): Promise<{ detectMs: number; healMs: number }> {
  // Start at a random phase of the heartbeat cycle, so the runs sample every phase.
  await sleep(Math.random() * intervalMs);
  const except = benchCase.freeze === undefined ? [] : [benchCase.freeze];
  const cutAt = Date.now();
  if (benchCase.freeze !== undefined) lab.nemesis.freeze(benchCase.freeze);
  else await lab.nemesis.apply(benchCase.topology!);
  const detected = await timeConvergence(fleet, benchCase.expectedRoles, cutAt, 20_000, except);
  if (!detected.matched) throw new Error(`${benchCase.name}: expected ${JSON.stringify(benchCase.expectedRoles)}, saw ${JSON.stringify(detected.roles)}`);
  // Hold the cut a little, as a real partition lasts, then heal.
  await sleep(1000 + Math.random() * intervalMs);
  const healAt = Date.now();
  if (benchCase.freeze !== undefined) lab.nemesis.thaw(benchCase.freeze);
  else await lab.nemesis.heal();
  const healed = await timeConvergence(fleet, healthyRoles, healAt, 20_000);
  if (!healed.matched) throw new Error(`${benchCase.name}: not healthy after heal, saw ${JSON.stringify(healed.roles)}`);
  // Let relayed rows of the cut age out before the next run.
  await sleep(2000);
  return { detectMs: detected.ms, healMs: healed.ms };
}

/** Role and link changes so far, summed over the agents. */
async function changes(fleet: AgentFleet): Promise<{ role: number; link: number }> {
  const metrics = await fleet.metricsOf();
  let role = 0;
  let link = 0;
  for (const samples of Object.values(metrics)) {
    role += valueOf(samples, 'netsplit_role_transitions_total') ?? 0;
    link += select(samples, 'netsplit_link_transitions_total').reduce((sum, s) => sum + s.value, 0);
  }
  return { role, link };
}

/** No cut, every core busy: how many role and link changes the agents report (each one a false alarm). */
async function stressRun(fleet: AgentFleet, interval: string, seconds: number): Promise<BenchRow[]> {
  const before = await changes(fleet);
  const cores = spawnSync('nproc', [], { encoding: 'utf8' }).stdout.trim();
  const stress = spawn('stress-ng', ['--cpu', cores, '--timeout', `${seconds}s`, '--quiet'], { stdio: 'ignore' });
  await new Promise((resolve) => stress.once('exit', resolve));
  const after = await changes(fleet);
  const role = after.role - before.role;
  const link = after.link - before.link;
  process.stdout.write(`  stress-ng on ${cores} cores @${interval}, ${seconds} s, no cut: ${role} role changes, ${link} link changes\n`);
  const row = (what: string, value: number): BenchRow => ({ bench: 'lab', case: `stress-ng on every core @${interval}, ${seconds} s, no cut: ${what}`, unit: 'changes', median: value, min: value, max: value, samples: 1, target: '0' });
  return [row('role changes', role), row('link changes', link)];
}

async function benchInterval(interval: string, args: Args): Promise<BenchRow[]> {
  const intervalMs = interval.endsWith('ms') ? Number(interval.slice(0, -2)) : Number(interval.slice(0, -1)) * 1000;
  const lab = await Lab.create({ size: 5 });
  try {
    const fleet = await AgentFleet.start(lab, { cluster: 'bench', secret: newLabSecret(), interval });
    const rows: BenchRow[] = [];
    for (const benchCase of CASES.filter((c) => args.only === undefined || args.only.includes(c.name))) {
      const detect: number[] = [];
      const heal: number[] = [];
      for (let run = 0; run < args.runs; run++) {
        const { detectMs, healMs } = await measureCase(lab, fleet, benchCase, intervalMs);
        detect.push(detectMs);
        heal.push(healMs);
        process.stdout.write(`  ${benchCase.name} @${interval} run ${run + 1}/${args.runs}: detect ${detectMs} ms, heal ${healMs} ms\n`);
      }
      const target = interval === '250ms' ? benchCase.target : interval === '100ms' && benchCase.name === 'halves' ? '<= 500 ms at 100 ms' : undefined;
      const healTarget = interval === '250ms' ? '<= 1000 ms at 250 ms' : interval === '100ms' && benchCase.name === 'halves' ? '<= 500 ms at 100 ms' : undefined;
      rows.push({ bench: 'lab', case: `${benchCase.name} @${interval} detect`, unit: 'ms', ...summarize(detect), ...(target === undefined ? {} : { target }) });
      rows.push({ bench: 'lab', case: `${benchCase.name} @${interval} heal`, unit: 'ms', ...summarize(heal), ...(healTarget === undefined ? {} : { target: healTarget }) });
    }
    if (args.stressSeconds !== undefined) rows.push(...(await stressRun(fleet, interval, args.stressSeconds)));
    return rows;
  } finally {
    await lab.teardown();
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const preflight = checkLabPrerequisites();
  if (!preflight.ok) {
    console.error(describeMissing(preflight, 'npm run bench:lab'));
    console.error('\nOn Debian/Ubuntu: sudo apt-get install -y iproute2 nftables && sudo npm run bench:lab');
    return 2;
  }
  // Checked before the timed runs, not after them: a missing tool would otherwise throw their results away.
  if (args.stressSeconds !== undefined && spawnSync('stress-ng', ['--version']).status !== 0) {
    console.error('npm run bench:lab: --stress needs stress-ng (sudo apt-get install -y stress-ng)');
    return 2;
  }
  await ensureExporterBuilt((line) => console.log(line));
  const rows: BenchRow[] = [];
  for (const interval of args.intervals) {
    console.log(`heartbeat ${interval}, downAfter 3, upAfter 2, ${args.runs} runs per topology`);
    rows.push(...(await benchInterval(interval, args)));
  }
  console.log(`\n${formatTable(rows)}`);
  console.log(`\nFor docs/lab.md:\n\n${markdownTable(rows)}`);
  console.log(`\nwritten to ${writeResults('lab', rows)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:lab failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
