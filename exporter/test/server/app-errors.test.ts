/** A failing route reaches the JSON log through app.on('error'), not stderr. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/server/app';
import { NonceCache } from '../../src/mesh/nonce-cache';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function serve(scrape: () => Promise<string>, errors: { message: string; path: string | undefined }[]): Promise<number> {
  const app = createApp({
    scrape,
    contentType: 'text/plain',
    isReady: () => true,
    view: () => ({ version: 1, cluster: 'c', node: 'n1', epoch: 1, members: ['n1'], ready: true, rows: [], verdict: null }),
    delta: () => ({ version: 2, cluster: 'c', node: 'n1', epoch: 1, membersDigest: 'A'.repeat(43), ready: true, cursor: '1.0.A', more: false, rows: [], refresh: [] }),
    secret: Buffer.from('0123456789abcdef0123456789abcdef'),
    cluster: 'c',
    insecure: false,
    onRejected: () => undefined,
    self: 'n1',
    responseKey: { kind: 'hmac', secret: Buffer.from('0123456789abcdef0123456789abcdef') },
    nonces: new NonceCache(120_000),
    onError: (error, path) => errors.push({ message: error.message, path }),
  });
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

it('a throwing /metrics answers 500 and hands the error and path to onError', async () => {
  const errors: { message: string; path: string | undefined }[] = [];
  const port = await serve(() => Promise.reject(new Error('registry exploded')), errors);
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(500);
  expect(errors).toEqual([{ message: 'registry exploded', path: '/metrics' }]);
});

it('an error meant for the client (expose) and a 404 are not logged', async () => {
  const errors: { message: string; path: string | undefined }[] = [];
  const port = await serve(() => Promise.reject(Object.assign(new Error('bad scrape parameters'), { status: 400, expose: true })), errors);
  expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(400);
  expect((await fetch(`http://127.0.0.1:${port}/nothing-here`)).status).toBe(404);
  expect(errors).toEqual([]);
});
