import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../src/config/load';

const dir = mkdtempSync(join(tmpdir(), 'netsplit-etcd-tls-config-'));
writeFileSync(join(dir, 'ca.crt'), 'CA-BYTES');
writeFileSync(join(dir, 'client.crt'), 'CERT-BYTES');
writeFileSync(join(dir, 'client.key'), 'SECRET-KEY-BYTES');

function load(tls: string) {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `cluster: c\nnode: n1\ninsecure: true\npeers: [ { name: n1, address: 127.0.0.1 } ]\ntargets:\n  etcd: [ { name: main, endpoints: ["https://127.0.0.1:2379"], tls: ${tls} } ]\n`);
  return { file, result: loadConfigFile(file, {}) };
}

describe('targets.etcd[].tls', () => {
  it('reads the CA, the client certificate and key relative to the config file', () => {
    const { result } = load('{ caFile: ca.crt, certFile: client.crt, keyFile: client.key, serverName: etcd-1 }');
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const tls = result.config.targetTls.etcd.main!;
    expect({ ca: tls.ca.toString(), cert: tls.cert?.toString(), key: tls.key?.toString(), caFile: tls.caFile, serverName: tls.serverName }).toEqual({ ca: 'CA-BYTES', cert: 'CERT-BYTES', key: 'SECRET-KEY-BYTES', caFile: join(dir, 'ca.crt'), serverName: 'etcd-1' });
  });

  it('names an unreadable file and a certificate without its key, never quoting a file', () => {
    const missing = load('{ caFile: nope.crt }');
    expect(!missing.result.ok && missing.result.problems).toEqual([`${missing.file}: targets.etcd[0].tls.caFile: cannot read ${join(dir, 'nope.crt')} (ENOENT): point it at a regular PEM file`]);
    const half = load('{ caFile: ca.crt, certFile: client.crt }');
    expect(!half.result.ok && half.result.problems).toEqual([`${half.file}: targets.etcd[0].tls.certFile: certFile and keyFile go together: the client certificate and its key`]);
  });
});
