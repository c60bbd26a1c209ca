/**
 * Agents with Kubernetes discovery against the stand-in API server (support/kube-api-stub.ts):
 * three loopback agents whose Node objects carry their addresses find each other; a cordon puts a
 * node in maintenance (out of N, netsplit_node_maintenance 1) and an uncordon brings it back.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgent, type RunningAgent } from '../../src/agent';
import { parseConfig } from '../../src/config/load';
import { createLogger } from '../../src/log';
import { startKubeApiStub, type KubeApiStub, type NodeSpec } from '../support/kube-api-stub';
import { eventually, freePorts, metricsText, roleOf, sample, TEST_SECRET } from './helpers';

jest.setTimeout(60_000);

const TOKEN = 'agent-test-token';
const NODES: NodeSpec[] = [1, 2, 3].map((i) => ({ name: `n${i}`, internalIp: `127.0.2.${i}`, zone: i === 3 ? 'zone-b' : 'zone-a' }));
let stub: KubeApiStub;
const agents = new Map<string, RunningAgent>();

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'netsplit-kube-agents-'));
  const started = await startKubeApiStub(dir, TOKEN, NODES);
  stub = started.stub;
  const kubeconfig = started.kubeconfig;
  const [port] = await freePorts(1);
  for (const node of NODES) {
    const text = `cluster: test\nnode: ${node.name}\nlisten: "${node.internalIp}:${port}"\nheartbeat: { interval: 100ms }\ndiscovery: { kubernetes: { kubeconfig: ${kubeconfig} } }\nmetrics: { links: all }\n`;
    const parsed = parseConfig(text, join(dir, `${node.name}.yaml`), { NETSPLIT_SECRET: TEST_SECRET });
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    agents.set(node.name, await startAgent(parsed.config, createLogger({ node: node.name }, 'warn', () => undefined)));
  }
});

afterAll(async () => {
  await Promise.all([...agents.values()].map((a) => a.stop()));
  await stub?.stop();
});

/** What n1 says: role, N, maintenance per member, zone of n3. */
async function n1Says() {
  const text = await metricsText(agents.get('n1')!);
  return {
    role: roleOf(text),
    n: sample(text, 'netsplit_cluster_members'),
    maintenance: ['n1', 'n2', 'n3'].map((member) => sample(text, 'netsplit_node_maintenance', { member })),
    n3: sample(text, 'netsplit_member_info', { member: 'n3', address: '127.0.2.3', zone: 'zone-b' }),
  };
}

test('agents find each other from Node objects; a cordon is maintenance, an uncordon ends it', async () => {
  const healthy = { role: 'healthy', n: 3, maintenance: [0, 0, 0], n3: 1 };
  expect(await eventually(n1Says, (s) => JSON.stringify(s) === JSON.stringify(healthy), 20_000)).toEqual(healthy);
  stub.modify({ ...NODES[2]!, unschedulable: true });
  const cordoned = { role: 'healthy', n: 2, maintenance: [0, 0, 1], n3: 1 };
  expect(await eventually(n1Says, (s) => JSON.stringify(s) === JSON.stringify(cordoned))).toEqual(cordoned);
  stub.modify(NODES[2]!);
  expect(await eventually(n1Says, (s) => JSON.stringify(s) === JSON.stringify(healthy))).toEqual(healthy);
});

test('zones from the Node objects: both whole while healthy; zone-b goes with its only agent when it leaves cleanly', async () => {
  const zones = async () => {
    const text = await metricsText(agents.get('n1')!);
    return { a: sample(text, 'netsplit_zone_reachable', { zone: 'zone-a' }), b: sample(text, 'netsplit_zone_reachable', { zone: 'zone-b' }) };
  };
  expect(await eventually(zones, (z) => z.a === 1 && z.b === 1, 20_000)).toEqual({ a: 1, b: 1 });
  await agents.get('n3')!.stop();
  agents.delete('n3');
  expect(await eventually(zones, (z) => z.b === undefined)).toEqual({ a: 1, b: undefined });
});
