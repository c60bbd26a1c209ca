/** The reload path that a signal test cannot reach cheaply: a valid config that cannot start. */
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../src/config/load';
import { supervise, type Supervisor } from '../../src/supervisor';
import { freePorts, sample, TEST_SECRET } from './helpers';

let supervisor: Supervisor | undefined;
let blocker: Server | undefined;
afterEach(async () => {
  await supervisor?.stop();
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  supervisor = blocker = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});
let dir: string | undefined;

it('a reload whose new port is taken restarts the previous config and says so', async () => {
  const [port, taken] = await freePorts(2);
  blocker = createServer();
  await new Promise<void>((resolve) => blocker!.listen(taken, '127.0.0.1', resolve));
  dir = mkdtempSync(join(tmpdir(), 'netsplit-supervisor-'));
  const file = join(dir, 'n1.yaml');
  const config = (listen: number) => `cluster: c\nnode: n1\nlisten: "127.0.0.1:${listen}"\nheartbeat: { interval: 100ms }\npeers: [ { name: n1, address: "127.0.0.1:${listen}" } ]\n`;
  writeFileSync(file, config(port!));
  const env = { NETSPLIT_SECRET: TEST_SECRET };
  const loaded = loadConfigFile(file, env);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const lines: Record<string, unknown>[] = [];
  supervisor = await supervise(loaded.config, { env, write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });

  writeFileSync(file, config(taken!));
  expect(await supervisor.reload()).toBe('failed');
  expect(lines.filter((l) => l.level === 'error').map((l) => [l.msg, l.error])).toEqual([
    ['config reload failed to start, restarting with the previous config', `listen EADDRINUSE: address already in use 127.0.0.1:${taken}`],
  ]);
  expect(supervisor.current().httpAddress()).toEqual({ host: '127.0.0.1', port });
  const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
  expect(sample(text, 'netsplit_build_info')).toBe(1);
});
