/** The connection cap's choice at the limit: evict the connection idle longest, never a busy one. */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { limitConnections, type ShedReason } from '../../src/server/connection-limit';

let server: Server | undefined;
const held: Socket[] = [];
const waiting: ServerResponse[] = [];
afterEach(async () => {
  for (const res of waiting.splice(0)) res.end();
  for (const socket of held.splice(0)) socket.destroy();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A server whose /slow requests wait until the test ends them; the guard's decisions are recorded. */
async function start(maxConnections: number): Promise<{ port: number; shed: ShedReason[]; open: () => number }> {
  const shed: ShedReason[] = [];
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/slow') waiting.push(res);
    else res.end('ok');
  });
  const guard = limitConnections(server, { maxConnections, requestTimeoutMs: 60_000 }, (reason) => shed.push(reason));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, shed, open: guard.open };
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
}

async function connection(port: number): Promise<Socket> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  socket.on('error', () => undefined);
  held.push(socket);
  return socket;
}

it('at the cap with every connection busy, the newcomer is refused and the busy ones are kept', async () => {
  const { port, shed, open } = await start(2);
  const busy = [await connection(port), await connection(port)];
  for (const socket of busy) socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
  while (waiting.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
  const newcomer = await connection(port);
  await closed(newcomer);
  expect(shed).toEqual(['refused']);
  expect(busy.map((s) => s.destroyed)).toEqual([false, false]);
  expect(open()).toBe(2);
});

it('at the cap, the connection idle longest goes first, not the oldest: a request makes a connection young again', async () => {
  const { port, shed } = await start(2);
  const used = await connection(port);
  const old = await connection(port); // opened after `used`, but never used since
  used.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  await new Promise((resolve) => used.once('data', resolve)); // answered: idle again, but most recently
  const getter = new Promise<number>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject).end();
  });
  expect(await getter).toBe(200);
  await closed(old);
  expect(shed).toEqual(['idle_evicted']);
  expect(used.destroyed).toBe(false);
});
