import { createServer, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/server/app';
import { pullView, type PullResult } from '../../src/mesh/view-puller';
import { generateKeyPairSync } from 'node:crypto';
import { NonceCache } from '../../src/mesh/nonce-cache';
import { RESPONSE_SIGNATURE_HEADER, nonceOf, signResponse, viewAuthorization, type ResponseKey } from '../../src/mesh/view-auth';
import type { WireDelta, WireView } from '../../src/mesh/view-codec';
import { membersDigest } from '../../src/mesh/row-signature';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const view: WireView = { version: 1, cluster: 'c', node: 'n2', epoch: 7, members: ['n1', 'n2'], ready: true, rows: [{ origin: 'n2', epoch: 7, seq: 3, ageMs: 12, inbound: 'uu' }], verdict: null };

const digest = membersDigest(['n1', 'n2']);
const delta: WireDelta = { version: 2, cluster: 'c', node: 'n2', epoch: 7, members: ['n1', 'n2'], membersDigest: digest, ready: true, cursor: `7.4.${digest.slice(0, 16)}`, more: false, rows: [[1, 7, 3, 12, 'u2']], refresh: [] };

const servers: Server[] = [];
const agent = new Agent({ keepAlive: true });
afterAll(async () => {
  agent.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function pull(port: number, options: { secret?: Buffer; timeoutMs?: number; maxBytes?: number; authorization?: string; responseKey?: ResponseKey; since?: string } = {}): Promise<PullResult> {
  return pullView({
    address: { host: '127.0.0.1', port },
    authorization: options.authorization ?? viewAuthorization(options.secret ?? secret, 'c', 'n1', Date.now()),
    cluster: 'c',
    requester: 'n1',
    server: 'n2',
    responseKey: options.responseKey ?? { kind: 'hmac', secret },
    timeoutMs: options.timeoutMs ?? 1000,
    agent,
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    ...(options.since === undefined ? {} : { since: options.since }),
  });
}

describe('/api/v1/view between agents', () => {
  const rejected: string[] = [];
  let port = 0;
  beforeAll(async () => {
    const app = createApp({ scrape: async () => '', contentType: 'text/plain', isReady: () => true, view: () => view, delta: () => delta, secret, cluster: 'c', insecure: false, onRejected: (r) => rejected.push(r), self: 'n2', responseKey: { kind: 'hmac', secret }, nonces: new NonceCache(120_000) });
    port = await listen(createServer(app.callback()));
  });

  it('serves the view to a signed request', async () => {
    const result = await pull(port);
    expect(result.ok && result.view).toEqual({ version: 1, cluster: 'c', node: 'n2', epoch: 7, members: ['n1', 'n2'], ready: true, rows: [{ origin: 'n2', epoch: 7, seq: 3, ageMs: 12, inbound: 'uu' }] });
  });

  it('serves the delta to a request naming a cursor, read back into rows by name', async () => {
    const result = await pull(port, { since: '' });
    expect(result.ok && result.view).toEqual({
      version: 2, cluster: 'c', node: 'n2', epoch: 7, members: ['n1', 'n2'], membersDigest: digest, ready: true,
      cursor: `7.4.${digest.slice(0, 16)}`, more: false, rows: [{ origin: 'n2', epoch: 7, seq: 3, ageMs: 12, inbound: 'uu' }], refresh: [],
    });
    expect(result.ok && result.bytes).toBe(JSON.stringify(delta).length);
  });

  it('refuses an unsigned or wrongly signed request with 401 and counts it', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/view`);
    expect(response.status).toBe(401);
    const result = await pull(port, { secret: Buffer.from('another-secret-of-32-bytes-long!') });
    expect(result).toEqual({ ok: false, result: 'error', detail: 'HTTP 401' });
    expect(rejected).toEqual(['unauthenticated', 'bad_signature']);
  });

  it('F8: serves one Authorization header once; a replay from another client is 401 replayed', async () => {
    rejected.length = 0;
    const header = viewAuthorization(secret, 'c', 'n1', Date.now());
    expect((await pull(port, { authorization: header })).ok).toBe(true);
    const replays = await Promise.all([1, 2, 3].map(() => fetch(`http://127.0.0.1:${port}/api/v1/view`, { headers: { authorization: header } }).then((r) => r.status)));
    expect(replays).toEqual([401, 401, 401]);
    expect(rejected).toEqual(['replayed', 'replayed', 'replayed']);
  });

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  });
});

describe('pullView against bad peers', () => {
  it('F1: refuses a view from a server without the key (unsigned), signed for another request, or by another node', async () => {
    let mode = 'unsigned';
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const port = await listen(
      createServer((req, res) => {
        const body = Buffer.from(JSON.stringify(view));
        const nonce = nonceOf(req.headers.authorization ?? '');
        if (mode === 'other-nonce') res.setHeader(RESPONSE_SIGNATURE_HEADER, signResponse({ kind: 'hmac', secret }, 'c', 'n2', 'n1', 'some-other-nonce', body));
        if (mode === 'other-node') res.setHeader(RESPONSE_SIGNATURE_HEADER, signResponse({ kind: 'ed25519', key: generateKeyPairSync('ed25519').privateKey }, 'c', 'n2', 'n1', nonce, body));
        if (mode === 'right-node') res.setHeader(RESPONSE_SIGNATURE_HEADER, signResponse({ kind: 'ed25519', key: privateKey }, 'c', 'n2', 'n1', nonce, body));
        res.end(body);
      }),
    );
    expect(await pull(port)).toEqual({ ok: false, result: 'rejected', reason: 'unsigned_response', detail: 'no x-netsplit-signature header' });
    mode = 'other-nonce';
    expect(await pull(port)).toEqual({ ok: false, result: 'rejected', reason: 'bad_response_signature', detail: 'the response is not signed by n2 for this request' });
    mode = 'other-node';
    expect(await pull(port, { responseKey: { kind: 'ed25519', key: publicKey } })).toEqual({ ok: false, result: 'rejected', reason: 'bad_response_signature', detail: 'the response is not signed by n2 for this request' });
    mode = 'right-node';
    expect((await pull(port, { responseKey: { kind: 'ed25519', key: publicKey } })).ok).toBe(true);
  });

  it('drops malformed JSON, a view failing the schema, a foreign cluster and an oversized body', async () => {
    const bodies: Record<string, string> = {
      '/notjson': '{"version":1,',
      '/schema': JSON.stringify({ ...view, rows: [{ origin: 'n2', epoch: -1, seq: 1, ageMs: 0, inbound: 'xx' }] }),
      '/foreign': JSON.stringify({ ...view, cluster: 'other' }),
      '/big': JSON.stringify({ ...view, members: Array.from({ length: 5000 }, (_, i) => `n${i}`) }),
    };
    let path = '/notjson';
    const port = await listen(
      createServer((req, res) => {
        // A member gone bad: it holds the secret and signs whatever it serves.
        const body = Buffer.from(bodies[path]!);
        res.setHeader(RESPONSE_SIGNATURE_HEADER, signResponse({ kind: 'hmac', secret }, 'c', 'n2', 'n1', nonceOf(req.headers.authorization ?? ''), body));
        res.end(body);
      }),
    );
    expect(await pull(port)).toEqual({ ok: false, result: 'rejected', reason: 'malformed', detail: 'not JSON' });
    path = '/schema';
    expect(await pull(port)).toEqual({ ok: false, result: 'rejected', reason: 'malformed', detail: 'rows.0.epoch: expected a non-negative integer' });
    path = '/foreign';
    expect(await pull(port)).toEqual({ ok: false, result: 'rejected', reason: 'wrong_cluster', detail: 'cluster other' });
    path = '/big';
    expect(await pull(port, { maxBytes: 10_000 })).toEqual({ ok: false, result: 'rejected', reason: 'oversized', detail: 'view larger than 10000 bytes' });
  });

  it('gives up on a peer that never answers at the deadline', async () => {
    const port = await listen(createServer(() => undefined /* holds the request forever */));
    const result = await pull(port, { timeoutMs: 150 });
    expect(result).toEqual({ ok: false, result: 'timeout', detail: 'no answer within 150ms' });
  });

  it('tells a refused connection apart', async () => {
    const port = await listen(createServer());
    await new Promise((resolve) => servers.pop()!.close(resolve));
    expect(await pull(port)).toEqual({ ok: false, result: 'refused', detail: 'ECONNREFUSED' });
  });
});
