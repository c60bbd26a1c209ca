import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, loadConfigFile } from '../../src/config/load';
import { parseDuration } from '../../src/config/duration';
import { parseHostPort } from '../../src/config/address';

const SECRET = 'a-secret-of-at-least-16-bytes';
const valid = `
cluster: prod-us
node: n1
heartbeat: { interval: 250ms, downAfter: 4 }
insecure: true
peers:
  - { name: n1, address: 10.0.0.1 }
  - { name: n2, address: "10.0.0.2:9500" }
  - { name: n3, address: node-3.netsplit.default.svc }
`;

describe('parseConfig', () => {
  it('normalises a valid file with defaults', () => {
    const result = parseConfig(valid, 'netsplit.yaml');
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const { config } = result;
    expect(config.cluster).toBe('prod-us');
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 9465 });
    expect(config.heartbeat).toEqual({ port: 9465, intervalMs: 250, downAfter: 4, upAfter: 2, checkSource: true });
    expect(config.views).toEqual({ fanout: undefined, maxAgeMs: 2250, timeoutMs: 250 });
    expect(config.probes).toEqual({ intervalMs: 2000, timeoutMs: 1000 });
    expect(config.peers).toEqual([
      { name: 'n1', address: { host: '10.0.0.1', port: 9465 } },
      { name: 'n2', address: { host: '10.0.0.2', port: 9500 } },
      { name: 'n3', address: { host: 'node-3.netsplit.default.svc', port: 9465 } },
    ]);
    expect(config.insecure).toBe(true);
    expect(config.secret.toString()).toBe('netsplit-insecure:prod-us');
  });

  it('lists every problem at once, each by path with the fix', () => {
    const text = `
cluster: prod
node: n9
listen: "0.0.0.0"
heartbeat: { interval: fast, downafter: 3 }
peers:
  - { name: n1, address: "10.0.0.1:99999" }
  - { name: n2, address: "10.0.0.300" }
  - { name: n2, adress: 10.0.0.3 }
colour: blue
`;
    const result = parseConfig(text, 'bad.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      'bad.yaml: listen: expected host:port, the port is missing in "0.0.0.0"',
      'bad.yaml: heartbeat.interval: "fast" is not a duration: write e.g. 500ms, 2s, 1m',
      'bad.yaml: heartbeat.downafter: unknown key; remove it or check its spelling',
      'bad.yaml: peers[0].address: expected host or host:port, "99999" is not a port (1-65535)',
      'bad.yaml: peers[1].address: expected host or host:port, "10.0.0.300" is not a valid host name or IPv4 address',
      'bad.yaml: peers[2].address: required: add it (expected string)',
      'bad.yaml: peers[2].adress: unknown key; remove it or check its spelling',
      'bad.yaml: colour: unknown key; remove it or check its spelling',
    ]);
  });

  it('names the node that is not a peer, and duplicate peers', () => {
    const result = parseConfig('cluster: c\nnode: n9\ninsecure: true\npeers: [ { name: n1, address: a }, { name: n1, address: b } ]\n', 'c.yaml');
    expect(result).toEqual({
      ok: false,
      problems: ['c.yaml: peers[1].name: duplicate peer name "n1": names must be unique', 'c.yaml: node: "n9" is not one of peers[].name (n1): add it to peers or fix the name'],
    });
  });

  it('takes members in maintenance by peer name, and refuses a name that is not a peer', () => {
    const text = 'cluster: c\nnode: n1\ninsecure: true\npeers: [ { name: n1, address: a }, { name: n2, address: b } ]\nmaintenance: [ n2 ]\n';
    const result = parseConfig(text, 'c.yaml');
    expect(result.ok ? result.config.maintenance : result.problems).toEqual(['n2']);
    expect(parseConfig(text.replace('[ n2 ]', '[ n7 ]'), 'c.yaml')).toEqual({
      ok: false,
      problems: ['c.yaml: maintenance[0]: "n7" is not one of peers[].name (n1, n2): list members by their peer name'],
    });
  });


  it('takes a zone per static peer (this node\'s entry is its own zone), and refuses one that is no label value', () => {
    const text = 'cluster: c\nnode: n1\ninsecure: true\npeers: [ { name: n1, address: a, zone: eu-west-1a }, { name: n2, address: b, zone: eu-west-1b }, { name: n3, address: c } ]\n';
    const result = parseConfig(text, 'c.yaml');
    expect(result.ok ? result.config.peers.map((p) => `${p.name}:${p.zone ?? '-'}`) : result.problems).toEqual(['n1:eu-west-1a', 'n2:eu-west-1b', 'n3:-']);
    const fix = 'use 1-63 characters from A-Z a-z 0-9 . _ - that begin and end with a letter or digit, as in a Kubernetes label value (e.g. eu-west-1a); leave zone out when the member has none';
    expect(parseConfig(text.replace('zone: eu-west-1b', 'zone: "eu west"').replace('{ name: n3, address: c }', `{ name: n3, address: c, zone: -a }, { name: n4, address: d, zone: "" }, { name: n5, address: e, zone: ${'z'.repeat(80)} }`), 'c.yaml')).toEqual({
      ok: false,
      problems: [
        `c.yaml: peers[1].zone: "eu west" is not a zone: ${fix}`,
        `c.yaml: peers[2].zone: "-a" is not a zone: ${fix}`,
        `c.yaml: peers[3].zone: "" is not a zone: ${fix}`,
        `c.yaml: peers[4].zone: "${'z'.repeat(60)}…" is not a zone: ${fix}`,
      ],
    });
  });
  it('requires a secret unless insecure', () => {
    const result = parseConfig('cluster: c\nnode: n1\npeers: [ { name: n1, address: a } ]\n', 'c.yaml');
    expect(result).toEqual({
      ok: false,
      problems: ['c.yaml: secretFile: required unless insecure: true — point it at a file holding the shared HMAC key, or set NETSPLIT_SECRET'],
    });
  });

  it('takes NETSPLIT_SECRET over secretFile, and refuses a short secret', () => {
    const text = 'cluster: c\nnode: n1\nsecretFile: /nonexistent/secret\npeers: [ { name: n1, address: a } ]\n';
    const fromEnv = parseConfig(text, 'c.yaml', { NETSPLIT_SECRET: SECRET });
    expect(fromEnv.ok && fromEnv.config.secret.toString()).toBe(SECRET);
    expect(parseConfig(text, 'c.yaml', { NETSPLIT_SECRET: 'short' })).toEqual({
      ok: false,
      problems: ['c.yaml: secretFile: the secret has 5 bytes; use at least 16 (e.g. head -c 32 /dev/urandom | base64)'],
    });
    const missing = parseConfig(text, 'c.yaml', {});
    expect(missing.ok).toBe(false);
    expect(missing).toEqual({
      ok: false,
      problems: ["c.yaml: secretFile: /nonexistent/secret does not exist: copy the cluster's shared key there (every agent needs the same key), or set NETSPLIT_SECRET"],
    });
  });

  it('takes the node name from NETSPLIT_NODE (one ConfigMap for a DaemonSet)', () => {
    const text = 'cluster: c\nnode: n1\ninsecure: true\npeers: [ { name: n1, address: a }, { name: n2, address: b } ]\n';
    const result = parseConfig(text, 'c.yaml', { NETSPLIT_NODE: 'n2' });
    expect(result.ok && result.config.node).toBe('n2');
    expect(parseConfig(text, 'c.yaml', { NETSPLIT_NODE: 'n7' })).toEqual({ ok: false, problems: ['c.yaml: node: "n7" is not one of peers[].name (n1, n2): add it to peers or fix the name'] });
  });

  it('reads secretFile relative to the config file, trimmed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netsplit-config-'));
    writeFileSync(join(dir, 'secret'), `${SECRET}\n`);
    writeFileSync(join(dir, 'n.yaml'), 'cluster: c\nnode: n1\nsecretFile: secret\npeers: [ { name: n1, address: a } ]\n');
    const result = loadConfigFile(join(dir, 'n.yaml'), {});
    expect(result.ok && result.config.secret.toString()).toBe(SECRET);
  });

  it('refuses a heartbeat port that differs from the listen port', () => {
    const result = parseConfig('cluster: c\nnode: n1\ninsecure: true\nlisten: 127.0.0.1:9000\nheartbeat: { port: 9001 }\npeers: [ { name: n1, address: a } ]\n', 'c.yaml');
    expect(result).toEqual({
      ok: false,
      problems: ['c.yaml: heartbeat.port: must equal the port of listen (9000): peers are addressed by one port for UDP heartbeats and HTTP views'],
    });
  });

  it('reports YAML syntax errors and a missing file', () => {
    const syntax = parseConfig('cluster: [unclosed\n', 'c.yaml');
    expect(syntax.ok).toBe(false);
    expect(!syntax.ok && syntax.problems[0]).toMatch(/^c\.yaml: YAML syntax: /);
    const missing = loadConfigFile('/nonexistent/netsplit.yaml', {});
    expect(missing).toEqual({ ok: false, problems: ['/nonexistent/netsplit.yaml: cannot read the config file (ENOENT): check the path given to --config'] });
  });

  it('validates target URLs and addresses', () => {
    const text = `cluster: c\nnode: n1\ninsecure: true\npeers: [ { name: n1, address: a } ]\ntargets:\n  tcp: [ { name: kube-api, address: "10.0.0.9" } ]\n  etcd: [ { name: main, endpoints: ["10.0.0.1:2379"] } ]\n`;
    expect(parseConfig(text, 'c.yaml')).toEqual({
      ok: false,
      problems: [
        'c.yaml: targets.tcp[0].address: expected host:port, the port is missing in "10.0.0.9"',
        'c.yaml: targets.etcd[0].endpoints[0]: expected a URL with scheme http or https, e.g. http://10.0.0.1',
      ],
    });
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2000],
    ['1.5s', 1500],
    ['1m', 60000],
    ['2', undefined],
    ['-1s', undefined],
    ['1 d', undefined],
  ])('%s → %s', (text, ms) => expect(parseDuration(text)).toBe(ms));
});

describe('parseHostPort', () => {
  it.each([
    ['10.0.0.1', 9465, { host: '10.0.0.1', port: 9465 }],
    ['[::1]:9000', undefined, { host: '::1', port: 9000 }],
    ['[fd00::1]', 9465, { host: 'fd00::1', port: 9465 }],
    ['host.example:80', undefined, { host: 'host.example', port: 80 }],
    ['a:b:c', 9465, 'expected host or host:port, got "a:b:c"'],
    ['host:0', 9465, 'expected host or host:port, "0" is not a port (1-65535)'],
  ])('%s', (text, port, expected) => expect(parseHostPort(text, port)).toEqual(expected));
});

describe('discovery', () => {
  const parse = (text: string) => parseConfig(text, 'c.yaml');
  const problems = (text: string) => {
    const result = parse(text);
    return result.ok ? [] : result.problems;
  };

  it('dns: peers may be left out; port, refresh and the membership windows default', () => {
    const result = parse('cluster: c\nnode: n1\ninsecure: true\nlisten: 10.0.0.1:9500\ndiscovery: { dns: { name: netsplit.monitoring.svc } }\n');
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.discovery).toEqual({ kind: 'dns', name: 'netsplit.monitoring.svc', port: 9500, refreshMs: 10_000 });
    expect(result.config.membership).toEqual({ removeAfterMs: 600_000, leaveAfterMs: 30_000 });
    expect(result.config.peers).toEqual([]);
  });

  it('dns: a resolver and every window given', () => {
    const result = parse('cluster: c\nnode: n1\ninsecure: true\ndiscovery: { dns: { name: agents.lab, port: 9465, refresh: 2s, server: 10.0.0.53 } }\nmembership: { removeAfter: 5m, leaveAfter: 10s }\nmaintenance: [n9]\n');
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.discovery).toEqual({ kind: 'dns', name: 'agents.lab', port: 9465, refreshMs: 2000, server: { host: '10.0.0.53', port: 53 } });
    expect(result.config.membership).toEqual({ removeAfterMs: 300_000, leaveAfterMs: 10_000 });
    expect(result.config.maintenance).toEqual(['n9']);
  });

  it('kubernetes: the relist period defaults to an hour', () => {
    const result = parse('cluster: c\nnode: n1\ninsecure: true\ndiscovery: { kubernetes: {} }\n');
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.discovery).toEqual({ kind: 'kubernetes', port: 9465, relistMs: 3_600_000 });
  });

  it('kubernetes: selectors, a kubeconfig relative to the config file and the relist period', () => {
    const result = parseConfig('cluster: c\nnode: n1\ninsecure: true\ndiscovery: { kubernetes: { kubeconfig: kube.yaml, labelSelector: "netsplit=on", fieldSelector: "spec.unschedulable=false", relist: 5m } }\n', '/etc/netsplit/c.yaml');
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.discovery).toEqual({ kind: 'kubernetes', kubeconfig: '/etc/netsplit/kube.yaml', labelSelector: 'netsplit=on', fieldSelector: 'spec.unschedulable=false', port: 9465, relistMs: 300_000 });
  });

  it('refuses both sources at once, and neither', () => {
    expect(problems('cluster: c\nnode: n1\ninsecure: true\ndiscovery: { dns: { name: a.b }, kubernetes: {} }\n')).toEqual(['c.yaml: discovery: set exactly one of dns or kubernetes']);
    expect(problems('cluster: c\nnode: n1\ninsecure: true\ndiscovery: {}\n')).toEqual(['c.yaml: discovery: set exactly one of dns or kubernetes']);
  });

  it('refuses per-node keys with discovery, naming the key and the fix', () => {
    expect(problems('cluster: c\nnode: n1\ninsecure: true\nkeyFile: node.key\ndiscovery: { dns: { name: a.b } }\n')).toEqual([
      "c.yaml: keyFile: per-node keys need every member's publicKey under peers, which discovered members do not have: with discovery, remove keyFile and peers[].publicKey (the shared secret signs heartbeats and views), or list every member under peers and remove discovery",
    ]);
  });

  it('without discovery, peers are still required', () => {
    expect(problems('cluster: c\nnode: n1\ninsecure: true\n')).toEqual(['c.yaml: peers: list every member, this node included (or set discovery)']);
  });

  it('refuses a bad name, a short refresh and unknown keys', () => {
    expect(problems('cluster: c\nnode: n1\ninsecure: true\ndiscovery: { dns: { name: "a b", refresh: 10ms, ttl: 5 } }\n')).toEqual([
      'c.yaml: discovery.dns.name: use a DNS name, e.g. netsplit.monitoring.svc.cluster.local',
      'c.yaml: discovery.dns.refresh: 10ms is out of range: use 1000ms to 3600s',
      'c.yaml: discovery.dns.ttl: unknown key; remove it or check its spelling',
    ]);
  });
});
