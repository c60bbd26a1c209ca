/**
 * `--check-config` on each hostile or silently accepted file answers with exit 2 and
 * the named problem (or exit 0 and a named warning). Before: a stack trace (exit 1), an abort
 * out of memory, a hang, or exit 0 in silence. Also the CLI's argument parsing (node:util).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCliArgs } from '../../src/cli';
import { CLI } from '../support/agent-process';
import { aliasBomb } from '../support/hostile-yaml';

const SECRET = 'a-secret-of-at-least-16-bytes';
const dir = mkdtempSync(join(tmpdir(), 'netsplit-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base = 'cluster: c\nnode: n1\n';
const twoPeers = 'peers: [ { name: n1, address: 10.0.0.1 }, { name: n2, address: 10.0.0.2 } ]\n';

function check(file: string, env: NodeJS.ProcessEnv = { NETSPLIT_SECRET: SECRET }) {
  const result = spawnSync(process.execPath, [CLI, '--config', file, '--check-config'], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const refused = (file: string, problem: string) => ({ status: 2, stdout: '', stderr: `${file}: 1 problem(s) in the config:\n  - ${problem}\n` });

describe('--check-config on hostile files', () => {
  it('an alias bomb', () => {
    const file = write('bomb.yaml', base + twoPeers + aliasBomb());
    expect(check(file)).toEqual(refused(file, `${file}: YAML aliases: the file expands more than 100 aliases (an alias bomb?): write the values out instead of nesting anchors`));
  });

  it('a 10 MB file', () => {
    const file = write('big.yaml', base + twoPeers + `# ${'x'.repeat(10 * 1024 * 1024)}\n`);
    expect(check(file)).toEqual(refused(file, `${file}: cannot read the config file (it has 10485859 bytes, more than the limit of 262144): point --config at a regular file of at most 262144 bytes`));
  });

  it('--config /dev/zero and a FIFO', () => {
    expect(check('/dev/zero')).toEqual(refused('/dev/zero', '/dev/zero: cannot read the config file (it is a character device, not a regular file): point --config at a regular file of at most 262144 bytes'));
    const fifo = join(dir, 'config.fifo');
    execFileSync('mkfifo', [fifo]);
    expect(check(fifo)).toEqual(refused(fifo, `${fifo}: cannot read the config file (it is a FIFO, not a regular file): point --config at a regular file of at most 262144 bytes`));
  });

  it('secretFile: /dev/zero', () => {
    const file = write('zero-secret.yaml', `${base}secretFile: /dev/zero\n${twoPeers}`);
    expect(check(file, {})).toEqual(refused(file, `${file}: secretFile: cannot read /dev/zero (it is a character device, not a regular file): point secretFile at a regular file holding the key (at most 4096 bytes)`));
  });

  it('a world-readable secret file: exit 0 with a named warning', () => {
    const secret = write('secret', SECRET);
    chmodSync(secret, 0o644);
    const file = write('readable.yaml', `${base}secretFile: secret\n${twoPeers}`);
    expect(check(file, {})).toEqual({
      status: 0,
      stdout: `${file}: ok (cluster c, node n1, 2 peers)\n`,
      stderr: `${file}: warning: secretFile: ${secret} is readable by every user (mode 0644): anyone on this host can forge heartbeats; chmod 600 ${secret} (Kubernetes: defaultMode 0400 on the Secret volume)\n`,
    });
  });

  it.each([
    ['insecure with a secret', `${base}insecure: true\n${twoPeers}`, 'insecure: true but NETSPLIT_SECRET is set: insecure serves /api/v1/view to anyone; remove insecure to protect heartbeats and views with the secret (or, for a lab, remove the secret)'],
    ['views.maxAge under the interval', `${base}views: { maxAge: 400ms }\n${twoPeers}`, 'views.maxAge: 400ms is shorter than two heartbeat intervals (1000ms): rows would expire between pulls; use at least 1000ms or leave it out (default 4000ms)'],
    ['duplicate peer addresses', `${base}peers: [ { name: n1, address: 10.0.0.1 }, { name: n2, address: "10.0.0.1:9465" } ]\n`, 'peers[1].address: 10.0.0.1:9465 is also the address of n1: every agent listens on its own host:port'],
    ['an invalid IPv6 literal', `${base}peers: [ { name: n1, address: "[1:2:3:4:5:6:7:8:9]" } ]\n`, 'peers[0].address: expected host or host:port, "1:2:3:4:5:6:7:8:9" is not a valid IPv6 address'],
    ['etcd members: naming a non-member', `${base}${twoPeers}targets: { etcd: [ { name: main, endpoints: ["http://10.0.0.1:2379"], members: { etcd-x: n9 } } ] }\n`, 'targets.etcd[0].members.etcd-x: "n9" is not one of peers[].name (n1, n2): name the node it runs on'],
    ['database nodes: naming a non-member', `${base}${twoPeers}targets: { redis: [ { name: cache, primary: "redis://10.0.0.1:6379", nodes: { 10.0.0.1: n9 } } ] }\n`, 'targets.redis[0].nodes.10.0.0.1: "n9" is not one of peers[].name (n1, n2): name the node it runs on'],
    [
      'a Consul ACL token written inline',
      `${base}${twoPeers}targets: { consul: [ { name: dc1, servers: ["http://10.0.0.1:8500"], token: s3cr3t } ] }\n`,
      'targets.consul[0].token: unknown key; put the token in a file (mode 600) and name it with tokenFile: a token inline in the config would travel with every copy of the file',
    ],
    [
      'a Kubernetes grace period that is not a duration',
      `${base}${twoPeers}targets: { kubernetes: [ { name: prod, url: "https://10.0.0.9:6443", nodeMonitorGracePeriod: soon } ] }\n`,
      'targets.kubernetes[0].nodeMonitorGracePeriod: "soon" is not a duration: write e.g. 500ms, 2s, 1m',
    ],
    [
      '10,000 peers',
      `cluster: c\nnode: p0\npeers:\n${Array.from({ length: 10_000 }, (_, i) => `  - { name: p${i}, address: "10.${i >> 8}.${i & 255}.1" }\n`).join('')}`,
      // Refused by its size before the (slow) parse; 1001 peers get the ceiling's own message (hostile.test.ts).
      'cannot read the config file (it has 432041 bytes, more than the limit of 262144): point --config at a regular file of at most 262144 bytes',
    ],
  ])('%s', (name, text, problem) => {
    const file = write(`${name.replace(/\W+/g, '-')}.yaml`, text);
    expect(check(file)).toEqual(refused(file, `${file}: ${problem}`));
  });
});

describe('parseCliArgs', () => {
  it.each([
    [['--config', 'a.yaml', '--check-config'], { config: 'a.yaml', checkConfig: true, viewAuth: false, version: false, help: false }],
    [['-c', 'a.yaml'], { config: 'a.yaml', checkConfig: false, viewAuth: false, version: false, help: false }],
    [['--config=a.yaml', '--view-auth'], { config: 'a.yaml', checkConfig: false, viewAuth: true, version: false, help: false }],
    [['-v'], { config: undefined, checkConfig: false, viewAuth: false, version: true, help: false }],
  ])('%j', (argv, expected) => expect(parseCliArgs(argv)).toEqual(expected));

  it('names an unknown option, a missing value and a stray argument', () => {
    expect(parseCliArgs(['--colour'])).toMatch(/^Unknown option '--colour'/);
    expect(parseCliArgs(['--config'])).toBe("Option '-c, --config <value>' argument missing");
    expect(parseCliArgs(['a.yaml'])).toMatch(/^Unexpected argument 'a.yaml'/);
  });

  it('exits 2 with the reason and the usage', () => {
    const result = spawnSync(process.execPath, [CLI, '--colour'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/^Unknown option '--colour'/);
    expect(result.stderr).toContain('Usage: netsplit-exporter --config FILE [--check-config]');
  });
});
