/** Issue 14 (moved to 17): a failing route reaches the JSON log through app.on('error'), not stderr. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/server/app';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

it('a throwing /metrics answers 500 and hands the error and path to onError', async () => {
  const errors: { message: string; path: string | undefined }[] = [];
  const app = createApp({
    scrape: () => Promise.reject(new Error('registry exploded')),
    contentType: 'text/plain',
    isReady: () => true,
    view: () => ({ version: 1, cluster: 'c', node: 'n1', epoch: 1, members: ['n1'], ready: true, rows: [], verdict: null }),
    secret: Buffer.from('0123456789abcdef0123456789abcdef'),
    cluster: 'c',
    insecure: false,
    onRejected: () => undefined,
    onError: (error, path) => errors.push({ message: error.message, path }),
  });
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(500);
  expect(errors).toEqual([{ message: 'registry exploded', path: '/metrics' }]);
});
