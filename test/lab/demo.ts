/**
 * `npm run demo` — five hosts (network namespaces), each with an etcd 3.4 member and a netsplit
 * agent probing every member, playing the runbook's consensus timeline with real packet drops:
 * healthy → split detected → minority isolated → recovery. Each step checks the roles and levels
 * the agents report and what they measure about etcd (leader, quorum per side). Every agent's
 * metrics and view are served on 127.0.0.1 while it runs.
 *
 *   npm run demo                      plays the timeline again and again until Ctrl-C
 *   npm run demo -- --once            plays it once, prints a summary, exits 0 when every verdict was right
 *   options: --port N (default 9400, 0 = any free port), --interval 250ms (heartbeat)
 */
import { existsSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Lab } from './lab';
import type { AgentFleet } from './agent-fleet';
import { ensureExporterBuilt } from './exporter-build';
import { checkLabPrerequisites, describeMissing } from './preflight';
import { newLabSecret } from './lab-secret';
import { startPublicGateway, type PublicGateway } from './public-gateway';
import { RUNBOOK_SCENARIO, type ScenarioStep } from './runbook-scenario';
import { timeConvergence } from './convergence';
import { formatRows, seconds } from './console-table';
import { poll } from './wait-for';
import { ETCD } from './services/etcd-member';
import { startConsensusFleet } from './consensus-fleet';
import { consensusHolds, describeLeaders, describeQuorum, measuredLeader, readConsensus, writableNodes, type ConsensusReading } from './consensus-reading';

interface DemoArgs {
  once: boolean;
  port: number;
  interval: string;
}

const USAGE = 'usage: npm run demo [-- --once] [-- --port N] [-- --interval 250ms]';

function parseArgs(argv: readonly string[]): DemoArgs | string {
  const args: DemoArgs = { once: false, port: 9400, interval: '250ms' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--once') args.once = true;
    else if (arg === '--port' && /^\d+$/.test(argv[i + 1] ?? '')) args.port = Number(argv[++i]);
    else if (arg === '--interval' && /^\d+(ms|s)$/.test(argv[i + 1] ?? '')) args.interval = argv[++i]!;
    else return `unknown or incomplete argument: ${arg}\n${USAGE}`;
  }
  return args;
}

/**
 * How long a step waits for etcd to match: a re-election takes ~1–2 s (election timeout 1 s), a
 * healed minority rejoins in ~0.5 s with --pre-vote, and the agents probe every 500 ms — on a
 * busy machine all of it can take several times longer.
 */
const CONSENSUS_DEADLINE_MS = 30_000;
/** Levels follow consensus (a member without leader means read-only), so they settle after both. */
const LEVELS_DEADLINE_MS = 10_000;

interface StepResult {
  step: ScenarioStep;
  /** Roles and levels as expected. */
  matched: boolean;
  /** ms until the last agent took its expected role. */
  ms: number;
  roles: Record<string, string>;
  levels: Record<string, number | null>;
  /** What the agents measured about etcd, and whether it was what the step expects. */
  consensus: ConsensusReading;
  consensusMatched: boolean;
  /** ms until the etcd expectation held (or until the deadline). */
  consensusMs: number;
}

/** `majority n1 n2 n3 · minority n4 n5` */
function groupByRole(roles: Record<string, string | number | null>): string {
  const groups = new Map<string, string[]>();
  for (const [node, role] of Object.entries(roles).sort()) groups.set(String(role), [...(groups.get(String(role)) ?? []), node]);
  return [...groups].map(([role, nodes]) => `${role} ${nodes.join(' ')}`).join(' · ');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function playStep(lab: Lab, fleet: AgentFleet, step: ScenarioStep, index: number, startedAt: number): Promise<StepResult> {
  const clock = new Date(Date.now() - startedAt).toISOString().slice(14, 19);
  console.log(`\n[+${clock}] ${index + 1}/${RUNBOOK_SCENARIO.length} ${step.state} — ${step.action}`);
  const since = Date.now();
  if (step.isRecovery) await lab.nemesis.heal();
  else await lab.nemesis.apply(step.topology);
  // Watched side by side from the same instant: each time is its own, neither waits for the other.
  const [convergence, consensus] = await Promise.all([
    timeConvergence(fleet, step.expectedRoles, since),
    poll(() => readConsensus(fleet), (reading) => consensusHolds(reading, step.expectedConsensus), { timeoutMs: CONSENSUS_DEADLINE_MS, intervalMs: 100 }),
  ]);
  const levels = (await poll(() => fleet.levels(), (l) => isDeepStrictEqual(l, step.expectedLevels), { timeoutMs: convergence.matched ? LEVELS_DEADLINE_MS : 0 })).value ?? convergence.levels;
  const matched = convergence.matched && isDeepStrictEqual(levels, step.expectedLevels);
  const reading = consensus.value ?? { leaders: {}, quorum: {} };
  const consensusMs = consensus.at - since;
  console.log(`   roles   ${groupByRole(convergence.roles)}`);
  console.log(`   levels  ${Object.entries(levels).map(([n, l]) => `${n}=${l}`).join(' ')}   (0 full · 1 read-only · 2 cached · 3 emergency)`);
  console.log(`   etcd    leader ${describeLeaders(reading)}`);
  console.log(`   etcd    quorum ${describeQuorum(reading)} → writes on ${writableNodes(reading)}`);
  console.log(`   runbook quorum ${step.quorum}, writes: ${step.writes}`);
  const verb = step.isRecovery ? 'healed' : index === 0 ? 'confirmed' : 'detected';
  if (matched) console.log(`   ${verb} in ${seconds(convergence.ms)} on every agent`);
  else console.log(`   MISMATCH after ${seconds(convergence.ms)}: expected ${groupByRole(step.expectedRoles)} with levels ${groupByRole(step.expectedLevels)}`);
  const expectedEtcd = `quorum ${groupByRole(step.expectedConsensus.quorum)}, one leader among ${step.expectedConsensus.leaderAmong.join(' ')} seen by every agent with quorum, none by the others`;
  if (consensus.matched) console.log(`   etcd as expected in ${seconds(consensusMs)}`);
  else console.log(`   etcd MISMATCH after ${seconds(consensusMs)}: expected ${expectedEtcd}`);
  return { step, matched, ms: convergence.ms, roles: convergence.roles, levels, consensus: reading, consensusMatched: consensus.matched, consensusMs };
}

function summary(results: readonly StepResult[]): string {
  return formatRows(
    ['step', 'cut', 'expected roles', 'observed', 'levels', 'time', 'etcd leader · quorum', 'etcd time', 'result'],
    results.map((r) => [
      r.step.state,
      r.step.topology.description,
      groupByRole(r.step.expectedRoles),
      JSON.stringify(r.roles) === JSON.stringify(r.step.expectedRoles) ? 'same' : groupByRole(r.roles),
      Object.values(r.levels).join(' '),
      `${r.step.isRecovery ? 'heal' : r === results[0] ? 'confirm' : 'detect'} ${seconds(r.ms)}`,
      `${measuredLeader(r.consensus)} · quorum ${writableNodes(r.consensus)}`,
      seconds(r.consensusMs),
      r.matched && r.consensusMatched ? 'ok' : 'MISMATCH',
    ]),
  );
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    console.error(parsed);
    return 2;
  }
  const args = parsed;
  const machine = checkLabPrerequisites();
  // etcd is part of the demo, not an option: without it the consensus columns would be empty.
  const etcdMissing = existsSync(ETCD) ? [] : [`etcd 3.4 (${ETCD}): the demo runs an etcd member on every host; install it with \`apt-get install -y etcd-server etcd-client\``];
  const preflight = { ok: machine.ok && etcdMissing.length === 0, missing: [...machine.missing, ...etcdMissing] };
  if (!preflight.ok) {
    console.error(describeMissing(preflight, 'npm run demo'));
    console.error('\nThe demo builds five hosts as Linux network namespaces, runs etcd on each and cuts links with nftables. On Debian/Ubuntu:');
    console.error('  sudo apt-get install -y iproute2 nftables etcd-server etcd-client');
    console.error('  sudo npm run demo            # or: sudo npm run demo -- --once');
    return 2;
  }
  await ensureExporterBuilt((line) => console.log(line));

  let stopping = false;
  process.once('SIGINT', () => {
    stopping = true;
  });
  const lab = await Lab.create({ size: 5 });
  let gateway: PublicGateway | undefined;
  try {
    const startedAt = Date.now();
    console.log(`netsplit demo: 5 hosts n1…n5 (10.200.0.1–5, namespaces ${lab.hosts[0]!.namespace}…), heartbeat ${args.interval}`);
    const { fleet, leader, etcdReadyMs, agentsReadyMs } = await startConsensusFleet(lab, { cluster: 'demo', secret: newLabSecret(), interval: args.interval });
    console.log(`etcd members etcd-n1…etcd-n5 (etcd 3.4, --pre-vote) up, every one with a leader, in ${seconds(etcdReadyMs)}`);
    console.log(`agents up and healthy, probing every member every 500 ms, all seeing leader ${leader} with quorum, in ${seconds(agentsReadyMs)}`);
    try {
      gateway = await startPublicGateway(fleet.agents, args.port);
    } catch (error) {
      throw new Error(`cannot serve on 127.0.0.1:${args.port} (${(error as Error).message}): pass --port N, or --port 0 for any free port`, { cause: error });
    }
    console.log(`\nEvery agent's metrics and view, served on ${gateway.baseUrl}/ :`);
    for (const agent of fleet.agents) {
      const urls = gateway.urls(agent.name);
      console.log(`  ${agent.name}  ${urls.metrics}   ${urls.view}`);
    }
    for (let round = 1; ; round++) {
      if (!args.once) console.log(`\n=== round ${round} (Ctrl-C to stop and remove the lab)`);
      const results: StepResult[] = [];
      for (const [index, step] of RUNBOOK_SCENARIO.entries()) {
        results.push(await playStep(lab, fleet, step, index, startedAt));
        if (stopping) return 130;
        await sleep(args.once ? 500 : 8000);
      }
      const ok = results.every((r) => r.matched && r.consensusMatched);
      console.log(`\nSummary${args.once ? '' : ` of round ${round}`}:\n${summary(results)}`);
      console.log(ok ? '\nEvery verdict matched the runbook timeline.' : '\nSome verdicts differ from the runbook timeline (see MISMATCH above).');
      if (args.once) return ok ? 0 : 1;
      await sleep(10_000);
    }
  } catch (error) {
    if (stopping) return 130;
    throw error;
  } finally {
    await gateway?.close();
    await lab.teardown();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
