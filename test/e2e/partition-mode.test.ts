/**
 * Partition mode for applications on real hosts: one stand-in application per namespace host
 * follows its own agent through the mode client. A halves cut changes every application's mode
 * within one second of its agent's verdict (both times printed), the heal restores it, and an
 * application whose agent is killed reports unknown — not the last mode.
 */
import { Lab } from '../lab/lab';
import { AgentFleet } from '../lab/agent-fleet';
import { ensureExporterBuilt } from '../lab/exporter-build';
import { newLabSecret } from '../lab/lab-secret';
import { modeAppService, type ModeChange, type RunningModeApp } from '../lab/mode-app-service';
import { requireLabPrerequisites } from '../lab/preflight';
import { halves } from '../lab/topology';
import { waitUntil } from '../lab/wait-for';

jest.setTimeout(180_000);

const ALL = ['n1', 'n2', 'n3', 'n4', 'n5'];
const SIDES: Record<string, string> = { n1: 'majority', n2: 'majority', n3: 'majority', n4: 'minority', n5: 'minority' };

describe('partition mode through the client, on five namespace hosts', () => {
  let lab: Lab | undefined;
  let fleet: AgentFleet;
  let apps: RunningModeApp[];

  beforeAll(async () => {
    requireLabPrerequisites('The partition-mode lab test');
    await ensureExporterBuilt();
    lab = await Lab.create({ size: 5 });
    fleet = await AgentFleet.start(lab, { cluster: 'lab', secret: newLabSecret(), interval: '250ms' });
    apps = await lab.startOnEveryHost(modeAppService());
  });

  afterAll(async () => {
    await lab?.teardown();
  });

  const app = (name: string) => apps.find((a) => a.host.name === name)!;
  const appModes = async () => Object.fromEntries(ALL.map((name) => [name, `${app(name).current()?.role}/${app(name).current()?.writesSafe}`]));

  /** Each node: when its agent logged the role, when its application saw it, and the lag. */
  function lags(since: number, expected: Record<string, string>): Record<string, { agentAt: number; appAt: number; lagMs: number }> {
    const out: Record<string, { agentAt: number; appAt: number; lagMs: number }> = {};
    for (const name of ALL) {
      const role = expected[name]!;
      const logged = fleet.agent(name).logs().find((line) => line.entry.msg === 'role' && line.entry.role === role && Date.parse(String(line.entry.time)) >= since);
      const seen = app(name).changes().find((change: ModeChange) => change.role === role && change.at >= since);
      if (logged === undefined || seen === undefined) throw new Error(`${name}: no ${role} ${logged === undefined ? 'in the agent log' : 'at the application'} since the change`);
      const agentAt = Date.parse(String(logged.entry.time));
      out[name] = { agentAt, appAt: seen.at, lagMs: seen.at - agentAt };
    }
    console.log(Object.entries(out).map(([name, l]) => `${name}: agent ${new Date(l.agentAt).toISOString()}  application ${new Date(l.appAt).toISOString()}  lag ${l.lagMs} ms`).join('\n'));
    return out;
  }

  it('every application starts healthy with writes safe', async () => {
    const healthy = Object.fromEntries(ALL.map((name) => [name, 'healthy/true']));
    expect((await waitUntil('every application healthy', appModes, (modes) => JSON.stringify(modes) === JSON.stringify(healthy), { timeoutMs: 20_000 })).value).toEqual(healthy);
  });

  it('a halves cut reaches every application within one second of its agent, and the heal restores it', async () => {
    const cutAt = Date.now();
    await lab!.nemesis.apply(halves(ALL));
    const split = Object.fromEntries(ALL.map((name) => [name, `${SIDES[name]}/${SIDES[name] === 'majority'}`]));
    expect((await waitUntil('applications follow the cut', appModes, (modes) => JSON.stringify(modes) === JSON.stringify(split), { timeoutMs: 20_000 })).value).toEqual(split);
    const cut = lags(cutAt, SIDES);
    expect(Object.values(cut).filter((l) => l.lagMs < 0 || l.lagMs > 1000)).toEqual([]);
    expect(app('n4').current()?.reason).toBe('minority: this side reaches 2 of 5 members (quorum 3); writes refused, serve read-only');

    const healAt = Date.now();
    await lab!.nemesis.reset();
    const healthy = Object.fromEntries(ALL.map((name) => [name, 'healthy/true']));
    expect((await waitUntil('applications follow the heal', appModes, (modes) => JSON.stringify(modes) === JSON.stringify(healthy), { timeoutMs: 20_000 })).value).toEqual(healthy);
    const healed = lags(healAt, Object.fromEntries(ALL.map((name) => [name, 'healthy'])));
    expect(Object.values(healed).filter((l) => l.lagMs < 0 || l.lagMs > 1000)).toEqual([]);
  });

  it('an application whose agent is killed reports unknown, never its last mode', async () => {
    fleet.kill('n5');
    const lost = await waitUntil('n5 application unknown', async () => app('n5').current(), (mode) => mode?.role === 'unknown', { timeoutMs: 15_000 });
    expect({ role: lost.value?.role, writesSafe: lost.value?.writesSafe, previous: lost.value?.previous }).toEqual({ role: 'unknown', writesSafe: false, previous: 'healthy' });
    expect(app('n1').current()?.role).not.toBe('unknown');
  });
});
