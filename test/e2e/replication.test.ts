/**
 * Replication in the lab: Redis, PostgreSQL and MariaDB primaries on n1 with replicas on n2, an agent
 * on each of five hosts probing all three links. A cut between the two sides reads down for
 * `network_cut` on every agent within seconds (the databases themselves notice after 60 s); a
 * promotion on the minority side while the old primary lives is a split brain, named by the
 * agent that reaches both sides.
 */
import { cutBetween, partition } from '../lab/topology';
import { select, valueOf } from '../lab/prometheus-text';
import { waitForEqual } from '../lab/wait-for';
import { everyLink, readLinks, startReplicationLab, SYSTEMS, TARGET_OF, type ReplicationLab } from '../lab/replication-lab';

jest.setTimeout(300_000);

const ALL = ['n1', 'n2', 'n3', 'n4', 'n5'];

describe('replication links in a partition (lab)', () => {
  let setup: ReplicationLab | undefined;

  beforeAll(async () => {
    setup = await startReplicationLab({ interval: '500ms' });
  });

  afterAll(async () => {
    await setup?.lab.teardown();
  });

  it('every agent reads every link up, with the primary on n1 and the replica on n2', async () => {
    expect(await waitForEqual(() => readLinks(setup!, ALL), everyLink(ALL, '1:-'), { timeoutMs: 60_000, intervalMs: 200 })).toEqual(everyLink(ALL, '1:-'));
    const n3 = await setup!.fleet.agent('n3').metrics();
    for (const system of SYSTEMS) {
      const roles = select(n3, 'netsplit_replication_role_info', { system }).map((s) => `${s.labels.server}=${s.labels.role}`);
      expect(roles.sort()).toEqual([`${setup!.primaryId[system]}=primary`, `${setup!.replicaId[system]}=replica`]);
    }
  });

  it('a cut {n1,n3,n4} | {n2,n5}: every agent, on both sides, reads every link down for network_cut; up again after the heal', async () => {
    await setup!.lab.nemesis.apply(partition('primary-vs-replica', [['n1', 'n3', 'n4'], ['n2', 'n5']]));
    expect(await waitForEqual(() => readLinks(setup!, ALL), everyLink(ALL, '0:network_cut'), { timeoutMs: 20_000, intervalMs: 200 })).toEqual(everyLink(ALL, '0:network_cut'));
    // Lag is unknown across a cut, never 0.
    const n1 = await setup!.fleet.agent('n1').metrics();
    expect(SYSTEMS.map((system) => valueOf(n1, 'netsplit_replication_lag_bytes', { system, replica: setup!.replicaId[system] }))).toEqual([NaN, NaN, NaN]);
    await setup!.lab.nemesis.heal();
    expect(await waitForEqual(() => readLinks(setup!, ALL), everyLink(ALL, '1:-'), { timeoutMs: 60_000, intervalMs: 200 })).toEqual(everyLink(ALL, '1:-'));
  });

  it('promotion on the minority side while the old primary lives: n5, reaching both sides, reports a split brain naming both writers of each system', async () => {
    // n2 loses n1, n3 and n4 and keeps n5: it holds 2 of 5 (minority); n5 reaches every host.
    await setup!.lab.nemesis.apply({ name: 'n2-minority', description: 'n2 cut from n1, n3, n4', drops: ['n1', 'n3', 'n4'].flatMap((n) => cutBetween('n2', n)) });
    // n5 bridges the two ends and reaches both databases (which still say the link works): it
    // reads the cut from the mesh rows, like the ends' agents.
    expect(await waitForEqual(() => readLinks(setup!, ALL), everyLink(ALL, '0:network_cut'), { timeoutMs: 20_000, intervalMs: 200 })).toEqual(everyLink(ALL, '0:network_cut'));
    await setup!.replicas.redis.command('REPLICAOF NO ONE');
    await setup!.replicas.postgres.sql('SELECT pg_promote()');
    await setup!.replicas.mysql.sql('STOP SLAVE; SET GLOBAL read_only=0');

    const writersAtN5 = async () =>
      select(await setup!.fleet.agent('n5').metrics(), 'netsplit_split_brain_writer')
        .filter((s) => s.value === 1)
        .map((s) => `${s.labels.system}/${s.labels.target} ${s.labels.server}@${s.labels.writer_node}`)
        .sort();
    const expected = SYSTEMS.flatMap((system) => [
      `${system}/${TARGET_OF[system]} ${setup!.primaryId[system]}@n1`,
      `${system}/${TARGET_OF[system]} ${setup!.replicaId[system]}@n2`,
    ]).sort();
    expect(await waitForEqual(writersAtN5, expected, { timeoutMs: 30_000, intervalMs: 200 })).toEqual(expected);
    expect(valueOf(await setup!.fleet.agent('n5').metrics(), 'netsplit_split_brain')).toBe(1);
    const verdict = (await setup!.fleet.agent('n5').view()).verdict as unknown as { splitBrain?: Array<{ system: string; writers: Array<{ node: string }> }> };
    expect(verdict.splitBrain?.map((s) => `${s.system}:${s.writers.map((w) => w.node).join(',')}`)).toEqual(['mysql:n1,n2', 'postgres:n1,n2', 'redis:n1,n2']);

    // What Prometheus aggregates when no agent reaches both sides: each side's agent reports its own instance as primary.
    const primariesSeenBy = async (agent: string) =>
      select(await setup!.fleet.agent(agent).metrics(), 'netsplit_replication_role_info', { role: 'primary' })
        .map((s) => s.labels.server!)
        .sort();
    expect(await waitForEqual(() => primariesSeenBy('n2'), SYSTEMS.map((s) => setup!.replicaId[s]).sort(), { timeoutMs: 20_000 })).toEqual(SYSTEMS.map((s) => setup!.replicaId[s]).sort());
    expect(await primariesSeenBy('n1')).toEqual(SYSTEMS.map((s) => setup!.primaryId[s]).sort());
  });
});
