/**
 * Bad input never crashes or hangs a probe: wrong credentials, a blackholed server (SIGSTOPped
 * with its port open), a server of another kind on the port. Each reads as a clear log line and
 * netsplit_replication_probe_failures_total{kind}, with the instance down and no role claimed.
 */
import { createMysqlService } from '../../src/probes/mysql';
import { createPostgresService } from '../../src/probes/postgres';
import { createRedisService } from '../../src/probes/redis';
import type { ProbeServiceFactory } from '../../src/probes/service';
import { freePorts } from '../agent/helpers';
import { eventually, startService, type ServiceHarness } from './harness';
import { MariadbServer, MONITOR_PASSWORD as MYSQL_PASSWORD } from './mariadb-servers';
import { MONITOR_PASSWORD as PG_PASSWORD, PostgresServer } from './postgres-servers';
import { RedisServer } from './redis-servers';

jest.setTimeout(240_000);

let redis: RedisServer;
let postgres: PostgresServer;
let mariadb: MariadbServer;
const running: ServiceHarness[] = [];

beforeAll(async () => {
  const [redisPort, postgresPort, mariadbPort] = await freePorts(3);
  redis = new RedisServer(redisPort!, undefined, ['--requirepass', 'right-password']);
  await redis.process.waitUntil(async () => (await redis.command('PING')).includes('NOAUTH'));
  postgres = await PostgresServer.primary(postgresPort!);
  mariadb = await MariadbServer.primary(mariadbPort!);
});

afterAll(async () => {
  // Stopping must not hang even while a server is frozen.
  await Promise.all(running.map((h) => h.stop()));
  await Promise.all([redis?.destroy(), postgres?.destroy(), mariadb?.destroy()]);
});

function start(factory: ProbeServiceFactory, system: string, targets: Record<string, string>): ServiceHarness {
  const yaml = Object.entries(targets)
    .map(([name, url]) => `    - { name: ${name}, primary: "${url}" }`)
    .join('\n');
  // A generous deadline: on a loaded machine a wrong server's refusal can take longer than 1 s.
  const harness = startService(factory, `  ${system}:\n${yaml}`, { timeout: '3s' });
  running.push(harness);
  return harness;
}

/** Waits until the target's instance has failed with `kind`; returns what the instance reads then. */
async function failsWith(harness: ServiceHarness, target: string, kind: string): Promise<{ failures: number | undefined; instanceUp: number | undefined; roles: number; logged: boolean }> {
  const failures = await eventually(
    () => harness.value('netsplit_replication_probe_failures_total', { target, kind }),
    (v) => (v ?? 0) >= 1,
  );
  const roles = (await harness.series('netsplit_replication_role_info')).filter((s) => s.labels.target === target).length;
  const logged = harness.lines.some((l) => l.includes('"msg":"replication probe failed"') && l.includes(`"target":"${target}"`) && l.includes(`"kind":"${kind}"`));
  return { failures: failures === undefined ? undefined : Math.min(failures, 1), instanceUp: await harness.value('netsplit_replication_instance_up', { target }), roles, logged };
}

const FAILED = { failures: 1, instanceUp: 0, roles: 0, logged: true };

describe('redis probe on bad input', () => {
  it('reads auth for a wrong password, wrong_server on a PostgreSQL port, timeout for a frozen server — and recovers when it thaws', async () => {
    const [sparePort] = await freePorts(1);
    const spare = new RedisServer(sparePort!);
    try {
      await spare.ready();
      const harness = start(createRedisService, 'redis', {
        wrongpass: `redis://:wrong@127.0.0.1:${redis.port}`,
        wrongkind: `redis://127.0.0.1:${postgres.port}`,
        frozen: `redis://127.0.0.1:${spare.port}`,
      });
      expect(await failsWith(harness, 'wrongpass', 'auth')).toEqual(FAILED);
      expect(await failsWith(harness, 'wrongkind', 'wrong_server')).toEqual(FAILED);
      // PostgreSQL closes the connection after the unparseable startup packet; the client reads a
      // FIN or a RST depending on timing. Every round must read wrong_server all the same.
      const kinds = (await harness.series('netsplit_replication_probe_failures_total')).filter((s) => s.labels.target === 'wrongkind').map((s) => s.labels.kind);
      expect(kinds).toEqual(['wrong_server']);
      expect(await eventually(() => harness.value('netsplit_replication_instance_up', { target: 'frozen' }), (v) => v === 1)).toBe(1);
      spare.process.pause();
      expect(await failsWith(harness, 'frozen', 'timeout')).toEqual(FAILED);
      spare.process.resume();
      expect(await eventually(() => harness.value('netsplit_replication_instance_up', { target: 'frozen' }), (v) => v === 1)).toBe(1);
    } finally {
      await spare.destroy();
    }
  });
});

describe('postgres probe on bad input', () => {
  it('reads auth for a wrong password, wrong_server on a MariaDB port, timeout on a Redis port (it waits for a command) and for a frozen server', async () => {
    const harness = start(createPostgresService, 'postgres', {
      wrongpass: `postgres://netsplit:wrong@127.0.0.1:${postgres.port}/postgres`,
      wrongkind: `postgres://netsplit:x@127.0.0.1:${mariadb.port}/postgres`,
      silent: `postgres://netsplit:x@127.0.0.1:${redis.port}/postgres`,
      frozen: `postgres://netsplit:${PG_PASSWORD}@127.0.0.1:${postgres.port}/postgres`,
    });
    expect(await failsWith(harness, 'wrongpass', 'auth')).toEqual(FAILED);
    expect(await failsWith(harness, 'wrongkind', 'wrong_server')).toEqual(FAILED);
    expect(await failsWith(harness, 'silent', 'timeout')).toEqual(FAILED);
    expect(harness.lines.some((l) => l.includes('password authentication failed for user \\"netsplit\\"'))).toBe(true);
    expect(await eventually(() => harness.value('netsplit_replication_instance_up', { target: 'frozen' }), (v) => v === 1)).toBe(1);
    postgres.process.pause();
    try {
      expect(await failsWith(harness, 'frozen', 'timeout')).toEqual(FAILED);
    } finally {
      postgres.process.resume();
    }
    expect(await eventually(() => harness.value('netsplit_replication_instance_up', { target: 'frozen' }), (v) => v === 1)).toBe(1);
  });
});

describe('mysql probe on bad input', () => {
  it('reads auth for a wrong password, timeout on a Redis port (no greeting) and for a frozen server', async () => {
    const harness = start(createMysqlService, 'mysql', {
      wrongpass: `mysql://netsplit:wrong@127.0.0.1:${mariadb.port}`,
      silent: `mysql://netsplit:x@127.0.0.1:${redis.port}`,
      frozen: `mariadb://netsplit:${MYSQL_PASSWORD}@127.0.0.1:${mariadb.port}`,
    });
    expect(await failsWith(harness, 'wrongpass', 'auth')).toEqual(FAILED);
    expect(await failsWith(harness, 'silent', 'timeout')).toEqual(FAILED);
    expect(harness.lines.some((l) => l.includes("Access denied for user 'netsplit'@'127.0.0.1'"))).toBe(true);
    expect(await eventually(() => harness.value('netsplit_replication_instance_up', { target: 'frozen' }), (v) => v === 1)).toBe(1);
    mariadb.process.pause();
    try {
      expect(await failsWith(harness, 'frozen', 'timeout')).toEqual(FAILED);
    } finally {
      mariadb.process.resume();
    }
    expect(await eventually(() => harness.value('netsplit_replication_instance_up', { target: 'frozen' }), (v) => v === 1)).toBe(1);
  });
});
