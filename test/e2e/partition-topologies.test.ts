/**
 * Every row of the ground-truth table (docs/architecture.md) on real hosts: five agents in five network
 * namespaces, real packet drops by nftables. For each topology, every agent's /metrics and
 * /api/v1/view must say exactly what the table says; after heal, everything is healthy again.
 * One lab serves all cases; each case heals before the next.
 */
import { Lab } from '../lab/lab';
import { AgentFleet } from '../lab/agent-fleet';
import { healthySummary, type AgentSummary } from '../lab/agent-summary';
import { ensureExporterBuilt } from '../lab/exporter-build';
import { newLabSecret } from '../lab/lab-secret';
import { requireLabPrerequisites } from '../lab/preflight';
import { bridge, halves, isolated, majoritiesRing, oneWay, threeWay, type Topology } from '../lab/topology';

// testTimeout in test/jest.config.js is a global option that jest ignores inside `projects`.
jest.setTimeout(120_000);

const ALL = ['n1', 'n2', 'n3', 'n4', 'n5'];
const HEALTHY: Record<string, AgentSummary> = Object.fromEntries(ALL.map((n) => [n, healthySummary(ALL)]));

/** One agent's expected summary; the flags not given are off. */
function says(facts: Pick<AgentSummary, 'role' | 'level' | 'unreachable' | 'fresh' | 'components'> & Partial<AgentSummary>): AgentSummary {
  return { asymmetric: [], bridges: [], majoritiesRing: false, noQuorum: false, partitionDetected: true, disagreements: [], ...facts };
}

describe('the ground truth on a 5-host lab (heartbeat 250 ms)', () => {
  let lab: Lab | undefined;
  let fleet: AgentFleet;

  beforeAll(async () => {
    requireLabPrerequisites('The partition e2e tests');
    await ensureExporterBuilt();
    lab = await Lab.create({ size: 5 });
    fleet = await AgentFleet.start(lab, { cluster: 'lab', secret: newLabSecret(), interval: '250ms' });
  });

  afterAll(async () => {
    await lab?.teardown();
  });

  /** Applies the topology, waits for the expected verdicts, then heals and waits for healthy. */
  async function checkTopology(topology: Topology, expected: Record<string, AgentSummary>, except: string[] = []): Promise<void> {
    await lab!.nemesis.apply(topology);
    expect(await fleet.waitForSummaries(expected, { except })).toEqual(expected);
    await lab!.nemesis.reset();
    expect(await fleet.waitForSummaries(HEALTHY)).toEqual(HEALTHY);
  }

  it('healthy: all healthy, level 0, one component', async () => {
    expect(await fleet.waitForSummaries(HEALTHY)).toEqual(HEALTHY);
  });

  it('halves {n1,n2,n3} | {n4,n5}: 1–3 majority (0), 4–5 minority (1)', async () => {
    const majority = says({ role: 'majority', level: 0, unreachable: ['n4', 'n5'], fresh: ['n1', 'n2', 'n3'], components: [['n1', 'n2', 'n3']] });
    const minority = says({ role: 'minority', level: 1, unreachable: ['n1', 'n2', 'n3'], fresh: ['n4', 'n5'], components: [['n4', 'n5']] });
    await checkTopology(halves(ALL), { n1: majority, n2: majority, n3: majority, n4: minority, n5: minority });
  });

  it('isolated {n1..n4} | {n5}: 1–4 majority, 5 isolated (2)', async () => {
    const majority = says({ role: 'majority', level: 0, unreachable: ['n5'], fresh: ['n1', 'n2', 'n3', 'n4'], components: [['n1', 'n2', 'n3', 'n4']] });
    const alone = says({ role: 'isolated', level: 2, unreachable: ['n1', 'n2', 'n3', 'n4'], fresh: ['n5'], components: [['n5']] });
    await checkTopology(isolated(ALL, 'n5'), { n1: majority, n2: majority, n3: majority, n4: majority, n5: alone });
  });

  it('three-way {n1,n2} | {n3,n4} | {n5}: no quorum — 1–4 minority, 5 isolated', async () => {
    // No agent can prove "no quorum anywhere": each sees three members outside its view, enough
    // to hold a majority for all it knows. So netsplit_no_quorum stays 0 and the roles say it.
    const left = says({ role: 'minority', level: 1, unreachable: ['n3', 'n4', 'n5'], fresh: ['n1', 'n2'], components: [['n1', 'n2']] });
    const right = says({ role: 'minority', level: 1, unreachable: ['n1', 'n2', 'n5'], fresh: ['n3', 'n4'], components: [['n3', 'n4']] });
    const alone = says({ role: 'isolated', level: 2, unreachable: ['n1', 'n2', 'n3', 'n4'], fresh: ['n5'], components: [['n5']] });
    await checkTopology(threeWay([['n1', 'n2'], ['n3', 'n4'], ['n5']]), { n1: left, n2: left, n3: right, n4: right, n5: alone });
  });

  it('bridge {n1,n2} – n3 – {n4,n5}: n3 healthy and named bridge, others majority, all rows fresh via n3', async () => {
    const component = [ALL];
    const left = says({ role: 'majority', level: 0, unreachable: ['n4', 'n5'], fresh: ALL, components: component, bridges: ['n3'] });
    const right = says({ role: 'majority', level: 0, unreachable: ['n1', 'n2'], fresh: ALL, components: component, bridges: ['n3'] });
    const middle = says({ role: 'healthy', level: 0, unreachable: [], fresh: ALL, components: component, bridges: ['n3'] });
    const expected = { n1: left, n2: left, n3: middle, n4: right, n5: right };
    await lab!.nemesis.apply(bridge(['n1', 'n2'], 'n3', ['n4', 'n5']));
    expect(await fleet.waitForSummaries(expected)).toEqual(expected);
    // n1 cannot reach n4 or n5 at all: their rows reach it only relayed through n3, and fresh.
    const view = await fleet.agent('n1').view();
    expect(view.rows.map((r) => r.origin)).toEqual(ALL);
    expect(view.rows.filter((r) => r.ageMs > 2000)).toEqual([]);
    await lab!.nemesis.reset();
    expect(await fleet.waitForSummaries(HEALTHY)).toEqual(HEALTHY);
  });

  it('majorities ring (cut 1–3, 1–4, 2–4, 2–5, 3–5): everyone majority, all rows fresh, ring flagged', async () => {
    const ring = (unreachable: string[]) => says({ role: 'majority', level: 0, unreachable, fresh: ALL, components: [ALL], majoritiesRing: true });
    await checkTopology(majoritiesRing(ALL), { n1: ring(['n3', 'n4']), n2: ring(['n4', 'n5']), n3: ring(['n1', 'n5']), n4: ring(['n1', 'n2']), n5: ring(['n2', 'n3']) });
  });

  it('one-way n5→n1 dropped: asymmetric link named everywhere, no component split', async () => {
    const bystander = says({ role: 'healthy', level: 0, unreachable: [], fresh: ALL, components: [ALL], asymmetric: ['n5→n1'] });
    await checkTopology(oneWay('n5', 'n1'), {
      n1: says({ role: 'majority', level: 0, unreachable: ['n5'], fresh: ALL, components: [ALL], asymmetric: ['n5→n1'] }),
      n2: bystander,
      n3: bystander,
      n4: bystander,
      n5: says({ role: 'majority', level: 0, unreachable: ['n1'], fresh: ALL, components: [ALL], asymmetric: ['n5→n1'] }),
    });
  });

  it('one-way the other direction, n1→n5 dropped', async () => {
    const bystander = says({ role: 'healthy', level: 0, unreachable: [], fresh: ALL, components: [ALL], asymmetric: ['n1→n5'] });
    await checkTopology(oneWay('n1', 'n5'), {
      n1: says({ role: 'majority', level: 0, unreachable: ['n5'], fresh: ALL, components: [ALL], asymmetric: ['n1→n5'] }),
      n2: bystander,
      n3: bystander,
      n4: bystander,
      n5: says({ role: 'majority', level: 0, unreachable: ['n1'], fresh: ALL, components: [ALL], asymmetric: ['n1→n5'] }),
    });
  });

  it('agent n5 stopped (SIGSTOP): 1–4 majority, n5 unknown — not minority — and back after SIGCONT', async () => {
    const others = ['n1', 'n2', 'n3', 'n4'];
    const majority = says({ role: 'majority', level: 0, unreachable: ['n5'], fresh: others, components: [others] });
    lab!.nemesis.freeze('n5');
    const expected = { n1: majority, n2: majority, n3: majority, n4: majority };
    expect(await fleet.waitForSummaries(expected, { except: ['n5'] })).toEqual(expected);
    // No verdict gives n5 any role: its row is stale, so it is unknown, never "minority".
    const rolesOfN5 = await Promise.all(others.map(async (n) => (await fleet.agent(n).view()).verdict?.roles.n5 ?? 'unknown'));
    expect(rolesOfN5).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    lab!.nemesis.thaw('n5');
    expect(await fleet.waitForSummaries(HEALTHY)).toEqual(HEALTHY);
  });
});
