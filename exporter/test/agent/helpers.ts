/** Starts real agents in-process on 127.0.0.1 (one port each) for integration tests and benchmarks. */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startAgent, type RunningAgent } from '../../src/agent';
import { parseConfig, type Config } from '../../src/config/load';
import { createLogger } from '../../src/log';

export const TEST_SECRET = '0123456789abcdef0123456789abcdef';

export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}

export function loopbackConfig(self: string, names: readonly string[], ports: readonly number[], extra = ''): Config {
  const peers = names.map((n, i) => `  - { name: ${n}, address: "127.0.0.1:${ports[i]}" }`).join('\n');
  const text = `cluster: test\nnode: ${self}\nlisten: "127.0.0.1:${ports[names.indexOf(self)]}"\nheartbeat: { interval: 100ms, downAfter: 3, upAfter: 2 }\npeers:\n${peers}\n${extra}`;
  const parsed = parseConfig(text, `${self}.yaml`, { NETSPLIT_SECRET: TEST_SECRET });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.config;
}

export async function startCluster(names: readonly string[], extra = ''): Promise<{ agents: Map<string, RunningAgent>; ports: number[]; lines: string[] }> {
  const ports = await freePorts(names.length);
  const lines: string[] = [];
  const agents = new Map<string, RunningAgent>();
  for (const name of names) {
    agents.set(name, await startAgent(loopbackConfig(name, names, ports, extra), createLogger({ node: name }, 'info', (line) => lines.push(line))));
  }
  return { agents, ports, lines };
}

/** Polls `read` until `accept` holds or the deadline passes; returns the last value either way. */
export async function eventually<T>(read: () => Promise<T> | T, accept: (value: T) => boolean, deadlineMs = 10_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  let value = await read();
  while (!accept(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

export async function metricsText(agent: RunningAgent): Promise<string> {
  return agent.scrape();
}

/** The value of one series in an exposition, matching every given label. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
    const matches = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (matches) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

export function roleOf(text: string): string | undefined {
  return ['healthy', 'majority', 'minority', 'isolated'].find((role) => sample(text, 'netsplit_node_role', { role }) === 1);
}
