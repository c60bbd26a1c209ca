/**
 * A rolling upgrade: an agent of the last release before delta views (built here from this
 * repository's history) and an agent of this version, in one cluster on 127.0.0.1. They must
 * interoperate: the old one ignores `?since=` and serves full views, which the new one reads; the
 * new one serves the old one full views (no `since`), and sends it no row datagrams (the old one
 * would count them as `unsupported_version`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgent, type RunningAgent } from '../../src/agent';
import { createLogger } from '../../src/log';
import { TEST_SECRET, eventually, freePorts, loopbackConfig, metricsText, roleOf, sample } from './helpers';

jest.setTimeout(120_000);

/** The last commit whose agent speaks only full views (version 1) and has no row datagrams. */
const BEFORE_DELTA_VIEWS = '15e70f8774e09ea2eba22e86a4539ca539ca4614';
const REPO = join(__dirname, '..', '..', '..');

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** Builds the old agent from git history with this checkout's node_modules (same dependencies). */
function buildOldAgent(dir: string): string {
  const known = spawnSync('git', ['cat-file', '-e', `${BEFORE_DELTA_VIEWS}^{commit}`], { cwd: REPO });
  if (known.status !== 0) {
    throw new Error(`the mixed-version test builds the agent of commit ${BEFORE_DELTA_VIEWS.slice(0, 7)} from this clone's history, which does not have it: clone without --depth (or run git fetch --unshallow)`);
  }
  const archive = join(dir, 'old.tar');
  run('git', ['archive', '--output', archive, BEFORE_DELTA_VIEWS, 'tsconfig.json', 'exporter/package.json', 'exporter/tsconfig.build.json', 'exporter/src'], REPO);
  run('tar', ['-xf', archive, '-C', dir], dir);
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  run(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'exporter', 'tsconfig.build.json')], dir);
  const cli = join(dir, 'exporter', 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`the old agent did not build: ${cli} is missing`);
  return cli;
}

describe('an agent from before delta views and one of this version', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netsplit-mixed-'));
  let oldAgent: ChildProcess | undefined;
  let newAgent: RunningAgent | undefined;
  let ports: number[] = [];
  const names = ['old', 'new'];
  // '' until the old agent's process listens.
  const oldMetrics = async () => fetch(`http://127.0.0.1:${ports[0]}/metrics`).then((r) => r.text(), () => '');

  beforeAll(async () => {
    const cli = buildOldAgent(dir);
    ports = await freePorts(2);
    const peers = names.map((n, i) => `  - { name: ${n}, address: "127.0.0.1:${ports[i]}" }`).join('\n');
    writeFileSync(join(dir, 'old.yaml'), `cluster: test\nnode: old\nlisten: "127.0.0.1:${ports[0]}"\nheartbeat: { interval: 100ms, downAfter: 3, upAfter: 2 }\nlogLevel: warn\npeers:\n${peers}\n`);
    oldAgent = spawn(process.execPath, [cli, '--config', join(dir, 'old.yaml')], { env: { ...process.env, NETSPLIT_SECRET: TEST_SECRET }, stdio: ['ignore', 'ignore', 'inherit'] });
    newAgent = await startAgent(loopbackConfig('new', names, ports), createLogger({ node: 'new' }, 'warn', () => undefined));
  });

  afterAll(async () => {
    oldAgent?.kill('SIGKILL');
    await newAgent?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reach healthy together: each pulls the other, no datagram is refused', async () => {
    const both = async () => ({ old: roleOf(await oldMetrics()), new: roleOf(await metricsText(newAgent!)) });
    expect(await eventually(both, (roles) => roles.old === 'healthy' && roles.new === 'healthy', 20_000)).toEqual({ old: 'healthy', new: 'healthy' });
    const [oldText, newText] = [await oldMetrics(), await metricsText(newAgent!)];
    expect(sample(oldText, 'netsplit_view_pulls_total', { peer: 'new', result: 'ok' })).toBeGreaterThan(0);
    expect(sample(newText, 'netsplit_view_pulls_total', { peer: 'old', result: 'ok' })).toBeGreaterThan(0);
    for (const reason of ['unsupported_version', 'malformed', 'bad_signature']) expect({ reason, refused: sample(oldText, 'netsplit_heartbeat_rejected_total', { reason }) }).toEqual({ reason, refused: 0 });
    expect(sample(newText, 'netsplit_heartbeat_rejected_total', { reason: 'unsupported_version' })).toBe(0);
    expect(sample(newText, 'netsplit_view_rejected_total', { reason: 'malformed' })).toBe(0);
    expect(sample(newText, 'netsplit_row_pushes_sent_total')).toBe(0);
  });

  it('the new agent still sees the old one go: killed, its link is down and the new one is alone', async () => {
    expect(roleOf(await metricsText(newAgent!))).toBe('healthy');
    oldAgent!.kill('SIGKILL');
    const role = await eventually(async () => roleOf(await metricsText(newAgent!)), (r) => r === 'isolated', 10_000);
    expect(role).toBe('isolated');
    expect(sample(await metricsText(newAgent!), 'netsplit_link_up', { source: 'old', target: 'new' })).toBe(0);
  });
});
