/**
 * A flapping link must not make roles flap faster than the damping allows (downAfter × interval
 * of silence before a link is down, upAfter heartbeats before it is up again). Heartbeat 250 ms,
 * downAfter 3, upAfter 2: a cut shorter than 750 ms minus one interval is never seen at all
 * (the silence it causes is at most cut + interval), and between two role changes of an agent at
 * least min(3, 2) × 250 ms = 500 ms pass.
 */
import { Lab } from '../lab/lab';
import { AgentFleet } from '../lab/agent-fleet';
import { ensureExporterBuilt } from '../lab/exporter-build';
import { newLabSecret } from '../lab/lab-secret';
import { requireLabPrerequisites } from '../lab/preflight';
import { select, valueOf, type Sample } from '../lab/prometheus-text';

// testTimeout in test/jest.config.js is a global option that jest ignores inside `projects`.
jest.setTimeout(120_000);
// One retry, cause named: the real cut lasts the 200 ms plus the time `nft` takes to take the rule
// out again (a process spawned in the namespace), and on a busy 2-core machine that sometimes
// passes the 500 ms damping absorbs, so n1 truthfully reads `majority` once. Seen in about 1 run
// of 4 on this commit and on the commit before the blanket retry was removed (which hid it); the
// first failure is printed, so the rate stays visible. Measuring each cut's real length instead
// is the fix still to make.
jest.retryTimes(1, { logErrorsBeforeRetry: true });

const ALL = ['n1', 'n2', 'n3', 'n4', 'n5'];
const INTERVAL_MS = 250;
const MIN_ROLE_GAP_MS = Math.min(3, 2) * INTERVAL_MS;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const transitions = (samples: Record<string, Sample[]>) =>
  Object.fromEntries(
    ALL.map((n) => [
      n,
      {
        link: select(samples[n]!, 'netsplit_link_transitions_total').reduce((sum, s) => sum + s.value, 0),
        role: valueOf(samples[n]!, 'netsplit_role_transitions_total') ?? 0,
      },
    ]),
  );

describe('a flapping link n1–n5 (heartbeat 250 ms, downAfter 3, upAfter 2)', () => {
  let lab: Lab | undefined;
  let fleet: AgentFleet;

  beforeAll(async () => {
    requireLabPrerequisites('The flapping-link tests');
    await ensureExporterBuilt();
    lab = await Lab.create({ size: 5 });
    fleet = await AgentFleet.start(lab, { cluster: 'lab', secret: newLabSecret(), interval: '250ms', downAfter: 3, upAfter: 2 });
  });

  afterAll(async () => {
    await lab?.teardown();
  });

  it('cuts of 200 ms every second are absorbed: no link or role ever changes', async () => {
    const before = transitions(await fleet.metricsOf());
    const rolesSeen: Record<string, Set<string>> = Object.fromEntries(ALL.map((n) => [n, new Set<string>()]));
    const flapping = lab!.nemesis.flap('n1', 'n5', { cutMs: 200, healMs: 800 });
    for (const until = Date.now() + 8000; Date.now() < until; ) {
      for (const [name, role] of Object.entries(await fleet.roles())) rolesSeen[name]!.add(role);
      await sleep(100);
    }
    const cuts = await flapping.stop();
    expect(cuts).toBeGreaterThanOrEqual(6);
    expect(Object.fromEntries(Object.entries(rolesSeen).map(([n, roles]) => [n, [...roles]]))).toEqual(Object.fromEntries(ALL.map((n) => [n, ['healthy']])));
    expect(transitions(await fleet.metricsOf())).toEqual(before);
  });

  it('cuts of 2.5 s every 5 s: n1 and n5 change role once per cut and back, never faster than the damping', async () => {
    await fleet.waitUntilHealthy();
    const startedAt = Date.now();
    const before = transitions(await fleet.metricsOf());
    const flapping = lab!.nemesis.flap('n1', 'n5', { cutMs: 2500, healMs: 2500 });
    await sleep(3 * 5000 - 1000);
    const cuts = await flapping.stop();
    await fleet.waitUntilHealthy();

    const roleChanges = Object.fromEntries(
      fleet.agents.map((agent) => [
        agent.name,
        agent
          .logs()
          .filter(({ entry }) => entry.msg === 'role' && Date.parse(String(entry.time)) >= startedAt)
          .map(({ entry }) => ({ role: String(entry.role), at: Date.parse(String(entry.time)) })),
      ]),
    );
    const perCut = Array.from({ length: cuts }, () => ['majority', 'healthy']).flat();
    expect(Object.fromEntries(Object.entries(roleChanges).map(([n, changes]) => [n, changes.map((c) => c.role)]))).toEqual({ n1: perCut, n2: [], n3: [], n4: [], n5: perCut });

    const fastest = Math.min(...Object.values(roleChanges).flatMap((changes) => changes.slice(1).map((c, i) => c.at - changes[i]!.at)));
    expect(fastest).toBeGreaterThanOrEqual(MIN_ROLE_GAP_MS);

    const after = transitions(await fleet.metricsOf());
    expect({ n1: after.n1!.role - before.n1!.role, n5: after.n5!.role - before.n5!.role }).toEqual({ n1: 2 * cuts, n5: 2 * cuts });
  });
});
