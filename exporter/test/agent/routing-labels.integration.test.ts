/**
 * Routing labels against the stand-in API server (support/kube-api-stub.ts: the Node endpoints
 * in the API's wire format, now with PATCH): three loopback agents with `routing.nodeLabels`.
 * When n3 stops, only n1 — the first node of the side with quorum — writes, one merge patch per
 * node, not one per agent; when n3 is back, n1 removes the labels from every node.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgent, type RunningAgent } from '../../src/agent';
import { parseConfig, type Config } from '../../src/config/load';
import { createLogger } from '../../src/log';
import { startKubeApiStub, type KubeApiStub } from '../support/kube-api-stub';
import { eventually, freePorts, metricsText, sample, TEST_SECRET } from './helpers';

jest.setTimeout(60_000);

const TOKEN = 'routing-test-token';
const NAMES = ['n1', 'n2', 'n3'];
let stub: KubeApiStub;
let configs: Map<string, Config>;
const agents = new Map<string, RunningAgent>();
const start = async (name: string) => agents.set(name, await startAgent(configs.get(name)!, createLogger({ node: name }, 'warn', () => undefined)));

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'netsplit-routing-'));
  const started = await startKubeApiStub(dir, TOKEN, NAMES.map((name, i) => ({ name, internalIp: `127.0.3.${i + 1}` })));
  stub = started.stub;
  const kubeconfig = started.kubeconfig;
  const ports = await freePorts(3);
  const peers = NAMES.map((name, i) => `  - { name: ${name}, address: "127.0.0.1:${ports[i]}" }`).join('\n');
  configs = new Map(
    NAMES.map((name, i) => {
      const text = `cluster: test\nnode: ${name}\nlisten: "127.0.0.1:${ports[i]}"\nheartbeat: { interval: 100ms, downAfter: 3, upAfter: 2 }\npeers:\n${peers}\nrouting: { nodeLabels: true, kubeconfig: ${kubeconfig} }\n`;
      const parsed = parseConfig(text, join(dir, `${name}.yaml`), { NETSPLIT_SECRET: TEST_SECRET });
      if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
      return [name, parsed.config] as const;
    }),
  );
  for (const name of NAMES) await start(name);
});

afterAll(async () => {
  await Promise.all([...agents.values()].map((agent) => agent.stop()));
  await stub?.stop();
});

const partitionLabels = () => Object.fromEntries(NAMES.map((name) => [name, stub.labelsOf(name)['netsplit.io/partition'] ?? '-']));

test('the majority writes every node its side once; heal removes the labels', async () => {
  const writer = async () => Promise.all(['n1', 'n2'].map(async (name) => sample(await metricsText(agents.get(name)!), 'netsplit_routing_label_writer')));
  expect(await eventually(writer, (w) => w.join() === '1,0')).toEqual([1, 0]);
  const before = stub.patches.length;

  await agents.get('n3')!.stop();
  agents.delete('n3');
  const split = { n1: 'majority', n2: 'majority', n3: 'minority' };
  expect(await eventually(partitionLabels, (l) => JSON.stringify(l) === JSON.stringify(split))).toEqual(split);
  // Give a second writer time to show itself if there were one, then count.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const splitPatches = stub.patches.slice(before);
  expect(splitPatches.map((p) => `${p.node}=${p.labels['netsplit.io/partition']}`)).toEqual(['n1=majority', 'n2=majority', 'n3=minority']);
  const since = Number(stub.labelsOf('n3')['netsplit.io/partition-since']);
  expect(Math.abs(since - Date.now() / 1000)).toBeLessThan(30);

  const beforeHeal = stub.patches.length;
  await start('n3');
  const healed = { n1: '-', n2: '-', n3: '-' };
  expect(await eventually(partitionLabels, (l) => JSON.stringify(l) === JSON.stringify(healed), 20_000)).toEqual(healed);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(stub.patches.slice(beforeHeal).map((p) => `${p.node}=${String(p.labels['netsplit.io/partition'])}`)).toEqual(['n1=null', 'n2=null', 'n3=null']);
  expect(sample(await metricsText(agents.get('n1')!), 'netsplit_routing_label_writes_total', { result: 'error' })).toBe(0);
});
