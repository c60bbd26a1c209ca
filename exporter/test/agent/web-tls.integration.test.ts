/**
 * TLS, basic auth and headers on the agent's HTTP endpoints from an exporter-toolkit web config
 *, with openssl-made certificates and a real Prometheus (Debian's 2.42) scraping:
 * over TLS with basic auth, with a client certificate, and refused without credentials, without
 * a certificate and over plain http. The two agents pull each other's views over https with
 * client certificates. Certificates and users are reloaded when their files change.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import bcrypt from 'bcryptjs';
import { startAgent, type RunningAgent } from '../../src/agent';
import { createLogger } from '../../src/log';
import { makeCa, makeLeaf, type CertFiles } from '../support/openssl-certs';
import { eventually, freePorts, loopbackConfig, metricsText, roleOf } from './helpers';

jest.setTimeout(120_000);

const dir = mkdtempSync(join(tmpdir(), 'netsplit-tls-'));
const names = ['n1', 'n2'];
const PASSWORD = 'scrape-password-7f3a';
let ca: CertFiles;
let ports: number[];
const agents = new Map<string, RunningAgent>();
const logLines: string[] = [];
let prometheus: ChildProcess | undefined;
let promPort = 0;

function writeWebConfig(file: string, config: Record<string, unknown>): void {
  writeFileSync(file, stringify(config));
}

beforeAll(async () => {
  if (spawnSync('prometheus', ['--version']).error) throw new Error('prometheus is missing: apt-get install prometheus (.ci/run does)');
  ca = makeCa(dir);
  for (const n of names) makeLeaf(dir, n, ca);
  makeLeaf(dir, 'prometheus', ca);
  ports = await freePorts(3);
  promPort = ports[2]!;
  // n1: TLS + basic auth + a header; n2: TLS requiring a client certificate from the cluster CA.
  writeWebConfig(join(dir, 'web-n1.yml'), {
    tls_server_config: { cert_file: 'n1.crt', key_file: 'n1.key', client_ca_file: 'ca.crt', client_auth_type: 'VerifyClientCertIfGiven' },
    basic_auth_users: { prometheus: bcrypt.hashSync(PASSWORD, 10) },
    http_server_config: { headers: { 'X-Frame-Options': 'deny' } },
  });
  writeWebConfig(join(dir, 'web-n2.yml'), { tls_server_config: { cert_file: 'n2.crt', key_file: 'n2.key', client_ca_file: 'ca.crt', client_auth_type: 'RequireAndVerifyClientCert', min_version: 'TLS13' } });
  for (const n of names) {
    const config = { ...loopbackConfig(n, names, ports), webConfigFile: join(dir, `web-${n}.yml`) };
    agents.set(n, await startAgent(config, createLogger({ node: n }, 'info', (line) => logLines.push(line))));
  }
  writeFileSync(join(dir, 'password'), PASSWORD);
  const job = (name: string, port: number, extra: Record<string, unknown>) => ({ job_name: name, scrape_interval: '1s', static_configs: [{ targets: [`127.0.0.1:${port}`] }], ...extra });
  const tlsCa = { ca_file: ca.cert };
  writeFileSync(
    join(dir, 'prometheus.yml'),
    stringify({
      scrape_configs: [
        job('basic', ports[0]!, { scheme: 'https', tls_config: tlsCa, basic_auth: { username: 'prometheus', password_file: join(dir, 'password') } }),
        job('no_credentials', ports[0]!, { scheme: 'https', tls_config: tlsCa }),
        job('plain_http', ports[0]!, { scheme: 'http', basic_auth: { username: 'prometheus', password_file: join(dir, 'password') } }),
        job('client_cert', ports[1]!, { scheme: 'https', tls_config: { ...tlsCa, cert_file: join(dir, 'prometheus.crt'), key_file: join(dir, 'prometheus.key') } }),
        job('no_client_cert', ports[1]!, { scheme: 'https', tls_config: tlsCa }),
      ],
    }),
  );
  prometheus = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${promPort}`], { stdio: 'ignore' });
});

afterAll(async () => {
  if (prometheus?.pid !== undefined && prometheus.exitCode === null) {
    prometheus.kill('SIGTERM');
    await new Promise((resolve) => prometheus!.once('exit', resolve));
  }
  await Promise.all([...agents.values()].map((a) => a.stop()));
});

interface Target {
  labels: { job: string };
  health: string;
  lastError: string;
}
const targets = async (): Promise<Record<string, string>> => {
  try {
    const body = (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/targets`)).json()) as { data: { activeTargets: Target[] } };
    return Object.fromEntries(body.data.activeTargets.map((t) => [t.labels.job, t.health]).sort());
  } catch {
    return {};
  }
};

it('a real Prometheus scrapes over TLS with basic auth and with a client certificate; no credentials, no certificate and plain http are refused', async () => {
  const expected = { basic: 'up', client_cert: 'up', no_client_cert: 'down', no_credentials: 'down', plain_http: 'down' };
  const seen = await eventually(targets, (t) => JSON.stringify(t) === JSON.stringify(expected), 60_000);
  expect(seen).toEqual(expected);
  const body = (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/targets`)).json()) as { data: { activeTargets: Target[] } };
  expect(body.data.activeTargets.find((t) => t.labels.job === 'no_credentials')!.lastError).toBe('server returned HTTP status 401 Unauthorized');
});

it('the agents pull each other over https with their certificates and are healthy', async () => {
  const roles = await eventually(async () => Promise.all(names.map(async (n) => roleOf(await metricsText(agents.get(n)!)))), (r) => r.every((x) => x === 'healthy'), 20_000);
  expect(roles).toEqual(['healthy', 'healthy']);
  const text = await metricsText(agents.get('n1')!);
  expect(text).toMatch(/netsplit_view_pulls_total\{peer="n2",result="ok"[^}]*\} [1-9]/);
});

/** A raw HTTP/1.1 GET to n1 over TLS (fetch cannot be given a CA), with status and headers. */
const agentFetch = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: ports[0]!, ca: readFileSync(ca.cert), servername: 'localhost' }, () => {
        socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
      });
      let raw = '';
      socket.on('data', (d) => (raw += d.toString()));
      socket.on('end', () => {
        const [head] = raw.split('\r\n\r\n');
        const lines = head!.split('\r\n');
        resolve({ status: Number(lines[0]!.split(' ')[1]), headers: Object.fromEntries(lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()])) });
      });
      socket.on('error', reject);
    });

it('answers 401 with WWW-Authenticate without credentials, sets the configured header, and keeps /api/v1/view on its own auth', async () => {
  const get = agentFetch;
  const none = await get('/metrics');
  expect({ status: none.status, auth: none.headers['www-authenticate'], frame: none.headers['x-frame-options'] }).toEqual({ status: 401, auth: 'Basic realm="netsplit"', frame: 'deny' });
  const wrong = await get('/metrics', { authorization: `Basic ${Buffer.from('prometheus:nope').toString('base64')}` });
  expect(wrong.status).toBe(401);
  const right = await get('/healthz', { authorization: `Basic ${Buffer.from(`prometheus:${PASSWORD}`).toString('base64')}` });
  expect(right.status).toBe(200);
  // The peer API is not behind basic auth (peers sign their requests): unsigned, it answers the Netsplit challenge.
  const view = await get('/api/v1/view');
  expect({ status: view.status, auth: view.headers['www-authenticate'] }).toEqual({ status: 401, auth: 'Netsplit' });
});

it('reloads a rotated certificate and changed users without a restart', async () => {
  const serial = () =>
    new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: ports[0]!, ca: readFileSync(ca.cert), servername: 'localhost' }, () => {
        resolve(socket.getPeerCertificate().serialNumber);
        socket.end();
      });
      socket.on('error', reject);
    });
  const before = await serial();
  const rotated = makeLeaf(dir, 'n1-rotated', ca);
  copyFileSync(rotated.key, join(dir, 'n1.key'));
  copyFileSync(rotated.cert, join(dir, 'n1.crt'));
  const after = await eventually(serial, (s) => s !== before, 15_000);
  expect(after).toBe(spawnSync('openssl', ['x509', '-noout', '-serial', '-in', rotated.cert], { encoding: 'utf8' }).stdout.trim().replace('serial=', ''));
  expect(logLines.some((l) => l.includes('"web config reloaded"'))).toBe(true);
  // A new password replaces the old one.
  const status = async (password: string) => (await agentFetch('/healthz', { authorization: `Basic ${Buffer.from(`prometheus:${password}`).toString('base64')}` })).status;
  const web = readFileSync(join(dir, 'web-n1.yml'), 'utf8');
  writeFileSync(join(dir, 'web-n1.yml'), web.replace(/\$2[aby]\$[^\s"']+/, bcrypt.hashSync('the-new-password', 10)));
  expect(await eventually(() => status(PASSWORD), (s) => s === 401, 15_000)).toBe(401);
  expect(await status('the-new-password')).toBe(200);
  // Nothing secret reached a log line: not the password, not a hash, not a key.
  const hash = readFileSync(join(dir, 'web-n1.yml'), 'utf8').match(/\$2[aby]\$[^\s"']+/)![0];
  const leaked = logLines.filter((l) => l.includes(PASSWORD) || l.includes(hash) || l.includes('PRIVATE KEY'));
  expect(leaked).toEqual([]);
});
