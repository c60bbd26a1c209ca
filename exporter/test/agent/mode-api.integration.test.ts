/**
 * The partition-mode API end to end on loopback: three real agents, the client of
 * exporter/client following n1 over its main port and over its dedicated Unix socket, while n1's
 * peers stop (n1 isolated: writes refused) and then n1 itself stops (unknown, never the last mode).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModeClient } from '../../client/src/mode-client';
import { startAgent, type RunningAgent } from '../../src/agent';
import { createLogger } from '../../src/log';
import { eventually, freePorts, loopbackConfig } from './helpers';

const NAMES = ['n1', 'n2', 'n3'];
let dir: string;
let agents: Map<string, RunningAgent>;
let ports: number[];
let clients: ModeClient[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'netsplit-mode-'));
  ports = await freePorts(3);
  agents = new Map();
  for (const name of NAMES) {
    const extra = name === 'n1' ? `mode: { listen: "unix:${join(dir, 'mode.sock')}", keepalive: 200ms }\n` : '';
    agents.set(name, await startAgent(loopbackConfig(name, NAMES, ports, extra), createLogger({ node: name }, 'warn', () => undefined)));
  }
  clients = [
    new ModeClient({ agent: `http://127.0.0.1:${ports[0]}`, minBackoffMs: 50, maxBackoffMs: 200 }).start(),
    new ModeClient({ agent: `unix:${join(dir, 'mode.sock')}`, minBackoffMs: 50, maxBackoffMs: 200 }).start(),
  ];
});

afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all([...agents.values()].map((agent) => agent.stop()));
  rmSync(dir, { recursive: true, force: true });
});

const roles = () => clients.map((client) => `${client.mode().role}/${client.canWrite()}`);

test('GET /api/v1/mode answers the healthy mode once the agent is ready', async () => {
  const read = async () => (await fetch(`http://127.0.0.1:${ports[0]}/api/v1/mode`)).json() as Promise<Record<string, unknown>>;
  const mode = await eventually(read, (m) => m.role === 'healthy');
  expect({ ...mode, since: typeof mode.since, forSeconds: typeof mode.forSeconds, version: typeof mode.version }).toEqual({
    cluster: 'test',
    node: 'n1',
    role: 'healthy',
    degradation: 0,
    degradationName: 'full service',
    writesSafe: true,
    reason: 'healthy: reaches 3 of 3 members (quorum 2)',
    since: 'string',
    forSeconds: 'number',
    version: 'number',
    keepaliveSeconds: 0.2,
  });
});

test('both clients follow n1: healthy, then isolated without its peers, then unknown without its agent', async () => {
  expect(await eventually(roles, (r) => r.every((x) => x === 'healthy/true'))).toEqual(['healthy/true', 'healthy/true']);
  await agents.get('n2')!.stop();
  await agents.get('n3')!.stop();
  expect(await eventually(roles, (r) => r.every((x) => x === 'isolated/false'))).toEqual(['isolated/false', 'isolated/false']);
  expect(clients[0]!.mode().reason).toBe('isolated: no other member answers; writes refused, serve cached responses');
  await agents.get('n1')!.stop();
  expect(await eventually(roles, (r) => r.every((x) => x === 'unknown/false'))).toEqual(['unknown/false', 'unknown/false']);
});
