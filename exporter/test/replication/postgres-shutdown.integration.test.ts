/**
 * A PostgreSQL that shuts down while the probe holds its connection must not crash the agent.
 *
 * A fast shutdown (`pg_ctl stop -m fast`, a restart, an admin's pg_terminate_backend) sends every
 * backend's client an ErrorResponse 57P01 "terminating connection due to administrator command".
 * When that message lands while the pool has lent the connection out but no query is active —
 * it can arrive in the same packet as the ReadyForQuery that completes the connect — pg emits
 * 'error' on the client, and pg-pool removes its own listener while a client is lent out. Without
 * a listener of ours that event was an uncaught exception (seen as "Unhandled error … 57P01").
 *
 * First a server on loopback that does exactly that (the startup answer and the 57P01 in one
 * write: the timing is deterministic), then the real PostgreSQL restarted under a running probe.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createPostgresService, postgresDriver } from '../../src/probes/postgres';
import { createLogger } from '../../src/log';
import { freePorts } from '../agent/helpers';
import { eventually, startService, type ServiceHarness } from './harness';
import { MONITOR_PASSWORD, PostgresServer } from './postgres-servers';

jest.setTimeout(120_000);

/** One backend message: type byte, int32 length (itself included), body. */
function message(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type, 'ascii'), length, body]);
}

const AUTHENTICATION_OK = message('R', Buffer.from([0, 0, 0, 0]));
const READY_FOR_QUERY = message('Z', Buffer.from('I', 'ascii'));
const TERMINATING = message('E', Buffer.from('SFATAL\0C57P01\0Mterminating connection due to administrator command\0\0', 'ascii'));

describe('postgres probe when the server shuts down as it connects', () => {
  let server: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      // The startup packet arrives first; the answer completes the connect and shuts it down at once.
      socket.once('data', () => {
        socket.end(Buffer.concat([AUTHENTICATION_OK, READY_FOR_QUERY, TERMINATING]));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads a failed probe with the server\'s words, three rounds in a row, and never throws', async () => {
    const { port } = server.address() as AddressInfo;
    const lines: string[] = [];
    const probe = postgresDriver.connect(`postgres://netsplit:x@127.0.0.1:${port}/postgres`, { timeoutMs: 2000, log: createLogger({}, 'debug', (line) => lines.push(line)) });
    // An uncaught 'error' event fails this test by itself (jest reports it as "Unhandled error").
    try {
      const observations = [];
      for (let round = 0; round < 3; round++) observations.push(await probe.observe(2000));
      expect(observations.map((o) => (o.reached ? 'reached' : o.kind))).toEqual(['error', 'error', 'error']);
      expect(observations.every((o) => !o.reached && /terminating connection due to administrator command|not queryable|Connection terminated/.test(o.message))).toBe(true);
    } finally {
      await probe.close();
    }
  });
});

describe('postgres probe while the real PostgreSQL restarts under it', () => {
  it('reads the instance down while it is stopped and up after each of three restarts', async () => {
    const [port] = await freePorts(1);
    const postgres = await PostgresServer.primary(port!);
    let harness: ServiceHarness | undefined;
    try {
      // The shortest interval the config allows: as many rounds as possible meet the shutdown.
      harness = startService(createPostgresService, `  postgres:\n    - { name: orders, primary: "postgres://netsplit:${MONITOR_PASSWORD}@127.0.0.1:${port}/postgres" }`, { interval: '100ms' });
      const probed = harness;
      const instanceUp = () => probed.value('netsplit_replication_instance_up', { target: 'orders' });
      for (let restart = 0; restart < 3; restart++) {
        expect(await eventually(instanceUp, (v) => v === 1)).toBe(1);
        await postgres.stop();
        expect(await eventually(instanceUp, (v) => v === 0)).toBe(0);
        await postgres.start();
      }
      expect(await eventually(instanceUp, (v) => v === 1, 60_000)).toBe(1);
    } finally {
      await harness?.stop();
      await postgres.destroy();
    }
  });
});
