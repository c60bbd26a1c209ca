/**
 * The Redis probe against a server of another protocol that closes the connection on the first
 * command, as PostgreSQL does after a startup packet it cannot parse. Whether the client then
 * reads a FIN ("Connection is closed.") or a RST (ECONNRESET) depends on timing — whether the
 * server closed with our bytes still unread. Both must read wrong_server, every round. Real
 * sockets on loopback, one server per way of closing, so neither timing is left to chance.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/log';
import { redisDriver } from '../../src/probes/redis';

type Closing = 'fin' | 'rst';

function closingServer(closing: Closing): { server: Server; sockets: Set<Socket> } {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (closing === 'rst') socket.resetAndDestroy();
      else socket.end();
    });
  });
  return { server, sockets };
}

describe.each<Closing>(['fin', 'rst'])('redis probe against a server that closes on the first command (%s)', (closing) => {
  const { server, sockets } = closingServer(closing);

  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads wrong_server in each of three rounds, and says why', async () => {
    const { port } = server.address() as AddressInfo;
    const probe = redisDriver.connect(`redis://127.0.0.1:${port}`, { timeoutMs: 2000, log: createLogger({}, 'debug', () => undefined) });
    try {
      const observations = [];
      for (let round = 0; round < 3; round++) {
        observations.push(await probe.observe(2000));
        // Past the reconnect backoff's first steps, so later rounds meet a fresh connection too.
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      expect(observations.map((o) => (o.reached ? 'reached' : o.kind))).toEqual(['wrong_server', 'wrong_server', 'wrong_server']);
      expect(observations.every((o) => !o.reached && o.message.includes('is this port a Redis server?'))).toBe(true);
    } finally {
      await probe.close();
    }
  });
});

describe('redis probe against a closed port', () => {
  it('reads refused, not wrong_server, in each of three rounds', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const probe = redisDriver.connect(`redis://127.0.0.1:${port}`, { timeoutMs: 2000, log: createLogger({}, 'debug', () => undefined) });
    try {
      const kinds = [];
      for (let round = 0; round < 3; round++) {
        const observation = await probe.observe(2000);
        kinds.push(observation.reached ? 'reached' : observation.kind);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      expect(kinds).toEqual(['refused', 'refused', 'refused']);
    } finally {
      await probe.close();
    }
  });
});
