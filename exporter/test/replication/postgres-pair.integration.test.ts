/**
 * A real PostgreSQL 15 primary and streaming replica on loopback, probed by the postgres service:
 * up; then primary stopped and replica repointed each read down with lag unknown; up after repair.
 */
import { freePorts } from '../agent/helpers';
import { createPostgresService } from '../../src/probes/postgres';
import { eventually, startService, type ServiceHarness } from './harness';
import { MONITOR_PASSWORD, PostgresServer } from './postgres-servers';

jest.setTimeout(180_000);

describe('postgres replication probe against a real pair', () => {
  let primary: PostgresServer;
  let replica: PostgresServer;
  let harness: ServiceHarness;
  let link: { system: string; target: string; replica: string };
  const url = (port: number) => `postgres://netsplit:${MONITOR_PASSWORD}@127.0.0.1:${port}/postgres`;

  beforeAll(async () => {
    const [primaryPort, replicaPort] = await freePorts(2);
    primary = await PostgresServer.primary(primaryPort!);
    replica = await PostgresServer.replicaOf(primary, replicaPort!);
    link = { system: 'postgres', target: 'orders', replica: `127.0.0.1:${replicaPort}` };
    harness = startService(createPostgresService, `  postgres:\n    - { name: orders, primary: "${url(primaryPort!)}", replicas: ["${url(replicaPort!)}"] }`);
  });

  afterAll(async () => {
    await harness?.stop();
    await replica?.destroy();
    await primary?.destroy();
  });

  const up = () => harness.value('netsplit_replication_up', link);

  it('reads the streaming link up, both roles, and a caught-up lag of 0 s and 0 bytes', async () => {
    // One observation where the link and both roles read as expected: under load a probe can miss
    // its deadline, and an instance that did not answer this round reports no role until it does.
    const settled = async () => [await up(), await harness.value('netsplit_replication_role_info', { server: `127.0.0.1:${primary.port}`, role: 'primary' }), await harness.value('netsplit_replication_role_info', { server: `127.0.0.1:${replica.port}`, role: 'replica' })];
    expect(await eventually(settled, (v) => v.every((x) => x === 1))).toEqual([1, 1, 1]);
    expect(await eventually(() => harness.value('netsplit_replication_lag_bytes', link), (v) => v === 0)).toBe(0);
    expect(await eventually(() => harness.value('netsplit_replication_lag_seconds', link), (v) => v === 0)).toBe(0);
    expect(await harness.value('netsplit_replication_instance_up', { server: `127.0.0.1:${replica.port}` })).toBe(1);
    expect(await harness.value('netsplit_replication_last_message_age_seconds', link)).toBeGreaterThanOrEqual(0);
  });

  it('reads down with lag unknown when the primary stops, and up after it returns', async () => {
    await primary.stop();
    expect(await eventually(up, (v) => v === 0)).toBe(0);
    expect(await harness.value('netsplit_replication_down_reason', { ...link, reason: 'database' })).toBe(1);
    expect(await harness.value('netsplit_replication_lag_seconds', link)).toBeNaN();
    expect(await harness.value('netsplit_replication_lag_bytes', link)).toBeNaN();
    expect(await harness.value('netsplit_replication_last_message_age_seconds', link)).toBeNaN();
    expect(await harness.value('netsplit_replication_instance_up', { server: `127.0.0.1:${primary.port}` })).toBe(0);
    expect(
      await eventually(() => harness.value('netsplit_error_pattern_total', { pattern: 'postgres-wal-receiver-not-streaming', system: 'postgres', target: 'orders' }), (v) => (v ?? 0) >= 1),
    ).toBeGreaterThanOrEqual(1);

    await primary.start();
    expect(await eventually(up, (v) => v === 1, 60_000)).toBe(1);
  });

  it('reads down when the replica is repointed to another port, and up when pointed back', async () => {
    const [original] = await replica.sql('SHOW primary_conninfo');
    const conninfo = String(original!.primary_conninfo);
    const [elsewhere] = await freePorts(1);
    await replica.sql(`ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=${elsewhere} user=postgres'`);
    await replica.sql('SELECT pg_reload_conf()');
    expect(await eventually(up, (v) => v === 0)).toBe(0);
    expect(await harness.value('netsplit_replication_down_reason', { ...link, reason: 'database' })).toBe(1);
    expect(await harness.value('netsplit_replication_lag_bytes', link)).toBeNaN();
    await replica.sql(`ALTER SYSTEM SET primary_conninfo = '${conninfo.replace(/'/g, "''")}'`);
    await replica.sql('SELECT pg_reload_conf()');
    expect(await eventually(up, (v) => v === 1, 60_000)).toBe(1);
  });
});
