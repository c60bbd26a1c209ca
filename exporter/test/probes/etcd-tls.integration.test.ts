/**
 * The etcd probe over TLS against a real etcd 3.4 with --client-cert-auth and a trusted CA,
 * certificates made with openssl: probed correctly with a client certificate; a
 * missing client certificate, a wrong CA and a name mismatch each read failure kind `tls`
 * naming what to fix.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientTls } from '../../src/config/load';
import { createEndpointProber, type EndpointObservation } from '../../src/probes/etcd';
import { makeCa, makeLeaf } from '../support/openssl-certs';
import { ETCD_BINARY, eventually, freePorts, requireEtcd } from '../support/etcd-loopback';

jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'netsplit-etcd-tls-'));
let etcd: ChildProcess;
let endpoint = '';
const ca = makeCa(dir, 'ca');
const otherCa = makeCa(dir, 'other-ca');
// The server certificate names 127.0.0.1 and "etcd-1"; a second one names only 127.0.0.2 (for the mismatch).
const server = makeLeaf(dir, 'server', ca, '127.0.0.1', 'etcd-1');
const client = makeLeaf(dir, 'client', ca);

const material = (files: { caFile: string; certFile?: string; keyFile?: string; serverName?: string }): ClientTls => ({
  ca: readFileSync(files.caFile),
  caFile: files.caFile,
  ...(files.certFile === undefined ? {} : { cert: readFileSync(files.certFile), certFile: files.certFile }),
  ...(files.keyFile === undefined ? {} : { key: readFileSync(files.keyFile) }),
  ...(files.serverName === undefined ? {} : { serverName: files.serverName }),
});

async function probe(url: string, tls: ClientTls): Promise<EndpointObservation> {
  const prober = createEndpointProber(url, 2000, 1000, tls);
  try {
    return await prober.probe();
  } finally {
    prober.close();
  }
}

beforeAll(async () => {
  requireEtcd();
  const [clientPort, peerPort] = await freePorts(2);
  endpoint = `https://127.0.0.1:${clientPort}`;
  etcd = spawn(
    ETCD_BINARY,
    [
      '--name', 'tls1', '--data-dir', join(dir, 'data'),
      '--listen-client-urls', endpoint, '--advertise-client-urls', endpoint,
      '--listen-peer-urls', `http://127.0.0.1:${peerPort}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort}`,
      '--initial-cluster', `tls1=http://127.0.0.1:${peerPort}`,
      '--cert-file', server.cert, '--key-file', server.key, '--client-cert-auth', '--trusted-ca-file', ca.cert,
      '--logger', 'zap', '--log-outputs', join(dir, 'etcd.log'),
    ],
    { stdio: 'ignore' },
  );
  const good = material({ caFile: ca.cert, certFile: client.cert, keyFile: client.key });
  await eventually(() => probe(endpoint, good), (o) => o.up, 30_000, 300);
});

afterAll(async () => {
  if (etcd.exitCode === null) {
    etcd.kill('SIGTERM');
    await new Promise((resolve) => etcd.once('exit', resolve));
  }
});

it('probes etcd with --client-cert-auth when given the CA and a client certificate', async () => {
  const o = await probe(endpoint, material({ caFile: ca.cert, certFile: client.cert, keyFile: client.key }));
  expect({ up: o.up, linearizable: o.linearizable, members: o.members?.map((m) => m.name), tlsFailure: o.tlsFailure }).toEqual({ up: true, linearizable: 'ok', members: ['tls1'], tlsFailure: undefined });
});

it('reads tls, naming the missing client certificate, the wrong CA file and the name mismatch', async () => {
  const noClientCert = await probe(endpoint, material({ caFile: ca.cert }));
  const wrongCa = await probe(endpoint, material({ caFile: otherCa.cert, certFile: client.cert, keyFile: client.key }));
  const mismatch = await probe(endpoint, material({ caFile: ca.cert, certFile: client.cert, keyFile: client.key, serverName: 'etcd-2' }));
  const named = await probe(endpoint, material({ caFile: ca.cert, certFile: client.cert, keyFile: client.key, serverName: 'etcd-1' }));
  expect({ up: [noClientCert.up, wrongCa.up, mismatch.up, named.up] }).toEqual({ up: [false, false, false, true] });
  expect(noClientCert.tlsFailure).toMatch(/\(the server refused the connection: it asks for a client certificate; set tls\.certFile and tls\.keyFile\)$/);
  expect(wrongCa.tlsFailure).toMatch(new RegExp(`\\(the server certificate is not signed by ${otherCa.cert.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`));
  expect(mismatch.tlsFailure).toMatch(/\(the server certificate does not name etcd-2; set tls\.serverName to a name it holds\)$/);
});
