/**
 * A connection flood must not starve /metrics or peer view pulls. The agent runs
 * with a limit of 256 file descriptors (prlimit); 300 idle connections used to exhaust it, and
 * every scrape failed while they stayed open.
 */
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, sample, TEST_SECRET } from '../agent/helpers';
import { viewAuthorization } from '../../src/mesh/view-auth';
import { AgentProcess } from '../support/agent-process';

/** One request over `via` (a keep-alive agent: one connection for several requests) or its own connection. */
function get(port: number, path: string, headers: Record<string, string> = {}, via?: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: via ?? false, headers: via ? headers : { connection: 'close', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.setTimeout(15_000, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

function openIdle(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => undefined); // evicted sockets are reset by the agent: expected here
    socket.once('error', reject);
  });
}

let agent: AgentProcess | undefined;
const flood: Socket[] = [];
afterEach(async () => {
  for (const socket of flood.splice(0)) socket.destroy();
  await agent?.stop();
  agent = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'netsplit-flood-'));
  dirs.push(dir);
  return dir;
};

it('/metrics and /api/v1/view answer while 300 idle connections flood an agent limited to 256 fds', async () => {
  const [port] = await freePorts(1);
  const dir = tempDir();
  const config = join(dir, 'n1.yaml');
  writeFileSync(config, `cluster: c\nnode: n1\nlisten: "127.0.0.1:${port}"\nhttp: { maxConnections: 100, requestTimeout: 60s }\npeers: [ { name: n1, address: "127.0.0.1:${port}" } ]\n`);
  agent = new AgentProcess(config, { NETSPLIT_SECRET: TEST_SECRET }, ['prlimit', '--nofile=256', '--']);
  await agent.waitForLog('started');

  for (let i = 0; i < 300; i++) flood.push(await openIdle(port!));
  // Accepted in order: 100 fill the cap, each of the other 200 evicts the one idle longest, and
  // so does the one connection (kept alive) that carries a peer's view pull and a scrape.
  const one = new Agent({ keepAlive: true, maxSockets: 1 });
  const view = await get(port!, '/api/v1/view', { authorization: viewAuthorization(Buffer.from(TEST_SECRET), 'c', 'n1', Date.now()) }, one);
  expect(view.status).toBe(200);
  expect(JSON.parse(view.body).node).toBe('n1');
  const metrics = await get(port!, '/metrics', {}, one);
  one.destroy();
  expect(metrics.status).toBe(200);
  expect(sample(metrics.body, 'netsplit_http_connections_shed_total', { reason: 'idle_evicted' })).toBe(201);
  expect(sample(metrics.body, 'netsplit_http_connections_shed_total', { reason: 'refused' })).toBe(0);
  expect(sample(metrics.body, 'netsplit_http_connections')).toBe(100);
});

it('a connection that sends no request within http.requestTimeout is closed and counted', async () => {
  const [port] = await freePorts(1);
  const dir = tempDir();
  const config = join(dir, 'n1.yaml');
  writeFileSync(config, `cluster: c\nnode: n1\nlisten: "127.0.0.1:${port}"\nhttp: { requestTimeout: 300ms }\npeers: [ { name: n1, address: "127.0.0.1:${port}" } ]\n`);
  agent = new AgentProcess(config, { NETSPLIT_SECRET: TEST_SECRET });
  await agent.waitForLog('started');
  for (let i = 0; i < 5; i++) flood.push(await openIdle(port!));
  await Promise.all(flood.map((socket) => new Promise((resolve) => (socket.destroyed ? resolve(undefined) : socket.once('close', resolve)))));
  const metrics = await get(port!, '/metrics');
  expect(sample(metrics.body, 'netsplit_http_connections_shed_total', { reason: 'no_request' })).toBe(5);
  expect(sample(metrics.body, 'netsplit_http_connections_shed_total', { reason: 'idle_evicted' })).toBe(0);
});
