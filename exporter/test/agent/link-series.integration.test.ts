/**
 * metrics.links on real agents: in `down` mode a cut shows as the down links alone plus the counts
 * by state, per-peer counters (heartbeats, pulls, link transitions) fold into one series, and a
 * healthy cluster exports no per-link series; `none` exports the counts only; in `all` accepted
 * heartbeats count per sender, once.
 */
import { startAgent, type RunningAgent } from '../../src/agent';
import { parseConfig } from '../../src/config/load';
import { createLogger } from '../../src/log';
import { eventually, freePorts, loopbackConfig, sample, TEST_SECRET } from './helpers';

const NAMES = ['n1', 'n2', 'n3'];

async function cluster(mode: string): Promise<Map<string, RunningAgent>> {
  const ports = await freePorts(3);
  const agents = new Map<string, RunningAgent>();
  for (const name of NAMES) agents.set(name, await startAgent(loopbackConfig(name, NAMES, ports, `metrics: { links: ${mode} }\n`), createLogger({ node: name }, 'warn', () => undefined)));
  return agents;
}

const series = (text: string, name: string) => text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
const labelsOf = (line: string) => line.slice(line.indexOf('{') + 1, line.indexOf('}')).replace(/,?netsplit_cluster="test",netsplit_node="n1"/, '');

describe('metrics.links: down', () => {
  let agents: Map<string, RunningAgent>;
  beforeAll(async () => {
    agents = await cluster('down');
  });
  afterAll(async () => {
    await Promise.all([...agents.values()].map((agent) => agent.stop()));
  });

  it('exports no per-link series while healthy, the counts by state, and per-peer counters folded', async () => {
    const n1 = agents.get('n1')!;
    const text = await eventually(() => n1.scrape(), (t) => sample(t, 'netsplit_links_inbound', { state: 'up' }) === 2);
    expect(series(text, 'netsplit_link_up')).toEqual([]);
    expect(series(text, 'netsplit_link_loss_ratio')).toEqual([]);
    expect(series(text, 'netsplit_link_rtt_seconds')).toEqual([]);
    expect(series(text, 'netsplit_view_row_age_seconds')).toEqual([]);
    expect(series(text, 'netsplit_node_maintenance')).toEqual([]);
    expect(series(text, 'netsplit_links_inbound').map(labelsOf)).toEqual(['state="up"', 'state="down"', 'state="unknown"']);
    expect(series(text, 'netsplit_heartbeats_received_total').map(labelsOf)).toEqual(['source=""']);
    // Both links came up once: one series for all of them, not one per peer.
    expect(series(text, 'netsplit_link_transitions_total').map((line) => `${labelsOf(line)} ${line.split(' ').at(-1)}`)).toEqual(['source="",target="n1" 2']);
    expect(sample(text, 'netsplit_link_series_mode', { mode: 'down' })).toBe(1);
    expect(sample(text, 'netsplit_link_series_mode', { mode: 'all' })).toBe(0);
  });

  it('exports the down link alone when a peer stops', async () => {
    await agents.get('n3')!.stop();
    const n1 = agents.get('n1')!;
    const text = await eventually(() => n1.scrape(), (t) => sample(t, 'netsplit_links_inbound', { state: 'down' }) === 1);
    expect(series(text, 'netsplit_link_up').map((line) => `${labelsOf(line)} ${line.split(' ').at(-1)}`)).toEqual(['source="n3",target="n1" 0']);
    expect([sample(text, 'netsplit_links_inbound', { state: 'up' }), sample(text, 'netsplit_links_inbound', { state: 'down' })]).toEqual([1, 1]);
    expect(series(text, 'netsplit_link_transitions_total').map((line) => `${labelsOf(line)} ${line.split(' ').at(-1)}`)).toEqual(['source="",target="n1" 3']);
  });
});

describe('metrics.links: all', () => {
  it('counts each accepted heartbeat once, however often /metrics is read, per sender', async () => {
    const agents = await cluster('all');
    try {
      const n1 = agents.get('n1')!;
      await eventually(() => n1.scrape(), (t) => (sample(t, 'netsplit_heartbeats_received_total', { source: 'n3' }) ?? 0) > 5);
      // The tally since the last scrape is added at a scrape: read ten times in a row, each adds only what is new.
      for (let i = 0; i < 10; i++) await n1.scrape();
      const received = await n1.scrape();
      const n2 = await agents.get('n2')!.scrape();
      const heartbeatsSent = sample(n2, 'netsplit_heartbeats_sent_total')!;
      // Row datagrams (heartbeats that carry a row) go to the peers that take pushed rows: maybe all to n1.
      const rowsPushed = sample(n2, 'netsplit_row_pushes_sent_total')!;
      const fromN2 = sample(received, 'netsplit_heartbeats_received_total', { source: 'n2' })!;
      expect(series(received, 'netsplit_heartbeats_received_total').map(labelsOf)).toEqual(['source="n2"', 'source="n3"']);
      expect(series(received, 'netsplit_link_transitions_total').map((line) => `${labelsOf(line)} ${line.split(' ').at(-1)}`)).toEqual(['source="n2",target="n1" 1', 'source="n3",target="n1" 1']);
      // n2 sends its heartbeats to n1 and n3 alike, and n1's count was read first: a tally added
      // at more than one scrape would be far above this.
      expect(fromN2).toBeLessThanOrEqual(heartbeatsSent / 2 + rowsPushed);
      expect(fromN2).toBeGreaterThan(heartbeatsSent / 4);
    } finally {
      await Promise.all([...agents.values()].map((agent) => agent.stop()));
    }
  });
});

describe('metrics.links: none, and auto by size', () => {
  it('exports the counts only', async () => {
    const agents = await cluster('none');
    try {
      const text = await eventually(() => agents.get('n1')!.scrape(), (t) => sample(t, 'netsplit_links_inbound', { state: 'up' }) === 2);
      expect(series(text, 'netsplit_link_up')).toEqual([]);
      expect(sample(text, 'netsplit_link_series_mode', { mode: 'none' })).toBe(1);
    } finally {
      await Promise.all([...agents.values()].map((agent) => agent.stop()));
    }
  });

  it('resolves auto to all up to 100 members and to down above', () => {
    const configOf = (members: number) => {
      const peers = Array.from({ length: members }, (_, i) => `  - { name: m${i}, address: "10.0.${i >> 8}.${i & 255}:9465" }`).join('\n');
      const parsed = parseConfig(`cluster: c\nnode: m0\npeers:\n${peers}\n`, 'auto.yaml', { NETSPLIT_SECRET: TEST_SECRET });
      if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
      return parsed.config.metrics.links;
    };
    expect([configOf(100), configOf(101)]).toEqual(['all', 'down']);
  });
});
