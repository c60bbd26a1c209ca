/**
 * A real MariaDB 10.11 primary and replica on loopback, probed by the mysql service: up; IO
 * thread stopped reads `No`, primary stopped reads `Connecting`, each down with lag unknown and
 * classified; up after repair.
 */
import { freePorts } from '../agent/helpers';
import { createMysqlService } from '../../src/probes/mysql';
import { eventually, startService, type ServiceHarness } from './harness';
import { MariadbServer, MONITOR_PASSWORD } from './mariadb-servers';

jest.setTimeout(240_000);

describe('mysql replication probe against a real MariaDB pair', () => {
  let primary: MariadbServer;
  let replica: MariadbServer;
  let harness: ServiceHarness;
  let link: { system: string; target: string; replica: string };
  const url = (port: number) => `mariadb://netsplit:${MONITOR_PASSWORD}@127.0.0.1:${port}`;

  beforeAll(async () => {
    const [primaryPort, replicaPort] = await freePorts(2);
    primary = await MariadbServer.primary(primaryPort!);
    replica = await MariadbServer.replicaOf(primary, replicaPort!);
    link = { system: 'mysql', target: 'shop', replica: `127.0.0.1:${replicaPort}` };
    harness = startService(createMysqlService, `  mysql:\n    - { name: shop, primary: "${url(primaryPort!)}", replicas: ["${url(replicaPort!)}"] }`);
  });

  afterAll(async () => {
    await harness?.stop();
    await replica?.destroy();
    await primary?.destroy();
  });

  const up = () => harness.value('netsplit_replication_up', link);
  const io = (state: string) => harness.value('netsplit_replication_io_state', { ...link, state });

  it('reads the link up: IO yes, SQL running, lag 0 s, both roles', async () => {
    expect(await eventually(up, (v) => v === 1, 60_000)).toBe(1);
    const states = async () => [await io('yes'), await io('no'), await io('connecting')];
    expect(await eventually(states, (v) => v.join() === '1,0,0')).toEqual([1, 0, 0]);
    expect(await harness.value('netsplit_replication_sql_running', link)).toBe(1);
    expect(await harness.value('netsplit_replication_lag_seconds', link)).toBe(0);
    expect(await harness.value('netsplit_replication_lag_bytes', link)).toBe(0);
    // An instance that missed this round's deadline (a loaded machine) reports no role until it answers again.
    const roles = async () => [await harness.value('netsplit_replication_role_info', { server: `127.0.0.1:${primary.port}`, role: 'primary' }), await harness.value('netsplit_replication_role_info', { server: `127.0.0.1:${replica.port}`, role: 'replica' })];
    expect(await eventually(roles, (v) => v.every((x) => x === 1))).toEqual([1, 1]);
  });

  it('reads IO No when the IO thread is stopped, down with lag unknown, and up after START SLAVE', async () => {
    await replica.sql('STOP SLAVE IO_THREAD');
    expect(await eventually(() => io('no'), (v) => v === 1)).toBe(1);
    expect(await up()).toBe(0);
    expect(await harness.value('netsplit_replication_down_reason', { ...link, reason: 'database' })).toBe(1);
    expect(await harness.value('netsplit_replication_lag_seconds', link)).toBeNaN();
    expect(await harness.value('netsplit_replication_sql_running', link)).toBe(1);
    expect(await eventually(() => harness.value('netsplit_error_pattern_total', { pattern: 'mysql-io-stopped', system: 'mysql', target: 'shop' }), (v) => (v ?? 0) >= 1)).toBeGreaterThanOrEqual(1);
    await replica.sql('START SLAVE IO_THREAD');
    expect(await eventually(up, (v) => v === 1)).toBe(1);
  });

  it('reads down when the replica is repointed to another port, and up when pointed back at its position', async () => {
    // Pointing back must resume where it stopped (the replica is caught up: the primary's position);
    // from the first binlog again the users' creation would replay and stop the SQL thread.
    const [file, position] = (await primary.sql('SHOW MASTER STATUS')).trim().split('\t');
    const [elsewhere] = await freePorts(1);
    await replica.sql(`STOP SLAVE; CHANGE MASTER TO MASTER_PORT=${elsewhere}; START SLAVE`);
    // Down may first come from a round between STOP and START SLAVE (IO stopped); on a loaded
    // machine the round that sees the new port is a later one, so the log line is waited for.
    const follows = `replica follows 127.0.0.1:${elsewhere}, not 127.0.0.1:${primary.port}`;
    expect(await eventually(async () => harness.lines.some((l) => l.includes(follows)), (v) => v)).toBe(true);
    expect(await up()).toBe(0);
    expect(await harness.value('netsplit_replication_down_reason', { ...link, reason: 'database' })).toBe(1);
    expect(await harness.value('netsplit_replication_lag_seconds', link)).toBeNaN();
    await replica.sql(`STOP SLAVE; CHANGE MASTER TO MASTER_PORT=${primary.port}, MASTER_LOG_FILE='${file}', MASTER_LOG_POS=${position}; START SLAVE`);
    expect(await eventually(up, (v) => v === 1, 60_000)).toBe(1);
  });

  it('reads IO Connecting when the primary stops, down with lag unknown, and up after it returns', async () => {
    await primary.stop();
    expect(await eventually(() => io('connecting'), (v) => v === 1, 60_000)).toBe(1);
    expect(await up()).toBe(0);
    expect(await harness.value('netsplit_replication_lag_seconds', link)).toBeNaN();
    expect(await harness.value('netsplit_replication_lag_bytes', link)).toBeNaN();
    expect(await harness.value('netsplit_replication_down_reason', { ...link, reason: 'database' })).toBe(1);
    // The replica writes its connect error after its attempt fails, which a loaded machine stretches: 60 s.
    expect(await eventually(() => harness.value('netsplit_error_pattern_total', { pattern: 'mysql-io-connecting', system: 'mysql', target: 'shop' }), (v) => (v ?? 0) >= 1, 60_000)).toBeGreaterThanOrEqual(1);
    await primary.launch();
    expect(await eventually(up, (v) => v === 1, 60_000)).toBe(1);
    // The link is up from the latest round that reached both ends; the replica's IO state comes from
    // its own answer, which a loaded machine can deliver a round later.
    expect(await eventually(() => io('yes'), (v) => v === 1)).toBe(1);
  });
});
