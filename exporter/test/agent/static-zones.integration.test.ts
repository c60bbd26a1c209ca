/**
 * Zones of static peers on real agents: `peers[].zone` in the config reaches the membership and
 * /metrics (member info, zone reachability, links between zones), and an agent that stops reads
 * as its zone's links unknown on the others.
 */
import { startAgent, type RunningAgent } from '../../src/agent';
import { parseConfig } from '../../src/config/load';
import { createLogger } from '../../src/log';
import { eventually, freePorts, TEST_SECRET } from './helpers';

const ZONES: Record<string, string> = { n1: 'eu-west-1a', n2: 'eu-west-1a', n3: 'eu-west-1b' };
const NAMES = Object.keys(ZONES);

function config(self: string, ports: readonly number[]) {
  const peers = NAMES.map((name, i) => `  - { name: ${name}, address: "127.0.0.1:${ports[i]}", zone: ${ZONES[name]} }`).join('\n');
  const text = `cluster: test\nnode: ${self}\nlisten: "127.0.0.1:${ports[NAMES.indexOf(self)]}"\nheartbeat: { interval: 100ms, downAfter: 3, upAfter: 2 }\nmetrics: { links: down }\npeers:\n${peers}\n`;
  const parsed = parseConfig(text, `${self}.yaml`, { NETSPLIT_SECRET: TEST_SECRET });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.config;
}

const zoneSeries = (text: string) =>
  text
    .split('\n')
    .filter((line) => /^netsplit_(zone_|member_info)/.test(line))
    .map((line) => line.replace(/,?netsplit_cluster="test",netsplit_node="n1"/, ''));

describe('static peers in zones', () => {
  let agents: Map<string, RunningAgent>;
  beforeAll(async () => {
    const ports = await freePorts(NAMES.length);
    agents = new Map();
    for (const name of NAMES) agents.set(name, await startAgent(config(name, ports), createLogger({ node: name }, 'warn', () => undefined)));
  });
  afterAll(async () => {
    await Promise.all([...agents.values()].map((agent) => agent.stop()));
  });

  it('exports this node\'s zone, every zone reachable and every link between zones up', async () => {
    const healthy = [
      'netsplit_zone_reachable{zone="eu-west-1a"} 1',
      'netsplit_zone_reachable{zone="eu-west-1b"} 1',
      'netsplit_zone_links_up_ratio{source_zone="eu-west-1a",target_zone="eu-west-1a"} 1',
      'netsplit_zone_links_up_ratio{source_zone="eu-west-1a",target_zone="eu-west-1b"} 1',
      'netsplit_zone_links_up_ratio{source_zone="eu-west-1b",target_zone="eu-west-1a"} 1',
      'netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1a",state="up"} 2',
      'netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1a",state="down"} 0',
      'netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1a",state="unknown"} 0',
      'netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1b",state="up"} 2',
      'netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1b",state="down"} 0',
      'netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1b",state="unknown"} 0',
      'netsplit_zone_links{source_zone="eu-west-1b",target_zone="eu-west-1a",state="up"} 2',
      'netsplit_zone_links{source_zone="eu-west-1b",target_zone="eu-west-1a",state="down"} 0',
      'netsplit_zone_links{source_zone="eu-west-1b",target_zone="eu-west-1a",state="unknown"} 0',
      'netsplit_member_info{member="n1",address="127.0.0.1",zone="eu-west-1a"} 1',
    ];
    // The verdict (reachability) and the rows (links) settle a round apart: wait for both.
    const text = await eventually(() => agents.get('n1')!.scrape(), (t) => JSON.stringify(zoneSeries(t)) === JSON.stringify(healthy));
    expect(zoneSeries(text)).toEqual(healthy);
  });

  it('reads the links into a stopped agent\'s zone as unknown and its links out as down', async () => {
    await agents.get('n3')!.stop();
    const cut = [
      'netsplit_zone_reachable{zone="eu-west-1b"} 0',
      'netsplit_zone_links_up_ratio{source_zone="eu-west-1b",target_zone="eu-west-1a"} 0',
      'netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1b",state="up"} 0',
      'netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1b",state="down"} 0',
      'netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1b",state="unknown"} 2',
      'netsplit_zone_links{source_zone="eu-west-1b",target_zone="eu-west-1a",state="up"} 0',
      'netsplit_zone_links{source_zone="eu-west-1b",target_zone="eu-west-1a",state="down"} 2',
      'netsplit_zone_links{source_zone="eu-west-1b",target_zone="eu-west-1a",state="unknown"} 0',
    ];
    const zoneB = (t: string) => zoneSeries(t).filter((line) => line.includes('eu-west-1b'));
    const text = await eventually(() => agents.get('n1')!.scrape(), (t) => JSON.stringify(zoneB(t)) === JSON.stringify(cut));
    expect(zoneB(text)).toEqual(cut);
  });
});
