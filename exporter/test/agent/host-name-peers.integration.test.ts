/**
 * A static peer named by host name (a StatefulSet's stable DNS name) gets heartbeats once its
 * name has resolved: the agent's list of resolved send targets is rebuilt when the address book
 * learns an address, not only when the membership changes. `localhost` stands in for the DNS
 * name: the machine's resolver answers it, and nothing leaves loopback.
 */
import { lookup } from 'node:dns/promises';
import { startAgent, type RunningAgent } from '../../src/agent';
import { parseConfig } from '../../src/config/load';
import { createLogger } from '../../src/log';
import { eventually, freePorts, sample, TEST_SECRET } from './helpers';

function config(self: string, listenPort: number, peers: Record<string, string>) {
  const list = Object.entries(peers)
    .map(([name, address]) => `  - { name: ${name}, address: "${address}" }`)
    .join('\n');
  const parsed = parseConfig(`cluster: test\nnode: ${self}\nlisten: "127.0.0.1:${listenPort}"\nheartbeat: { interval: 100ms, downAfter: 3, upAfter: 2 }\npeers:\n${list}\n`, `${self}.yaml`, { NETSPLIT_SECRET: TEST_SECRET });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.config;
}

describe('a static peer named by host name', () => {
  const agents: RunningAgent[] = [];
  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.stop()));
  });

  it('hears heartbeats sent to its name once the name resolves', async () => {
    // The agents listen on 127.0.0.1: a resolver that answers localhost with ::1 first would make this test meaningless.
    expect((await lookup('localhost')).address).toBe('127.0.0.1');
    const [p1, p2] = await freePorts(2);
    const quiet = createLogger({ node: 'test' }, 'warn', () => undefined);
    // n1 knows n2 only by name; n2 knows n1 by address (its source check stays on).
    agents.push(await startAgent(config('n1', p1!, { n1: `127.0.0.1:${p1}`, n2: `localhost:${p2}` }), quiet));
    agents.push(await startAgent(config('n2', p2!, { n1: `127.0.0.1:${p1}`, n2: `127.0.0.1:${p2}` }), quiet));
    const n2 = agents[1]!;
    const text = await eventually(() => n2.scrape(), (t) => sample(t, 'netsplit_link_up', { source: 'n1', target: 'n2' }) === 1);
    expect(sample(text, 'netsplit_link_up', { source: 'n1', target: 'n2' })).toBe(1);
    expect(sample(text, 'netsplit_heartbeat_rejected_total', { reason: 'wrong_address' }) ?? 0).toBe(0);
  });
});
