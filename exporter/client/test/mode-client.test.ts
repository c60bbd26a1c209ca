/**
 * The client against an in-process stand-in of the agent's change stream (the same SSE format
 * the agent's mode routes write): it follows changes, and reports unknown — never the last mode —
 * when the agent goes silent, closes, answers an error or sends what it cannot read.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ModeClient } from '../src/mode-client';
import type { PartitionMode } from '../src/mode';

const majority = { cluster: 'c', node: 'n1', role: 'majority', degradation: 0, degradationName: 'full service', writesSafe: true, reason: 'majority', since: '2026-12-02T10:00:00.000Z', forSeconds: 1, version: 2 };
const minority = { ...majority, role: 'minority', degradation: 1, degradationName: 'read-only', writesSafe: false, reason: 'minority', version: 3 };
const event = (mode: object) => `event: mode\nid: ${(mode as { version: number }).version}\ndata: ${JSON.stringify(mode)}\n\n`;

let server: Server;
let streams: ServerResponse[];
let answer: (response: ServerResponse) => void;
let clients: ModeClient[];

beforeEach(async () => {
  streams = [];
  clients = [];
  answer = (response) => {
    response.writeHead(200, { 'Content-Type': 'text/event-stream' });
    response.write(': keepalive every 200 ms\n\n');
    response.write(event(majority));
  };
  server = createServer((request, response) => {
    expect(request.url).toBe('/api/v1/mode/stream');
    streams.push(response);
    answer(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterEach(async () => {
  for (const client of clients) client.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(options: Partial<ConstructorParameters<typeof ModeClient>[0]> = {}): ModeClient {
  const { port } = server.address() as AddressInfo;
  const created = new ModeClient({ agent: `http://127.0.0.1:${port}`, minBackoffMs: 50, maxBackoffMs: 200, ...options }).start();
  clients.push(created);
  return created;
}

function nextChange(target: ModeClient, accept: (mode: PartitionMode) => boolean = () => true): Promise<PartitionMode> {
  return new Promise((resolve) => {
    const stop = target.onChange((mode) => {
      if (!accept(mode)) return;
      stop();
      resolve(mode);
    });
  });
}

test('starts unknown, then follows each change the agent sends', async () => {
  const c = client();
  expect([c.mode().role, c.canWrite()]).toEqual(['unknown', false]);
  expect((await nextChange(c)).role).toBe('majority');
  expect(c.canWrite()).toBe(true);
  const change = nextChange(c);
  streams[0]!.write(event(minority));
  expect(await change).toEqual(minority);
  expect(c.canWrite()).toBe(false);
});

test('an agent that falls silent past 2.5 announced keepalives reads unknown, not the last mode', async () => {
  const c = client();
  await nextChange(c, (mode) => mode.role === 'majority');
  const started = Date.now();
  const lost = await nextChange(c, (mode) => mode.role === 'unknown');
  expect(lost.reason).toBe('agent silent for 500 ms (treat as unknown: no writes)');
  expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  expect(c.canWrite()).toBe(false);
});

test('a closed stream reads unknown, and the client reconnects and follows again', async () => {
  const c = client();
  await nextChange(c, (mode) => mode.role === 'majority');
  const lost = nextChange(c, (mode) => mode.role === 'unknown');
  streams[0]!.end();
  expect((await lost).reason).toBe('agent closed the stream (treat as unknown: no writes)');
  expect((await nextChange(c, (mode) => mode.role === 'majority')).version).toBe(2);
  expect(streams.length).toBe(2);
});

/** Polls the client's mode: a reason may change while the mode stays unknown (no change event). */
async function until(target: ModeClient, accept: (mode: PartitionMode) => boolean): Promise<PartitionMode> {
  while (!accept(target.mode())) await new Promise((resolve) => setTimeout(resolve, 10));
  return target.mode();
}

test('an error answer or an unreadable event is unknown, with the cause in the reason', async () => {
  answer = (response) => {
    response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="netsplit"' });
    response.end('Unauthorized\n');
  };
  const refused = client();
  expect((await until(refused, (mode) => mode.reason.includes('401'))).reason).toBe('agent answered HTTP 401 on /api/v1/mode/stream (treat as unknown: no writes)');
  answer = (response) => {
    response.writeHead(200, { 'Content-Type': 'text/event-stream' });
    response.write('event: mode\ndata: {"role":"leader","writesSafe":true}\n\n');
  };
  const confused = client();
  expect(await until(confused, (mode) => mode.reason.includes('cannot read'))).toMatchObject({ role: 'unknown', writesSafe: false });
});

test('an agent nobody listens for is unknown, with the socket error named', async () => {
  const c = new ModeClient({ agent: 'unix:/nonexistent/netsplit-mode.sock', minBackoffMs: 50, maxBackoffMs: 100 }).start();
  clients.push(c);
  expect((await until(c, (mode) => mode.reason.includes('ENOENT'))).reason).toBe('agent unreachable: connect ENOENT /nonexistent/netsplit-mode.sock (treat as unknown: no writes)');
});
