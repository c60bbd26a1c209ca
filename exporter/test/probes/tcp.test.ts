import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { probeTcp } from '../../src/probes/tcp';
import { withDeadline } from '../../src/probes/deadline';

describe('probeTcp', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('succeeds against a listening port', async () => {
    const observation = await probeTcp({ host: '127.0.0.1', port }, 1000);
    expect(observation.result).toBe('ok');
    expect(observation.durationSeconds).toBeGreaterThan(0);
  });

  it('says refused, not timeout, for a closed port', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await probeTcp({ host: '127.0.0.1', port: closedPort }, 1000)).toEqual({ result: 'refused', code: 'ECONNREFUSED', durationSeconds: expect.any(Number) });
  });

  it('says unreachable for a name that does not resolve', async () => {
    const observation = await probeTcp({ host: 'no-such-host.invalid', port: 80 }, 2000);
    expect(['unreachable', 'timeout']).toContain(observation.result);
    expect(observation.result === 'unreachable' ? observation.code : 'timeout').toMatch(/^(ENOTFOUND|EAI_AGAIN|timeout)$/);
  });
});

describe('withDeadline', () => {
  it('answers with the fallback at the deadline and aborts the work', async () => {
    let aborted = false;
    const result = await withDeadline(
      50,
      (signal) =>
        new Promise<string>((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
          });
          setTimeout(() => resolve('late'), 10_000).unref();
        }),
      () => 'deadline',
    );
    expect(result).toBe('deadline');
    expect(aborted).toBe(true);
  });

  it('answers with the work when it is on time', async () => {
    expect(await withDeadline(1000, async () => 'on time', () => 'deadline')).toBe('on time');
  });
});
