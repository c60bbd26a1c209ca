/**
 * Issue 12's heartbeat attacks F3 and F5 on real agents on 127.0.0.1, sent from the victim's own
 * source address and port (the attacker binds it once the real agent is gone), so that only the
 * defence under test can stop them: replays of captured heartbeats to a restarted receiver (F3)
 * and one forged far-future epoch (F5). The same captures from another port are wrong_address.
 */
import { createSocket, type Socket } from 'node:dgram';
import { startAgent, type RunningAgent } from '../../src/agent';
import { encodeHeartbeat } from '../../src/mesh/heartbeat-codec';
import { createLogger } from '../../src/log';
import { TEST_SECRET, eventually, loopbackConfig, metricsText, sample, startCluster } from './helpers';

const names = ['n1', 'n2', 'n3'];
let agents: Map<string, RunningAgent>;
let ports: number[];

beforeEach(async () => {
  ({ agents, ports } = await startCluster(names));
  await eventually(async () => sample(await metricsText(agents.get('n1')!), 'netsplit_link_up', { source: 'n2', target: 'n1' }), (v) => v === 1);
});
afterEach(async () => {
  await Promise.all([...agents.values()].map((a) => a.stop()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const restart = async (name: string) => {
  agents.set(name, await startAgent(loopbackConfig(name, names, ports), createLogger({ node: name }, 'warn', () => undefined)));
};
async function bound(port: number): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
  return socket;
}
async function sendAll(socket: Socket, datagrams: readonly Buffer[], port: number): Promise<void> {
  for (const d of datagrams) await new Promise<void>((resolve) => socket.send(d, port, '127.0.0.1', () => resolve()));
}
const rejected = async (agent: string, reason: string) => sample(await metricsText(agents.get(agent)!), 'netsplit_heartbeat_rejected_total', { reason }) ?? 0;

it('F3: 15 heartbeats captured before n1 restarted, replayed from n2 own address, are before_restart and never bring n2→n1 up', async () => {
  // Capture: n1 is gone and the attacker holds its port, receiving what n2 sends to n1.
  await agents.get('n1')!.stop();
  const capture = await bound(ports[0]!);
  const captured: Buffer[] = [];
  capture.on('message', (d, from) => {
    if (from.port === ports[1] && captured.length < 15) captured.push(d);
  });
  await eventually(() => captured.length, (n) => n === 15);
  capture.close();
  // n2 goes silent (its port is the attacker's now); n1 comes back with a new boot epoch.
  await agents.get('n2')!.stop();
  agents.delete('n2');
  await sleep(20);
  await restart('n1');
  const replayer = await bound(ports[1]!);
  await sendAll(replayer, captured, ports[0]!);
  replayer.close();
  const other = createSocket('udp4');
  await sendAll(other, captured, ports[0]!);
  other.close();
  await eventually(() => rejected('n1', 'wrong_address'), (v) => v === 15);
  const linkSeen = new Set<number | undefined>();
  for (const until = Date.now() + 1000; Date.now() < until; await sleep(50)) linkSeen.add(sample(await metricsText(agents.get('n1')!), 'netsplit_link_up', { source: 'n2', target: 'n1' }));
  expect({ before_restart: await rejected('n1', 'before_restart'), wrong_address: await rejected('n1', 'wrong_address'), linkUpSeen: [...linkSeen].includes(1) }).toEqual({
    before_restart: 15,
    wrong_address: 15,
    linkUpSeen: false,
  });
  expect(sample(await metricsText(agents.get('n1')!), 'netsplit_heartbeats_received_total', { source: 'n2' })).toBeUndefined();
});

it('F5: one datagram with the key and a far-future epoch for n2 is future_epoch; n2→n1 is up again as soon as n2 is back', async () => {
  await agents.get('n2')!.stop();
  const forger = await bound(ports[1]!);
  const now = Date.now();
  const far = encodeHeartbeat({ cluster: 'test', sender: 'n2', recipient: 'n1', epoch: 9_999_999_999_999, seq: 1, sentAt: now, echo: 0 }, Buffer.from(TEST_SECRET));
  // Within the bound (a boot 50 s from now, by a clock 50 s fast): taken, in an epoch of its own.
  const near = encodeHeartbeat({ cluster: 'test', sender: 'n2', recipient: 'n1', epoch: now + 50_000, seq: 1, sentAt: now + 50_000, echo: 0 }, Buffer.from(TEST_SECRET));
  await sendAll(forger, [far, near], ports[0]!);
  forger.close();
  await eventually(() => rejected('n1', 'future_epoch'), (v) => v === 1);
  await restart('n2');
  const up = await eventually(async () => sample(await metricsText(agents.get('n1')!), 'netsplit_link_up', { source: 'n2', target: 'n1' }), (v) => v === 1, 5000);
  expect({ up, future_epoch: await rejected('n1', 'future_epoch'), stale: await rejected('n1', 'stale') }).toEqual({ up: 1, future_epoch: 1, stale: 0 });
});
