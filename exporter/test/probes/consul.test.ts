/**
 * The Consul probe against local HTTP servers answering with the vendored fixtures
 * (exporter/test/fixtures/consul, Consul's HTTP API format), one per server on its own loopback
 * address (127.0.0.1–3 stand for the fixtures' 10.0.0.1–3): healthy, leader lost on a minority
 * server ("No cluster leader" counted by the catalog), blackholed, malformed, truncated, wrong
 * content type, 403 (the ACL token never in an error), and the consensus group the verdict gets.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScrapeRegistry } from '../../src/metrics/scrape-registry';
import { analyze } from '../../src/analysis';
import { assessConsensus } from '../../src/analysis/consensus';
import type { Verdict } from '../../src/analysis/types';
import { parseConfig } from '../../src/config/load';
import type { ProbeService } from '../../src/probes/service';
import { createLogger } from '../../src/log';
import { createConsulMetrics } from '../../src/metrics/consul';
import { CONSUL_PROBE, parseLeader, type ConsulServerObservation, type ConsulServerTarget } from '../../src/probes/consul';
import { countPattern, createConsulService } from '../../src/probes/consul-service';
import { consulGroup, summarizeConsul } from '../../src/probes/consul-summary';
import { HostResolver } from '../../src/probes/resolver';
import { runProbe } from '../../src/probes/runner';
import { between, topology } from '../analysis/topology';
import { fixture, json, startFixtureServer, text, type FixtureServer } from '../support/fixture-server';

const dir = mkdtempSync(join(tmpdir(), 'netsplit-consul-'));
const TOKEN = '8f9c2b7e-5d41-4f3a-9b2e-6c1d0a7e3f55';
const tokenFile = join(dir, 'acl-token');
writeFileSync(tokenFile, TOKEN);
chmodSync(tokenFile, 0o600);
const resolver = new HostResolver();

/** The fixtures' 10.0.0.x become the test servers' 127.0.0.x. */
const local = (body: string) => body.replaceAll('10.0.0.', '127.0.0.');
const consul = (file: string) => local(fixture('consul', file));

function healthy(server: FixtureServer): void {
  server.routes.set('/v1/status/leader', json(consul('status-leader.json')));
  server.routes.set('/v1/status/peers', json(consul('status-peers.json')));
  server.routes.set('/v1/operator/raft/configuration', json(consul('operator-raft-configuration.json')));
  server.routes.set('/v1/agent/members', json(consul('agent-members.json')));
}

/** carol in a cut from alice and bob: no leader, the leader-forwarded call fails, both others failed in serf. */
function leaderless(server: FixtureServer): void {
  server.routes.set('/v1/status/leader', json(consul('status-leader-none.json')));
  server.routes.set('/v1/status/peers', json(consul('status-peers.json')));
  server.routes.set('/v1/operator/raft/configuration', text(consul('no-cluster-leader.txt'), 500));
  server.routes.set('/v1/agent/members', json(consul('agent-members-minority.json')));
}

const servers: FixtureServer[] = [];
beforeEach(async () => {
  servers.length = 0;
  for (const host of ['127.0.0.1', '127.0.0.2', '127.0.0.3']) {
    const s = await startFixtureServer({ host });
    healthy(s);
    servers.push(s);
  }
});
afterEach(() => Promise.all(servers.map((s) => s.close())));

const target = (s: FixtureServer, over: Partial<ConsulServerTarget> = {}): ConsulServerTarget => ({ target: 'dc1', server: new URL(s.url), tokenFile, deadlineMs: 500, ...over });
const probe = async (s: FixtureServer, over: Partial<ConsulServerTarget> = {}): Promise<ConsulServerObservation> => (await runProbe(CONSUL_PROBE, target(s, over), resolver)).observation;
const probeAll = () => Promise.all(servers.map((s) => probe(s)));
const peers = [
  { name: 'n1', address: { host: '127.0.0.1', port: 9465 } },
  { name: 'n2', address: { host: '127.0.0.2', port: 9465 } },
  { name: 'n3', address: { host: '127.0.0.3', port: 9465 } },
];

describe('Consul probe, one server', () => {
  it('healthy: leader, peers, raft configuration and members; the ACL token sent as X-Consul-Token', async () => {
    const o = await probe(servers[0]!);
    expect(o).toMatchObject({ up: true, leader: '127.0.0.1:8300', peers: ['127.0.0.1:8300', '127.0.0.2:8300', '127.0.0.3:8300'], errors: [] });
    expect(o.raft?.map((r) => [r.node, r.address, r.leader, r.voter])).toEqual([
      ['alice', '127.0.0.1:8300', true, true],
      ['bob', '127.0.0.2:8300', false, true],
      ['carol', '127.0.0.3:8300', false, true],
    ]);
    expect(o.members?.map((m) => [m.name, m.status, m.role])).toEqual([
      ['alice', 'alive', 'consul'],
      ['bob', 'alive', 'consul'],
      ['carol', 'alive', 'consul'],
      ['web-1', 'alive', 'node'],
    ]);
    expect(servers[0]!.requests.map((r) => r.headers['x-consul-token'])).toEqual([TOKEN, TOKEN, TOKEN, TOKEN]);
  });

  it("reads @hashicorp/consul-api-double's /v1/status/leader verbatim", () => {
    expect(parseLeader(JSON.parse(fixture('consul', 'api-double-status-leader.json')))).toBe('211.245.86.75:8500');
  });

  it('leader lost: answers without a leader; the leader-forwarded call fails with "No cluster leader", which the catalog counts', async () => {
    leaderless(servers[2]!);
    const o = await probe(servers[2]!);
    expect(o).toMatchObject({ up: true, leader: '' });
    expect(o.raft).toBeUndefined();
    expect(o.errors).toEqual(['/v1/operator/raft/configuration: HTTP 500 (No cluster leader)']);
    expect(o.members?.filter((m) => m.status === 'failed').map((m) => m.name)).toEqual(['alice', 'bob']);
    const metrics = createConsulMetrics(new ScrapeRegistry());
    expect(countPattern(metrics, 'dc1', o.errors[0]!)).toBe('consul-no-leader');
  });

  it('blackholed: a timeout at the deadline, no connection left behind', async () => {
    for (const path of ['/v1/status/leader', '/v1/status/peers', '/v1/operator/raft/configuration', '/v1/agent/members']) servers[0]!.routes.set(path, { hang: true });
    const o = await probe(servers[0]!, { deadlineMs: 300 });
    expect(o.up).toBe(false);
    expect(o.failure).toEqual({ kind: 'timeout', message: 'no answer within 300 ms' });
    const until = Date.now() + 2000;
    while (servers[0]!.openConnections() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(servers[0]!.openConnections()).toBe(0);
  });

  it('malformed and truncated JSON read error; the other calls keep their answers when only one is bad', async () => {
    servers[0]!.routes.set('/v1/status/leader', json('{"Leader":'));
    expect((await probe(servers[0]!)).failure).toEqual({ kind: 'error', message: '/v1/status/leader: malformed JSON (Unexpected end of JSON input)', code: 'BAD_ANSWER' });
    servers[0]!.routes.set('/v1/status/leader', json(consul('status-leader.json')));
    const members = consul('agent-members.json');
    servers[0]!.routes.set('/v1/agent/members', { status: 200, contentType: 'application/json', body: members, sentBytes: 300 });
    const o = await probe(servers[0]!);
    expect(o).toMatchObject({ up: true, leader: '127.0.0.1:8300' });
    expect(o.members).toBeUndefined();
    expect(o.errors).toEqual(['/v1/agent/members: answer truncated (connection closed mid-body)']);
  });

  it('a wrong content type reads wrong_server', async () => {
    servers[0]!.routes.set('/v1/status/leader', { status: 200, contentType: 'text/html', body: '<html>login</html>' });
    expect((await probe(servers[0]!)).failure).toEqual({ kind: 'wrong_server', message: '/v1/status/leader: expected application/json, got text/html', code: 'WRONG_CONTENT_TYPE' });
  });

  it('403 reads auth; the token never appears, even when the server echoes it', async () => {
    servers[0]!.routes.set('/v1/status/leader', text(`ACL not found: token ${TOKEN}`, 403));
    const o = await probe(servers[0]!);
    expect(o.failure).toEqual({ kind: 'auth', message: '/v1/status/leader: HTTP 403 (ACL not found: token <redacted>)', code: 'HTTP_403' });
    expect(JSON.stringify(o)).not.toContain(TOKEN);
  });
});

describe('Consul target summary and consensus group', () => {
  it('healthy: 3 voters, a leader named by all three, alice leads on n1', async () => {
    const summary = summarizeConsul('dc1', await probeAll());
    expect(summary).toMatchObject({ voters: 3, quorumSize: 2, quorum: true, distinctLeaders: 1 });
    expect(summary.servers.map((s) => [s.server, s.hasLeader, s.isLeader, s.serf?.alive])).toEqual([
      ['127.0.0.1:' + servers[0]!.port, true, true, 4],
      ['127.0.0.2:' + servers[1]!.port, true, false, 4],
      ['127.0.0.3:' + servers[2]!.port, true, false, 4],
    ]);
    expect(consulGroup(summary, peers).members).toEqual([
      { instance: 'alice', node: 'n1', voter: true, reachable: true, hasLeader: true, isLeader: true },
      { instance: 'bob', node: 'n2', voter: true, reachable: true, hasLeader: true, isLeader: false },
      { instance: 'carol', node: 'n3', voter: true, reachable: true, hasLeader: true, isLeader: false },
    ]);
  });

  it("the minority's view in a cut: alice and bob blackholed, carol without a leader — no quorum, and n3's component holds 1 of 3 voters", async () => {
    for (const s of servers.slice(0, 2)) for (const path of ['/v1/status/leader', '/v1/status/peers', '/v1/operator/raft/configuration', '/v1/agent/members']) s.routes.set(path, { hang: true });
    leaderless(servers[2]!);
    const observations = await Promise.all(servers.map((s) => probe(s, { deadlineMs: 300 })));
    const summary = summarizeConsul('dc1', observations);
    // No raft configuration answered: N comes from carol's peers list.
    expect(summary).toMatchObject({ voters: 3, quorumSize: 2, quorum: false, distinctLeaders: 0, raft: [] });
    const group = consulGroup(summary, peers);
    expect(group.members.map((m) => [m.instance, m.node, m.reachable, m.hasLeader])).toEqual([
      ['127.0.0.1:' + servers[0]!.port, 'n1', false, false],
      ['127.0.0.2:' + servers[1]!.port, 'n2', false, false],
      ['127.0.0.3:' + servers[2]!.port, 'n3', true, false],
    ]);
    const assessment = assessConsensus(group, [['n1', 'n2'], ['n3']], 'n3', ['n3']);
    expect(assessment).toMatchObject({ system: 'consul', voters: 3, quorumSize: 2, componentQuorum: false, probeQuorum: false, quorum: false });
    expect(assessment.components.map((c) => [c.nodes, c.voters, c.holdsQuorum])).toEqual([
      [['n1', 'n2'], 2, true],
      [['n3'], 1, false],
    ]);
  });
});

describe('Consul service: per-server gauges, facts for the verdict, quorum fused with the mesh', () => {
  it("n3 cut from n1 and n2 reads no quorum although every server still names alice; whole again, quorum", async () => {
    const parsed = parseConfig(
      [
        'cluster: lab',
        'node: n3',
        'insecure: true',
        'peers:',
        ...peers.map((p) => `  - { name: ${p.name}, address: "${p.address.host}:9465" }`),
        'probes: { interval: 100ms, timeout: 300ms }',
        'targets:',
        `  consul: [ { name: dc1, servers: [${servers.map((s) => `"${s.url}"`).join(', ')}], tokenFile: ${tokenFile} } ]`,
      ].join('\n'),
      'netsplit.yaml',
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const registry = new ScrapeRegistry();
    let view = topology({ members: ['n1', 'n2', 'n3'], self: 'n3', cut: between(['n1', 'n2'], ['n3']) });
    const lines: string[] = [];
    // As the agent does: the mesh's view with the probe families' facts merged in.
    const service: ProbeService = createConsulService({ config: parsed.config, registry, log: createLogger({}, 'info', (l) => lines.push(l)), verdict: (): Verdict => analyze({ ...view, ...service.facts() }) })!;
    service.start();
    try {
      const until = Date.now() + 3000;
      while ((service.facts().consensusGroups ?? []).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      const facts = service.facts();
      expect(facts.consensusGroups?.map((g) => [g.system, g.target, g.probeQuorum, g.members.map((m) => `${m.instance}@${m.node}`)])).toEqual([['consul', 'dc1', true, ['alice@n1', 'bob@n2', 'carol@n3']]]);
      expect(facts.writers).toEqual([{ system: 'consul', target: 'dc1', instance: 'alice', node: 'n1' }]);
      let text = await registry.metrics();
      expect(text).toContain('netsplit_consul_quorum{target="dc1"} 0');
      expect(text).toContain(`netsplit_consul_server_is_leader{target="dc1",server="127.0.0.1:${servers[0]!.port}"} 1`);
      expect(text).toContain(`netsplit_consul_serf_members{target="dc1",server="127.0.0.3:${servers[2]!.port}",status="alive"} 4`);
      expect(text).toContain('netsplit_consul_raft_voters{target="dc1"} 3');
      view = topology({ members: ['n1', 'n2', 'n3'], self: 'n3' });
      text = await registry.metrics();
      expect(text).toContain('netsplit_consul_quorum{target="dc1"} 1');
      expect(lines.join('\n')).not.toContain(TOKEN);
    } finally {
      await service.stop();
    }
  });
});
