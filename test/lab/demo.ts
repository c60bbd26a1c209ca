/**
 * `npm run demo` — five hosts (network namespaces) with a netsplit agent each, playing the
 * runbook's consensus timeline with real packet drops: healthy → split detected → minority
 * isolated → recovery. Every agent's metrics and view are served on 127.0.0.1 while it runs.
 *
 *   npm run demo                      plays the timeline again and again until Ctrl-C
 *   npm run demo -- --once            plays it once, prints a summary, exits 0 when every verdict was right
 *   options: --port N (default 9400, 0 = any free port), --interval 250ms (heartbeat)
 */
import { Lab } from './lab';
import { AgentFleet } from './agent-fleet';
import { ensureExporterBuilt } from './exporter-build';
import { checkLabPrerequisites, describeMissing } from './preflight';
import { newLabSecret } from './lab-secret';
import { startPublicGateway, type PublicGateway } from './public-gateway';
import { RUNBOOK_SCENARIO, type ScenarioStep } from './runbook-scenario';
import { timeConvergence } from './convergence';
import { formatRows, seconds } from './console-table';

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

interface StepResult {
  step: ScenarioStep;
  matched: boolean;
  ms: number;
  roles: Record<string, string>;
  levels: Record<string, number | null>;
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
  const convergence = await timeConvergence(fleet, step.expectedRoles, since);
  const levelsRight = JSON.stringify(convergence.levels) === JSON.stringify(step.expectedLevels);
  const matched = convergence.matched && levelsRight;
  console.log(`   roles   ${groupByRole(convergence.roles)}`);
  console.log(`   levels  ${Object.entries(convergence.levels).map(([n, l]) => `${n}=${l}`).join(' ')}   (0 full · 1 read-only · 2 cached · 3 emergency)`);
  console.log(`   quorum  ${step.quorum}, writes: ${step.writes}`);
  const verb = step.isRecovery ? 'healed' : index === 0 ? 'confirmed' : 'detected';
  if (matched) console.log(`   ${verb} in ${seconds(convergence.ms)} on every agent`);
  else console.log(`   MISMATCH after ${seconds(convergence.ms)}: expected ${groupByRole(step.expectedRoles)} with levels ${groupByRole(step.expectedLevels)}`);
  return { step, matched, ms: convergence.ms, roles: convergence.roles, levels: convergence.levels };
}

function summary(results: readonly StepResult[]): string {
  return formatRows(
    ['step', 'cut', 'expected roles', 'observed', 'levels', 'time', 'result'],
    results.map((r) => [
      r.step.state,
      r.step.topology.description,
      groupByRole(r.step.expectedRoles),
      JSON.stringify(r.roles) === JSON.stringify(r.step.expectedRoles) ? 'same' : groupByRole(r.roles),
      Object.values(r.levels).join(' '),
      `${r.step.isRecovery ? 'heal' : r === results[0] ? 'confirm' : 'detect'} ${seconds(r.ms)}`,
      r.matched ? 'ok' : 'MISMATCH',
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
  const preflight = checkLabPrerequisites();
  if (!preflight.ok) {
    console.error(describeMissing(preflight, 'npm run demo'));
    console.error('\nThe demo builds five hosts as Linux network namespaces and cuts links with nftables. On Debian/Ubuntu:');
    console.error('  sudo apt-get install -y iproute2 nftables');
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
    const fleet = await AgentFleet.start(lab, { cluster: 'demo', secret: newLabSecret(), interval: args.interval });
    console.log(`agents up and healthy in ${seconds(Date.now() - startedAt)}`);
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
      const ok = results.every((r) => r.matched);
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
