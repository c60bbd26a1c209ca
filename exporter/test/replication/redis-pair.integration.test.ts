/**
 * A real Redis 7 primary and replica on loopback, probed by the redis service: up, then each
 * break (primary stopped, replica repointed) reads down with lag unknown, and up after repair.
 */
import { freePorts } from '../agent/helpers';
import { createRedisService } from '../../src/probes/redis';
import { eventually, startService, type ServiceHarness } from './harness';
import { RedisServer } from './redis-servers';

jest.setTimeout(120_000);

describe('redis replication probe against a real pair', () => {
  let primary: RedisServer;
  let replica: RedisServer;
  let harness: ServiceHarness;
  let link: { system: string; target: string; replica: string };

  beforeAll(async () => {
    const [primaryPort, replicaPort] = await freePorts(2);
    primary = new RedisServer(primaryPort!);
    await primary.ready();
    replica = new RedisServer(replicaPort!, primaryPort!);
    await replica.ready();
    link = { system: 'redis', target: 'cache', replica: `127.0.0.1:${replicaPort}` };
    harness = startService(createRedisService, `  redis:\n    - { name: cache, primary: "redis://127.0.0.1:${primaryPort}", replicas: ["redis://127.0.0.1:${replicaPort}"] }`);
  });

  afterAll(async () => {
    await harness?.stop();
    await Promise.all([primary?.destroy(), replica?.destroy()]);
  });

  const up = () => harness.value('netsplit_replication_up', link);

  it('reads the link up with both roles and a lag in bytes', async () => {
    // One observation where the link and both roles read as expected: under load a probe can miss
    // its deadline, and an instance that did not answer this round reports no role until it does.
    const settled = async () => [await up(), await harness.value('netsplit_replication_role_info', { server: `127.0.0.1:${primary.port}`, role: 'primary' }), await harness.value('netsplit_replication_role_info', { server: `127.0.0.1:${replica.port}`, role: 'replica' })];
    expect(await eventually(settled, (v) => v.every((x) => x === 1))).toEqual([1, 1, 1]);
    expect(await harness.value('netsplit_replication_role_info', { server: `127.0.0.1:${replica.port}`, role: 'primary' })).toBeUndefined();
    expect(await harness.value('netsplit_replication_lag_bytes', link)).toBe(0);
    expect(await harness.value('netsplit_replication_link_down_seconds', link)).toBe(0);
    expect(await harness.value('netsplit_replication_down_reason', { ...link, reason: 'database' })).toBe(0);
    // Redis has no IO/SQL threads: those series stay absent.
    expect(await harness.value('netsplit_replication_io_state', { ...link, state: 'yes' })).toBeUndefined();
    // Both peers share 127.0.0.1, so no instance is placed on a node: no writer facts.
    expect(harness.service.facts()).toEqual({});
  });

  it('reads down with lag unknown when the primary stops, and up after it returns', async () => {
    await primary.stop();
    expect(await eventually(up, (v) => v === 0)).toBe(0);
    expect(await harness.value('netsplit_replication_down_reason', { ...link, reason: 'database' })).toBe(1);
    expect(await harness.value('netsplit_replication_down_reason', { ...link, reason: 'network_cut' })).toBe(0);
    expect(await harness.value('netsplit_replication_lag_seconds', link)).toBeNaN();
    expect(await harness.value('netsplit_replication_lag_bytes', link)).toBeNaN();
    expect(await eventually(() => harness.value('netsplit_replication_link_down_seconds', link), (v) => (v ?? 0) >= 1)).toBeGreaterThanOrEqual(1);
    expect(await harness.value('netsplit_replication_instance_up', { server: `127.0.0.1:${primary.port}` })).toBe(0);
    expect(await eventually(() => harness.value('netsplit_replication_probe_failures_total', { server: `127.0.0.1:${primary.port}`, kind: 'refused' }), (v) => (v ?? 0) >= 1)).toBeGreaterThanOrEqual(1);
    // The unreachable primary reports no role at all rather than a stale one.
    expect(await harness.value('netsplit_replication_role_info', { server: `127.0.0.1:${primary.port}`, role: 'primary' })).toBeUndefined();
    expect(await eventually(() => harness.value('netsplit_error_pattern_total', { pattern: 'redis-master-link-down', system: 'redis', target: 'cache' }), (v) => (v ?? 0) >= 1)).toBeGreaterThanOrEqual(1);
    expect(harness.lines.some((l) => l.includes('"msg":"replication link down"') && l.includes('"reason":"database"'))).toBe(true);

    await primary.restart();
    expect(await eventually(up, (v) => v === 1)).toBe(1);
    expect(await harness.value('netsplit_replication_lag_bytes', link)).toBe(0);
    expect(harness.lines.some((l) => l.includes('"msg":"replication link up"'))).toBe(true);
  });

  it('reads down when the replica is repointed elsewhere, and up when pointed back', async () => {
    const [elsewhere] = await freePorts(1);
    await replica.command(`REPLICAOF 127.0.0.1 ${elsewhere}`);
    expect(await eventually(up, (v) => v === 0)).toBe(0);
    expect(await harness.value('netsplit_replication_down_reason', { ...link, reason: 'database' })).toBe(1);
    expect(await harness.value('netsplit_replication_lag_bytes', link)).toBeNaN();
    await replica.command(`REPLICAOF 127.0.0.1 ${primary.port}`);
    expect(await eventually(up, (v) => v === 1)).toBe(1);
  });
});
