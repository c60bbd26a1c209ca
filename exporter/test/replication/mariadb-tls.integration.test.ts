/**
 * The MySQL/MariaDB probe over TLS against a real Debian MariaDB whose monitoring
 * user must come over TLS (REQUIRE SSL), with openssl certificates and the password from
 * passwordFile: verified against the target's CA it answers; without TLS the server refuses
 * (auth); a CA that did not sign the server reads tls.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, type Config } from '../../src/config/load';
import { createLogger } from '../../src/log';
import { mysqlDriver } from '../../src/probes/mysql';
import type { InstanceObservation } from '../../src/probes/replication-model';
import { makeCa, makeLeaf } from '../support/openssl-certs';
import { freePorts } from '../support/etcd-loopback';
import { MariadbServer, MONITOR_PASSWORD } from './mariadb-servers';

jest.setTimeout(180_000);

const dir = mkdtempSync(join(tmpdir(), 'netsplit-mariadb-tls-'));
const ca = makeCa(dir, 'ca');
makeCa(dir, 'other-ca'); // named in a config below as other-ca.crt
const server = makeLeaf(dir, 'server', ca);
const lines: string[] = [];
const log = createLogger({ node: 'n1' }, 'debug', (line) => lines.push(line));
let db: MariadbServer;

function configWith(target: string): Config {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `cluster: c\nnode: n1\ninsecure: true\npeers: [ { name: n1, address: 127.0.0.1 } ]\ntargets:\n  mysql: [ ${target} ]\n`);
  const loaded = loadConfigFile(file, {});
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return loaded.config;
}

async function observe(config: Config, withTls = true): Promise<string> {
  const tls = config.targetTls.mysql.legacy;
  const probe = mysqlDriver.connect(config.targets.mysql[0]!.primary, { timeoutMs: 5000, log, ...(withTls && tls !== undefined ? { tls } : {}) });
  try {
    const o: InstanceObservation = await probe.observe(5000);
    return o.reached ? 'reached' : o.kind;
  } finally {
    await probe.close();
  }
}

beforeAll(async () => {
  const [port] = await freePorts(1);
  db = await MariadbServer.primary(port!);
  await db.stop();
  const defaults = readFileSync(db.defaults, 'utf8').replace('[mariadbd]\n', `[mariadbd]\nssl_cert=${server.cert}\nssl_key=${server.key}\nssl_ca=${ca.cert}\n`);
  writeFileSync(db.defaults, defaults);
  await db.launch();
  await db.sql("ALTER USER 'netsplit'@'%' REQUIRE SSL");
  writeFileSync(join(dir, 'password'), MONITOR_PASSWORD);
});

afterAll(async () => {
  await db?.destroy();
});

it('answers over TLS verified against the CA, refuses without TLS, and reads tls with the wrong CA', async () => {
  const url = `"mysql://netsplit@127.0.0.1:${db.port}"`;
  const right = configWith(`{ name: legacy, primary: ${url}, passwordFile: password, tls: { caFile: ca.crt } }`);
  const wrong = configWith(`{ name: legacy, primary: ${url}, passwordFile: password, tls: { caFile: other-ca.crt } }`);
  expect([await observe(right), await observe(right, false), await observe(wrong)]).toEqual(['reached', 'auth', 'tls']);
  expect(lines.filter((l) => l.includes(MONITOR_PASSWORD))).toEqual([]);
});
