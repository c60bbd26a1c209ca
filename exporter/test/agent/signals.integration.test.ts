/**
 * SIGHUP used to kill the agent (exit 129, no log line) and SIGUSR1 opened the Node
 * inspector on 127.0.0.1:9229. Now SIGHUP reloads the config file (validated first) and SIGUSR1
 * is logged and ignored. The built agent runs as its own process: signals need one.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePorts, sample, TEST_SECRET } from './helpers';
import { AgentProcess } from '../support/agent-process';

let agent: AgentProcess | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await agent?.stop();
  agent = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'netsplit-signals-'));
  dirs.push(dir);
  return dir;
};

const scrape = (port: number) => fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());

it('SIGHUP reloads a changed config, keeps the running one when the new file is bad; SIGUSR1 opens no inspector', async () => {
  const [port, other] = await freePorts(2);
  const dir = tempDir();
  const file = join(dir, 'n1.yaml');
  const head = `cluster: c\nnode: n1\nlisten: "127.0.0.1:${port}"\nheartbeat: { interval: 100ms }\n`;
  writeFileSync(file, `${head}peers: [ { name: n1, address: "127.0.0.1:${port}" } ]\n`);
  agent = new AgentProcess(file, { NETSPLIT_SECRET: TEST_SECRET });
  await agent.waitForLog('started');
  expect(sample(await eventually(() => scrape(port!), (t) => sample(t, 'netsplit_cluster_members') === 1), 'netsplit_cluster_members')).toBe(1);

  agent.signal('SIGUSR1');
  expect(await agent.waitForLog('signal ignored')).toMatchObject({ level: 'info', signal: 'SIGUSR1' });

  // A second peer and a TCP target (this agent's own port): both take effect.
  writeFileSync(file, `${head}peers: [ { name: n1, address: "127.0.0.1:${port}" }, { name: n2, address: "127.0.0.1:${other}" } ]\ntargets: { tcp: [ { name: self-port, address: "127.0.0.1:${port}" } ] }\n`);
  agent.signal('SIGHUP');
  expect(await agent.waitForLog('config reloaded')).toMatchObject({ level: 'info', file, peers: 2 });
  const reloaded = await eventually(() => scrape(port!), (t) => sample(t, 'netsplit_cluster_members') === 2 && sample(t, 'netsplit_tcp_probe_success', { target: 'self-port' }) === 1);
  expect(sample(reloaded, 'netsplit_cluster_members')).toBe(2);
  expect(sample(reloaded, 'netsplit_tcp_probe_success', { target: 'self-port' })).toBe(1);

  // The same file again: nothing restarts.
  agent.signal('SIGHUP');
  expect(await agent.waitForLog('config unchanged')).toMatchObject({ level: 'info', file });

  // A bad file: every problem is logged, the running config stays.
  writeFileSync(file, `${head}peers: [ { name: n1, address: "http://127.0.0.1" } ]\n`);
  agent.signal('SIGHUP');
  expect(await agent.waitForLog('config reload refused, keeping the running config')).toMatchObject({
    level: 'error',
    file,
    problems: [`${file}: peers[0].address: expected host or host:port without a scheme, got "http://127.0.0.1": drop "http://"`],
  });
  expect(sample(await scrape(port!), 'netsplit_cluster_members')).toBe(2);

  expect(await agent.stop()).toBe(0);
  expect(agent.lines().filter((l) => l.msg === 'started').length).toBe(2);
  expect(agent.stderr).not.toContain('Debugger listening');
  expect(agent.stdout).not.toContain(TEST_SECRET);
});

it('a config warning (a world-readable secretFile) is logged at start, without the secret', async () => {
  const [port] = await freePorts(1);
  const dir = tempDir();
  const secret = join(dir, 'secret');
  writeFileSync(secret, TEST_SECRET, { mode: 0o644 });
  chmodSync(secret, 0o644); // whatever the umask
  const file = join(dir, 'n1.yaml');
  writeFileSync(file, `cluster: c\nnode: n1\nlisten: "127.0.0.1:${port}"\nsecretFile: secret\npeers: [ { name: n1, address: "127.0.0.1:${port}" } ]\n`);
  agent = new AgentProcess(file, {});
  expect(await agent.waitForLog('config')).toMatchObject({
    level: 'warn',
    warning: `secretFile: ${secret} is readable by every user (mode 0644): anyone on this host can forge heartbeats; chmod 600 ${secret} (Kubernetes: defaultMode 0400 on the Secret volume)`,
  });
  await agent.waitForLog('started');
  expect(await agent.stop()).toBe(0);
  expect(agent.stdout).not.toContain(TEST_SECRET);
});
