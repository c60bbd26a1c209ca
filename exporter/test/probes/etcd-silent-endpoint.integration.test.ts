/**
 * The etcd probe against endpoints that do not answer, on real sockets on loopback:
 * - an endpoint that accepts TCP and never answers (SIGSTOP-like, or a wrong service that only
 *   listens) gets one connection from its prober over many rounds, not one more per few rounds;
 * - a target with two endpoints, one refusing at once and one silent until the deadline, goes
 *   through its first round without a failed round (the first answer used to be summarised with
 *   the other endpoint's slot still empty: TypeError … reading 'members').
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createEndpointProber } from '../../src/probes/etcd';
import { createEtcdService } from '../../src/probes/etcd-service';
import { freePorts } from '../agent/helpers';
import { eventually, startService } from '../replication/harness';

jest.setTimeout(120_000);

/** For the enclosing describe: a server that accepts and never writes a byte; counts connections. */
function silentServer(): { server: Server; open: Set<Socket>; accepted: () => number } {
  const open = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
  });
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  afterAll(async () => {
    for (const socket of open) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { server, open, accepted: () => accepted };
}

describe('etcd probe against an endpoint that accepts TCP and never answers', () => {
  const silent = silentServer();

  it('holds one connection over 10 rounds, each failing at its deadline', async () => {
    const { port } = silent.server.address() as AddressInfo;
    // etcd3 closes its gRPC clients on each DEADLINE_EXCEEDED, one second later when they are
    // still connecting; rounds further apart than that each opened a new connection and the old
    // one was never torn down (9 open after these 10 rounds before the fix).
    const prober = createEndpointProber(`http://127.0.0.1:${port}`, 200);
    const openPerRound: number[] = [];
    const results: string[] = [];
    try {
      for (let round = 0; round < 10; round++) {
        const observation = await prober.probe();
        results.push(`${observation.up} ${observation.errors.join(' ')}`);
        openPerRound.push(silent.open.size);
        await new Promise((resolve) => setTimeout(resolve, 1100));
      }
    } finally {
      prober.close();
    }
    expect(new Set(results)).toEqual(new Set(['false 4 DEADLINE_EXCEEDED: Deadline exceeded after 200ms (probe deadline)']));
    expect(Math.max(...openPerRound)).toBe(1);
    expect(silent.accepted()).toBe(1);
  });
});

describe('etcd service with two endpoints, one refusing and one silent', () => {
  const silent = silentServer();

  it('publishes both members down after the first round, and no round fails', async () => {
    const { port } = silent.server.address() as AddressInfo;
    const [refusedPort] = await freePorts(1);
    const refused = `http://127.0.0.1:${refusedPort}`;
    const quiet = `http://127.0.0.1:${port}`;
    const harness = startService(createEtcdService, `  etcd:\n    - { name: main, endpoints: ["${refused}", "${quiet}"] }`, { interval: '1s', timeout: '500ms' });
    try {
      const members = async () => (await harness.series('netsplit_etcd_member_up')).map((s) => `${s.labels.member}=${s.value}`).sort();
      expect(await eventually(members, (m) => m.length === 2)).toEqual([`${refused}=0`, `${quiet}=0`].sort());
      expect(harness.lines.filter((line) => line.includes('round failed'))).toEqual([]);
      expect(harness.lines.some((line) => line.includes('"msg":"etcd probe failed"') && line.includes(`"endpoint":"${quiet}"`) && line.includes('"kind":"timeout"'))).toBe(true);
    } finally {
      await harness.stop();
    }
  });
});
