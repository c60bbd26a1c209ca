/**
 * targets.kubernetes, targets.consul and targets.envoy in the config: defaults (the controller
 * timeouts), in-cluster resolution, token files made absolute, and every mistake named by its
 * key with the fix.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, SERVICE_ACCOUNT_TOKEN } from '../../src/config/load';

const head = ['cluster: lab', 'node: n1', 'insecure: true', 'peers:', '  - { name: n1, address: "10.0.0.1:9465" }', '  - { name: n2, address: "10.0.0.2:9465" }', 'targets:'];
const parse = (...lines: string[]) => parseConfig([...head, ...lines].join('\n'), '/etc/netsplit/netsplit.yaml', {});
const problems = (...lines: string[]) => {
  const result = parse(...lines);
  return result.ok ? [] : result.problems;
};

describe('targets.kubernetes', () => {
  it('defaults the controller timeouts to kube-controller-manager\'s 40s and 5m, and makes the token file absolute', () => {
    const result = parse('  kubernetes: [ { name: prod, url: "https://10.0.0.9:6443", tokenFile: sa-token } ]');
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.targets.kubernetes).toEqual([
      { name: 'prod', url: 'https://10.0.0.9:6443', inCluster: false, tokenFile: '/etc/netsplit/sa-token', nodeMonitorGracePeriod: 40_000, podEvictionTimeout: 300_000 },
    ]);
  });

  it('inCluster takes the URL from KUBERNETES_SERVICE_HOST/PORT and the service account\'s token and CA', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netsplit-k8s-config-'));
    const ca = join(dir, 'ca.crt');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');
    const text = [...head, `  kubernetes: [ { name: prod, inCluster: true, tls: { caFile: ${ca} } } ]`].join('\n');
    const result = parseConfig(text, '/etc/netsplit/netsplit.yaml', { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.targets.kubernetes[0]).toMatchObject({ url: 'https://10.96.0.1:443', tokenFile: SERVICE_ACCOUNT_TOKEN });
    expect(result.config.targetTls.kubernetes.prod?.caFile).toBe(ca);
  });

  it('names what is missing outside a pod, and a target without url', () => {
    expect(problems('  kubernetes: [ { name: prod, inCluster: true, tls: { caFile: /dev/null } } ]')).toEqual([
      '/etc/netsplit/netsplit.yaml: targets.kubernetes[0].tls.caFile: cannot read /dev/null (it is a character device, not a regular file): point it at a regular PEM file',
      '/etc/netsplit/netsplit.yaml: targets.kubernetes[0].inCluster: KUBERNETES_SERVICE_HOST is not set (not running in a pod?): set url to the API server, e.g. https://10.0.0.9:6443',
    ]);
    expect(problems('  kubernetes: [ { name: prod } ]')).toEqual(['/etc/netsplit/netsplit.yaml: targets.kubernetes[0].url: required unless inCluster: true: the API server, e.g. https://10.0.0.9:6443']);
  });

  it('refuses a grace period that is not a duration, and an inline token with the fix', () => {
    expect(problems('  kubernetes: [ { name: prod, url: "https://10.0.0.9:6443", nodeMonitorGracePeriod: 40, token: abc } ]')).toEqual([
      '/etc/netsplit/netsplit.yaml: targets.kubernetes[0].nodeMonitorGracePeriod: expected string, got number',
      '/etc/netsplit/netsplit.yaml: targets.kubernetes[0].token: unknown key; put the token in a file (mode 600) and name it with tokenFile: a token inline in the config would travel with every copy of the file',
    ]);
  });
});

describe('targets.consul and targets.envoy', () => {
  it('accepts servers, a token file, an admin URL and node maps', () => {
    const result = parse(
      '  consul: [ { name: dc1, servers: ["http://10.0.0.1:8500", "http://10.0.0.2:8500"], tokenFile: /etc/netsplit/consul-token, nodes: { 10.0.0.2: n2 } } ]',
      '  envoy: [ { name: web, admin: "http://127.0.0.1:15000", timeout: 500ms } ]',
    );
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.targets.consul).toEqual([{ name: 'dc1', servers: ['http://10.0.0.1:8500', 'http://10.0.0.2:8500'], tokenFile: '/etc/netsplit/consul-token', nodes: { '10.0.0.2': 'n2' } }]);
    expect(result.config.targets.envoy).toEqual([{ name: 'web', admin: 'http://127.0.0.1:15000', timeout: 500 }]);
  });

  it('names each mistake by its key with the fix', () => {
    expect(
      problems(
        '  consul: [ { name: dc1, address: "10.0.0.1:8500", servers: [] }, { name: dc1, servers: ["consul://x"], nodes: { 10.0.0.9: n9 } } ]',
        '  envoy: [ { name: web, admin: "127.0.0.1:15000", endpoints: [] } ]',
      ),
    ).toEqual([
      '/etc/netsplit/netsplit.yaml: targets.consul[0].servers: list every Consul server agent, e.g. http://10.0.0.1:8500',
      '/etc/netsplit/netsplit.yaml: targets.consul[0].address: unknown key; this target takes a URL: servers (consul), admin (envoy) or url (kubernetes)',
      '/etc/netsplit/netsplit.yaml: targets.consul[1].servers[0]: expected a URL with scheme http or https, e.g. http://10.0.0.1',
      '/etc/netsplit/netsplit.yaml: targets.envoy[0].admin: expected a URL with scheme http or https, e.g. http://10.0.0.1',
      '/etc/netsplit/netsplit.yaml: targets.envoy[0].endpoints: unknown key; this target takes servers (consul), admin (envoy) or url (kubernetes), not endpoints (etcd)',
      '/etc/netsplit/netsplit.yaml: targets.consul[1].nodes.10.0.0.9: "n9" is not one of peers[].name (n1, n2): name the node it runs on',
      '/etc/netsplit/netsplit.yaml: targets.consul[1].name: duplicate target name "dc1"',
    ]);
    expect(problems('  consul: [ { name: dc1, servers: ["http://10.0.0.1:8500"], nodes: { 10.0.0.9: n9 } }, { name: dc1, servers: ["http://10.0.0.2:8500"] } ]')).toEqual([
      '/etc/netsplit/netsplit.yaml: targets.consul[0].nodes.10.0.0.9: "n9" is not one of peers[].name (n1, n2): name the node it runs on',
      '/etc/netsplit/netsplit.yaml: targets.consul[1].name: duplicate target name "dc1"',
    ]);
  });
});
