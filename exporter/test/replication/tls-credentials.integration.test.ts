/**
 * Database probes with TLS and passwords out of the config, against real Debian
 * servers with openssl certificates: PostgreSQL requiring TLS for the monitoring role
 * (hostssl, verify-full on our side) with the password from passwordFile or ${ENV}; Redis on a
 * TLS port (rediss://). A wrong CA reads kind `tls`; no log line or error carries the password.
 */
import { chmodSync, chownSync, copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, type Config } from '../../src/config/load';
import { createLogger } from '../../src/log';
import { postgresDriver } from '../../src/probes/postgres';
import { redisDriver } from '../../src/probes/redis';
import type { InstanceObservation } from '../../src/probes/replication-model';
import { makeCa, makeLeaf } from '../support/openssl-certs';
import { freePorts } from '../support/etcd-loopback';
import { MONITOR_PASSWORD, PostgresServer } from './postgres-servers';
import { RedisServer } from './redis-servers';

jest.setTimeout(90_000);

const dir = mkdtempSync(join(tmpdir(), 'netsplit-db-tls-'));
const ca = makeCa(dir, 'ca');
makeCa(dir, 'other-ca'); // named in the configs below as other-ca.crt
const server = makeLeaf(dir, 'server', ca);
const lines: string[] = [];
const log = createLogger({ node: 'n1' }, 'debug', (line) => lines.push(line));
let pg: PostgresServer;
let redis: RedisServer;
let pgPort = 0;
let redisTlsPort = 0;

function configWith(targets: string, env: NodeJS.ProcessEnv = {}): Config {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `cluster: c\nnode: n1\ninsecure: true\npeers: [ { name: n1, address: 127.0.0.1 } ]\ntargets:\n${targets}`);
  const loaded = loadConfigFile(file, env);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return loaded.config;
}

async function observeOnce(connect: () => { observe(deadlineMs: number): Promise<InstanceObservation>; close(): Promise<void> }): Promise<InstanceObservation> {
  const probe = connect();
  try {
    return await probe.observe(3000);
  } finally {
    await probe.close();
  }
}
const outcome = (o: InstanceObservation) => (o.reached ? 'reached' : o.kind);

beforeAll(async () => {
  [pgPort, redisTlsPort] = (await freePorts(3)).slice(0, 2) as [number, number];
  const redisPort = (await freePorts(1))[0]!;
  pg = await PostgresServer.primary(pgPort);
  // TLS on, and the monitoring role may only come over TLS.
  const uid = Number(execFileSync('id', ['-u', 'postgres']));
  const gid = Number(execFileSync('id', ['-g', 'postgres']));
  for (const [from, to] of [[server.cert, 'server.crt'], [server.key, 'server.key']] as const) {
    copyFileSync(from, join(pg.dataDir, to));
    chownSync(join(pg.dataDir, to), uid, gid);
    chmodSync(join(pg.dataDir, to), 0o600);
  }
  writeFileSync(join(pg.dataDir, 'pg_hba.conf'), 'local all all trust\nhostssl all netsplit 127.0.0.1/32 scram-sha-256\nhostnossl all netsplit 127.0.0.1/32 reject\nhost all all 127.0.0.1/32 trust\n');
  // One statement per call: ALTER SYSTEM may not run inside the implicit transaction of a multi-statement query.
  for (const statement of ['ALTER SYSTEM SET ssl = on', "ALTER SYSTEM SET ssl_cert_file = 'server.crt'", "ALTER SYSTEM SET ssl_key_file = 'server.key'", 'SELECT pg_reload_conf()']) await pg.sql(statement);
  redis = new RedisServer(redisPort, undefined, ['--tls-port', String(redisTlsPort), '--tls-cert-file', server.cert, '--tls-key-file', server.key, '--tls-ca-cert-file', ca.cert, '--tls-auth-clients', 'no']);
  await redis.ready();
  writeFileSync(join(dir, 'pg-password'), `${MONITOR_PASSWORD}\n`);
});

afterAll(async () => {
  await Promise.all([pg?.destroy(), redis?.destroy()]);
});

it('PostgreSQL: verify-full with the target CA and the password from passwordFile, or from ${ENV}', async () => {
  const fromFile = configWith(`  postgres: [ { name: main, primary: "postgres://netsplit@127.0.0.1:${pgPort}/postgres", passwordFile: pg-password, tls: { caFile: ca.crt } } ]\n`);
  const fromEnv = configWith(`  postgres: [ { name: main, primary: "postgres://netsplit:\${PG_MONITOR_PASSWORD}@127.0.0.1:${pgPort}/postgres", tls: { caFile: ca.crt } } ]\n`, { PG_MONITOR_PASSWORD: MONITOR_PASSWORD });
  const observed = [];
  for (const config of [fromFile, fromEnv]) {
    observed.push(outcome(await observeOnce(() => postgresDriver.connect(config.targets.postgres[0]!.primary, { timeoutMs: 3000, log, tls: config.targetTls.postgres.main! }))));
  }
  expect(observed).toEqual(['reached', 'reached']);
  // The server saw TLS from the monitoring role (hostssl admits nothing else).
  const plain = await observeOnce(() => postgresDriver.connect(fromFile.targets.postgres[0]!.primary, { timeoutMs: 3000, log }));
  expect(outcome(plain)).toBe('auth');
});

it('PostgreSQL and Redis: a CA that did not sign the server reads tls', async () => {
  const wrong = configWith(
    `  postgres: [ { name: main, primary: "postgres://netsplit@127.0.0.1:${pgPort}/postgres", passwordFile: pg-password, tls: { caFile: other-ca.crt } } ]\n` +
      `  redis: [ { name: cache, primary: "rediss://127.0.0.1:${redisTlsPort}", tls: { caFile: other-ca.crt } } ]\n`,
  );
  const pgWrong = await observeOnce(() => postgresDriver.connect(wrong.targets.postgres[0]!.primary, { timeoutMs: 3000, log, tls: wrong.targetTls.postgres.main! }));
  const redisWrong = await observeOnce(() => redisDriver.connect(wrong.targets.redis[0]!.primary, { timeoutMs: 3000, log, tls: wrong.targetTls.redis.cache! }));
  expect([outcome(pgWrong), outcome(redisWrong)]).toEqual(['tls', 'tls']);
  const right = configWith(`  redis: [ { name: cache, primary: "rediss://127.0.0.1:${redisTlsPort}", tls: { caFile: ca.crt } } ]\n`);
  expect(outcome(await observeOnce(() => redisDriver.connect(right.targets.redis[0]!.primary, { timeoutMs: 3000, log, tls: right.targetTls.redis.cache! })))).toBe('reached');
});

it('names a missing variable and an unreadable passwordFile without any value; no log line carries the password', () => {
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, `cluster: c\nnode: n1\ninsecure: true\npeers: [ { name: n1, address: 127.0.0.1 } ]\ntargets:\n  postgres: [ { name: main, primary: "postgres://netsplit:\${NOPE}@127.0.0.1:5432/postgres", replicas: ["postgres://netsplit@127.0.0.2:5432/postgres"], passwordFile: missing } ]\n`);
  const loaded = loadConfigFile(file, {});
  expect(!loaded.ok && loaded.problems).toEqual([`${file}: targets.postgres[0].passwordFile: cannot read ${join(dir, 'missing')} (ENOENT): point it at a regular file holding the password`, `${file}: targets.postgres[0].primary: \${NOPE} is not set in the environment`]);
  expect(lines.filter((l) => l.includes(MONITOR_PASSWORD))).toEqual([]);
});
