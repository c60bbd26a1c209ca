/**
 * The etcd probe against a real 3-member etcd 3.4 on 127.0.0.1: all up, a member frozen
 * (SIGSTOP: its port accepts and never answers, a blackhole), killed (SIGKILL: refused, and the
 * leader logs the lost peer stream), and the last member alone (no leader). The cluster is ended by pid in afterAll.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load';
import { ScrapeRegistry } from '../../src/metrics/scrape-registry';
import { createEndpointProber, type EndpointObservation, type EndpointProber } from '../../src/probes/etcd';
import { createEtcdService } from '../../src/probes/etcd-service';
import { summarizeTarget } from '../../src/probes/etcd-summary';
import { followFile } from '../../src/logs/follow-file';
import { classify } from '../../src/patterns';
import { eventually, startLoopbackCluster, type LoopbackCluster, type LoopbackMember } from '../support/etcd-loopback';
import type { Logger } from '../../src/log';

const DEADLINE_MS = 800;
/** Scheduling slack on a loaded 2-core machine: "never hangs" means bounded, not fast. */
const SLACK_MS = 2500;

let cluster: LoopbackCluster;
let probers: EndpointProber[];
const probeAll = () => Promise.all(probers.map((p) => p.probe()));
const patternsOf = (o: EndpointObservation) => [...new Set(o.errors.map((e) => classify('etcd', e)?.id ?? 'unclassified'))].sort();

beforeAll(async () => {
  cluster = await startLoopbackCluster(3);
  probers = cluster.members.map((m) => createEndpointProber(m.clientUrl, DEADLINE_MS));
  const ready = await eventually(probeAll, (os) => summarizeTarget('main', os).quorum && os.every((o) => o.linearizable === 'ok' && o.members?.length === 3), 30_000);
  if (!summarizeTarget('main', ready).quorum) throw new Error(`etcd cluster did not become healthy: ${JSON.stringify(ready)}`);
}, 45_000);

afterAll(async () => {
  for (const p of probers ?? []) p.close();
  await cluster?.destroy();
});

async function leaderAndFollowers(): Promise<{ leader: LoopbackMember; followers: LoopbackMember[] }> {
  const observations = await probeAll();
  const leaderIndex = observations.findIndex((o) => o.status?.isLeader === true);
  if (leaderIndex < 0) throw new Error('no leader');
  return { leader: cluster.members[leaderIndex]!, followers: cluster.members.filter((_, i) => i !== leaderIndex) };
}

describe('etcd probe against a real 3-member cluster', () => {
  it('all up: one leader, three members named from the member list, quorum', async () => {
    const observations = await probeAll();
    const summary = summarizeTarget('main', observations);
    expect({ voters: summary.voters, quorumSize: summary.quorumSize, quorum: summary.quorum, distinctLeaders: summary.distinctLeaders }).toEqual({ voters: 3, quorumSize: 2, quorum: true, distinctLeaders: 1 });
    expect(summary.members.map((m) => [m.member, m.up, m.hasLeader, m.linearizable])).toEqual([
      ['m1', true, true, 'ok'],
      ['m2', true, true, 'ok'],
      ['m3', true, true, 'ok'],
    ]);
    expect(summary.members.filter((m) => m.isLeader)).toHaveLength(1);
    // Ids stay decimal strings: every member agrees on the leader's exact id.
    const leaderIds = new Set(observations.map((o) => o.status?.leaderId));
    expect(leaderIds.size).toBe(1);
    expect([...leaderIds][0]).toMatch(/^[1-9]\d*$/);
    expect(observations.every((o) => o.errors.length === 0)).toBe(true);
  });

  it('the service publishes per-member gauges and quorum', async () => {
    const endpoints = cluster.members.map((m) => `      - ${m.clientUrl}`).join('\n');
    const parsed = parseConfig(
      `cluster: c\nnode: a\ninsecure: true\nprobes: { interval: 500ms, timeout: ${DEADLINE_MS}ms }\npeers:\n  - { name: a, address: 127.0.0.1:1 }\ntargets:\n  etcd:\n    - name: main\n      endpoints:\n${endpoints}\n`,
      'test.yaml',
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const registry = new ScrapeRegistry();
    const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const service = createEtcdService({ config: parsed.config, registry, log: quiet, verdict: () => undefined })!;
    service.start();
    try {
      const text = await eventually(() => registry.metrics(), (t) => /netsplit_etcd_quorum\{target="main"\} 1/.test(t) && (t.match(/netsplit_etcd_member_up\{[^}]*\} 1/g) ?? []).length === 3);
      expect(text).toContain('netsplit_etcd_quorum{target="main"} 1');
      expect(text).toContain('netsplit_etcd_distinct_leaders{target="main"} 1');
      for (const member of ['m1', 'm2', 'm3']) {
        expect(text).toContain(`netsplit_etcd_member_up{target="main",member="${member}"} 1`);
        expect(text).toContain(`netsplit_etcd_member_has_leader{target="main",member="${member}"} 1`);
        expect(text).toContain(`netsplit_etcd_member_linearizable_read_ok{target="main",member="${member}"} 1`);
      }
      expect(text.match(/netsplit_etcd_member_is_leader\{[^}]*\} 1/g)).toHaveLength(1);
      expect(text.match(/netsplit_etcd_leader_info\{target="main",member="m\d",leader_id="[0-9a-f]+"\} 1/g)).toHaveLength(3);
      const facts = service.facts();
      expect(facts.consensusGroups?.[0]?.members.map((m) => [m.instance, m.reachable, m.hasLeader])).toEqual([
        ['m1', true, true],
        ['m2', true, true],
        ['m3', true, true],
      ]);
      // The only peer's host is 127.0.0.1, so every member is placed on node a: the leader is its writer.
      const leader = /netsplit_etcd_member_is_leader\{target="main",member="(m\d)"\} 1/.exec(text)![1];
      expect(facts.consensusGroups?.[0]?.members.map((m) => m.node)).toEqual(['a', 'a', 'a']);
      expect(facts.writers).toEqual([{ system: 'etcd', target: 'main', instance: leader, node: 'a' }]);
      const promtool = spawnSync('promtool', ['check', 'metrics'], { input: await registry.metrics(), encoding: 'utf8' });
      if (promtool.error) throw new Error('promtool is missing: apt-get install prometheus (.ci/run does)');
      expect([promtool.status, promtool.stdout + promtool.stderr]).toEqual([0, '']);
    } finally {
      await service.stop();
    }
  });

  it('a frozen follower (SIGSTOP): the probe gives up at its deadline; 2 of 3 still make quorum', async () => {
    const { followers } = await leaderAndFollowers();
    const frozen = followers[0]!;
    const index = cluster.members.indexOf(frozen);
    frozen.process.kill('SIGSTOP');
    try {
      const started = Date.now();
      const observations = await probeAll();
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(DEADLINE_MS + SLACK_MS);
      expect(observations[index]!.durationSeconds * 1000).toBeLessThan(DEADLINE_MS + SLACK_MS);
      expect([observations[index]!.up, observations[index]!.linearizable]).toEqual([false, 'failed']);
      expect(patternsOf(observations[index]!)).toEqual(['etcd-deadline-exceeded']);
      const summary = summarizeTarget('main', observations);
      expect([summary.quorum, summary.distinctLeaders]).toEqual([true, 1]);
      expect(summary.members.map((m) => m.up)).toEqual(cluster.members.map((_, i) => i !== index));
      // The frozen member is still named: the others' member list knows its client URL.
      expect(summary.members[index]!.member).toBe(frozen.name);
    } finally {
      frozen.process.kill('SIGCONT');
    }
    const back = await eventually(() => probers[index]!.probe(), (o) => o.up && o.linearizable === 'ok');
    expect(back.up).toBe(true);
  }, 60_000);

  it('a killed follower (SIGKILL): refused, not a timeout; 2 of 3 still make quorum', async () => {
    const { leader, followers } = await leaderAndFollowers();
    const killed = followers[0]!;
    const index = cluster.members.indexOf(killed);
    // The leader's own log (zap JSON, a real etcd 3.4 line) must show the broken peer stream.
    const matched: string[] = [];
    const follower = await followFile({ path: join(cluster.dir, `${leader.name}.log`), onLine: (line) => matched.push(classify('etcd', line)?.id ?? ''), pollMs: 100 });
    await killed.kill();
    const observations = await probeAll();
    expect(observations[index]!.up).toBe(false);
    expect(observations[index]!.errors.some((e) => /ECONNREFUSED|UNAVAILABLE/.test(e))).toBe(true);
    expect(patternsOf(observations[index]!)).not.toContain('etcd-deadline-exceeded');
    const summary = summarizeTarget('main', observations);
    expect([summary.voters, summary.quorum]).toEqual([3, true]);
    const seen = await eventually(async () => matched.includes('etcd-peer-stream-lost'), (v) => v);
    await follower.stop();
    expect(seen).toBe(true);
  }, 60_000);

  it('one member of three left: it loses its leader, the hasleader read fails fast with "no leader", quorum 0', async () => {
    const alive = cluster.members.filter((m) => m.process.exitCode === null && m.process.signalCode === null);
    expect(alive).toHaveLength(2);
    await alive[0]!.kill();
    const lastIndex = cluster.members.indexOf(alive[1]!);
    const alone = await eventually(() => probers[lastIndex]!.probe(), (o) => o.up && o.status?.hasLeader === false, 30_000);
    expect([alone.up, alone.status?.hasLeader, alone.status?.leaderId, alone.linearizable]).toEqual([true, false, '0', 'failed']);
    expect(alone.status?.errors).toEqual(['etcdserver: no leader']);
    expect(patternsOf(alone)).toEqual(['etcd-no-leader']);
    const summary = summarizeTarget('main', await probeAll());
    expect([summary.quorum, summary.distinctLeaders]).toEqual([false, 0]);
  }, 60_000);
});
