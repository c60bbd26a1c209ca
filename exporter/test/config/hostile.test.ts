/**
 * Hostile config files, silent acceptances and misleading messages. Each case failed before:
 * a stack trace, an out-of-memory abort, a hang, exit 0, or a misleading message.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, parseConfig, MAX_CONFIG_BYTES } from '../../src/config/load';
import { parseHostPort } from '../../src/config/address';
import { aliasBomb } from '../support/hostile-yaml';

const SECRET = 'a-secret-of-at-least-16-bytes';
const base = 'cluster: c\nnode: n1\n';
const twoPeers = 'peers: [ { name: n1, address: 10.0.0.1 }, { name: n2, address: 10.0.0.2 } ]\n';
const env = { NETSPLIT_SECRET: SECRET };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'netsplit-hostile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile files', () => {
  it('refuses a YAML alias bomb with a named problem, not a stack trace', () => {
    expect(parseConfig(base + twoPeers + aliasBomb(), 'bomb.yaml', env)).toEqual({
      ok: false,
      problems: ['bomb.yaml: YAML aliases: the file expands more than 100 aliases (an alias bomb?): write the values out instead of nesting anchors'],
    });
  });

  it('still accepts a few anchors for shared blocks', () => {
    const text = base + twoPeers + 'targets:\n  tcp: [ { name: api, address: &api "10.0.0.9:6443" }, { name: api2, address: *api } ]\n';
    const result = parseConfig(text, 'anchors.yaml', env);
    expect(result.ok && result.config.targets.tcp).toEqual([
      { name: 'api', address: { host: '10.0.0.9', port: 6443 } },
      { name: 'api2', address: { host: '10.0.0.9', port: 6443 } },
    ]);
  });

  it('refuses a config file over 256 KiB before parsing it', () => {
    const file = join(dir, 'big.yaml');
    writeFileSync(file, base + twoPeers + `# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
    expect(loadConfigFile(file, env)).toEqual({
      ok: false,
      problems: [`${file}: cannot read the config file (it has 262243 bytes, more than the limit of 262144): point --config at a regular file of at most 262144 bytes`],
    });
  });

  it('refuses --config /dev/zero, a FIFO and a directory without reading them', () => {
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(loadConfigFile('/dev/zero', env)).toEqual({
      ok: false,
      problems: ['/dev/zero: cannot read the config file (it is a character device, not a regular file): point --config at a regular file of at most 262144 bytes'],
    });
    expect(loadConfigFile(fifo, env)).toEqual({
      ok: false,
      problems: [`${fifo}: cannot read the config file (it is a FIFO, not a regular file): point --config at a regular file of at most 262144 bytes`],
    });
    expect(loadConfigFile(dir, env)).toEqual({
      ok: false,
      problems: [`${dir}: cannot read the config file (it is a directory, not a regular file): point --config at a regular file of at most 262144 bytes`],
    });
  });

  it('refuses secretFile: /dev/zero, a FIFO and a file over 4 KiB', () => {
    const fifo = join(dir, 'secret.fifo');
    execFileSync('mkfifo', [fifo]);
    const big = join(dir, 'big-secret');
    writeFileSync(big, 'k'.repeat(5000));
    chmodSync(big, 0o600);
    const problem = (path: string) => {
      const result = parseConfig(`${base}secretFile: ${path}\n${twoPeers}`, 'c.yaml', {});
      return result.ok ? 'accepted' : result.problems;
    };
    expect(problem('/dev/zero')).toEqual(['c.yaml: secretFile: cannot read /dev/zero (it is a character device, not a regular file): point secretFile at a regular file holding the key (at most 4096 bytes)']);
    expect(problem(fifo)).toEqual([`c.yaml: secretFile: cannot read ${fifo} (it is a FIFO, not a regular file): point secretFile at a regular file holding the key (at most 4096 bytes)`]);
    expect(problem(big)).toEqual([`c.yaml: secretFile: cannot read ${big} (it has 5000 bytes, more than the limit of 4096): point secretFile at a regular file holding the key (at most 4096 bytes)`]);
  });
});

describe('no silent acceptance', () => {
  it('warns about a world-readable secret file, and refuses a world-writable one', () => {
    const secret = join(dir, 'secret');
    writeFileSync(secret, SECRET);
    const config = join(dir, 'n.yaml');
    writeFileSync(config, `${base}secretFile: secret\n${twoPeers}`);
    chmodSync(secret, 0o644);
    const readable = loadConfigFile(config, {});
    expect(readable.ok && readable.warnings).toEqual([
      `secretFile: ${secret} is readable by every user (mode 0644): anyone on this host can forge heartbeats; chmod 600 ${secret} (Kubernetes: defaultMode 0400 on the Secret volume)`,
    ]);
    chmodSync(secret, 0o666);
    expect(loadConfigFile(config, {})).toEqual({
      ok: false,
      problems: [`${config}: secretFile: ${secret} is writable by every user (mode 0666): anyone on this host could replace the cluster key; chmod 600 ${secret}`],
    });
    chmodSync(secret, 0o600);
    const private_ = loadConfigFile(config, {});
    expect(private_.ok && private_.warnings).toEqual([]);
  });

  it('refuses insecure: true together with a secret (the view API would be open)', () => {
    const text = `${base}insecure: true\nsecretFile: /etc/netsplit/secret\n${twoPeers}`;
    expect(parseConfig(text, 'c.yaml', {})).toEqual({
      ok: false,
      problems: ['c.yaml: insecure: true but secretFile is set: insecure serves /api/v1/view to anyone; remove insecure to protect heartbeats and views with the secret (or, for a lab, remove the secret)'],
    });
    expect(parseConfig(`${base}insecure: true\n${twoPeers}`, 'c.yaml', env)).toEqual({
      ok: false,
      problems: ['c.yaml: insecure: true but NETSPLIT_SECRET is set: insecure serves /api/v1/view to anyone; remove insecure to protect heartbeats and views with the secret (or, for a lab, remove the secret)'],
    });
  });

  it('refuses views.maxAge shorter than two heartbeat intervals', () => {
    expect(parseConfig(`${base}heartbeat: { interval: 1s }\nviews: { maxAge: 500ms }\n${twoPeers}`, 'c.yaml', env)).toEqual({
      ok: false,
      problems: ['c.yaml: views.maxAge: 500ms is shorter than two heartbeat intervals (2000ms): rows would expire between pulls; use at least 2000ms or leave it out (default 8000ms)'],
    });
    const two = parseConfig(`${base}heartbeat: { interval: 1s }\nviews: { maxAge: 2s }\n${twoPeers}`, 'c.yaml', env);
    expect(two.ok && two.config.views.maxAgeMs).toBe(2000);
  });

  it('refuses duplicate peer addresses (host names compared without case)', () => {
    const text = `${base}peers:\n  - { name: n1, address: 10.0.0.1 }\n  - { name: n2, address: "10.0.0.1:9465" }\n  - { name: n3, address: Node-3.example }\n  - { name: n4, address: node-3.example }\n  - { name: n5, address: "10.0.0.1:9466" }\n`;
    expect(parseConfig(text, 'c.yaml', env)).toEqual({
      ok: false,
      problems: ['c.yaml: peers[1].address: 10.0.0.1:9465 is also the address of n1: every agent listens on its own host:port', 'c.yaml: peers[3].address: node-3.example:9465 is also the address of n3: every agent listens on its own host:port'],
    });
  });

  it('refuses an invalid IPv6 literal', () => {
    expect(parseHostPort('[1:2:3:4:5:6:7:8:9]:9465', 9465)).toBe('expected host or host:port, "1:2:3:4:5:6:7:8:9" is not a valid IPv6 address');
    expect(parseHostPort('[:::1]', 9465)).toBe('expected host or host:port, ":::1" is not a valid IPv6 address');
    expect(parseHostPort('[fd00::zz]', 9465)).toBe('expected host or host:port, "[fd00::zz]" is not a bracketed IPv6 address such as [fd00::1]:9465');
    expect(parseHostPort('[fd00::1]:9000', 9465)).toEqual({ host: 'fd00::1', port: 9000 });
  });

  it('refuses etcd members: and database nodes: naming a node that is not a peer', () => {
    const text =
      base +
      twoPeers +
      'targets:\n' +
      '  etcd: [ { name: main, endpoints: ["http://10.0.0.1:2379"], members: { etcd-a: n1, etcd-b: n7 } } ]\n' +
      '  postgres: [ { name: orders, primary: "postgres://10.0.0.1/db", nodes: { 10.0.0.1: n1, 10.0.0.5: n8 } } ]\n';
    expect(parseConfig(text, 'c.yaml', env)).toEqual({
      ok: false,
      problems: [
        'c.yaml: targets.etcd[0].members.etcd-b: "n7" is not one of peers[].name (n1, n2): name the node it runs on',
        'c.yaml: targets.postgres[0].nodes.10.0.0.5: "n8" is not one of peers[].name (n1, n2): name the node it runs on',
      ],
    });
  });

  it('refuses more than 1000 peers (10,000 are refused by size, see check-config-cli), and lists at most ten names in messages', () => {
    const peers = (n: number) => 'peers:\n' + Array.from({ length: n }, (_, i) => `  - { name: p${i}, address: "10.${i >> 8}.${i & 255}.1" }\n`).join('');
    expect(parseConfig(`cluster: c\nnode: p0\n${peers(1001)}`, 'c.yaml', env)).toEqual({
      ok: false,
      problems: ['c.yaml: peers: 1001 members, more than the 1000 this version is measured for (docs/benchmarks.md): split the cluster into groups of at most 1000'],
    });
    const thousand = parseConfig(`cluster: c\nnode: p0\n${peers(1000)}`, 'c.yaml', env);
    expect(thousand.ok && thousand.config.peers.length).toBe(1000);
    expect(parseConfig(`cluster: c\nnode: zz\n${peers(12)}`, 'c.yaml', env)).toEqual({
      ok: false,
      problems: ['c.yaml: node: "zz" is not one of peers[].name (p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, … and 2 more): add it to peers or fix the name'],
    });
  });
});

describe('messages', () => {
  it('an unreadable secret file is not met with a command that would overwrite the key', () => {
    const secret = join(dir, 'secret-dir');
    mkdirSync(secret);
    const result = parseConfig(`${base}secretFile: ${secret}\n${twoPeers}`, 'c.yaml', {});
    expect(result).toEqual({ ok: false, problems: [`c.yaml: secretFile: cannot read ${secret} (it is a directory, not a regular file): point secretFile at a regular file holding the key (at most 4096 bytes)`] });
    expect(JSON.stringify(result)).not.toContain('> ');
  });

  it('a bad name reads "cluster: use …", not "cluster: cluster: …"', () => {
    expect(parseConfig(`cluster: "bad name"\nnode: n1\n${twoPeers}`, 'c.yaml', env)).toEqual({
      ok: false,
      problems: ['c.yaml: cluster: use 1-63 characters from A-Z a-z 0-9 . _ - (starting with a letter or digit)'],
    });
  });

  it('an address with a scheme says to drop the scheme', () => {
    expect(parseConfig(`${base}peers: [ { name: n1, address: 10.0.0.1 }, { name: n2, address: "http://127.0.0.2" } ]\n`, 'c.yaml', env)).toEqual({
      ok: false,
      problems: ['c.yaml: peers[1].address: expected host or host:port without a scheme, got "http://127.0.0.2": drop "http://"'],
    });
  });
});
