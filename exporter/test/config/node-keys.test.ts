import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../src/config/load';
import { writeNodeKey } from '../../src/mesh/key-file';

const dir = mkdtempSync(join(tmpdir(), 'netsplit-keys-'));
const key = (name: string) => {
  const written = writeNodeKey(join(dir, `${name}.pem`));
  if (!written.ok) throw new Error(written.problem);
  return written.publicKey;
};
const k1 = key('n1');
const k2 = key('n2');

function load(body: string) {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `cluster: c\nnode: n1\ninsecure: true\n${body}`);
  return { file, result: loadConfigFile(file, {}) };
}

describe('per-node keys in the config', () => {
  it('--gen-key writes a PKCS#8 PEM readable by its owner only, and refuses to overwrite it', () => {
    expect(readFileSync(join(dir, 'n1.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(statSync(join(dir, 'n1.pem')).mode & 0o777).toBe(0o600);
    expect(k1).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(writeNodeKey(join(dir, 'n1.pem'))).toEqual({ ok: false, problem: `cannot write ${join(dir, 'n1.pem')} (EEXIST): it exists; remove it first or choose another file` });
  });

  it('loads keyFile and every peer publicKey', () => {
    const { result } = load(`keyFile: n1.pem\npeers:\n  - { name: n1, address: 10.0.0.1, publicKey: ${k1} }\n  - { name: n2, address: 10.0.0.2, publicKey: ${k2} }\n`);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect([...result.config.keys!.publicKeys.keys()]).toEqual(['n1', 'n2']);
    expect(result.config.keys!.privateKey.asymmetricKeyType).toBe('ed25519');
  });

  it('is all or nothing: a peer without publicKey, or keys without keyFile, is a problem', () => {
    const partial = load(`keyFile: n1.pem\npeers:\n  - { name: n1, address: 10.0.0.1, publicKey: ${k1} }\n  - { name: n2, address: 10.0.0.2 }\n`);
    expect(!partial.result.ok && partial.result.problems).toEqual([`${partial.file}: peers[1].publicKey: required when keyFile is set: every member signs its rows; print its key with netsplit-exporter --gen-key on that member`]);
    const noFile = load(`peers:\n  - { name: n1, address: 10.0.0.1, publicKey: ${k1} }\n`);
    expect(!noFile.result.ok && noFile.result.problems).toEqual([`${noFile.file}: keyFile: required when peers have publicKey: this node's private key, made by netsplit-exporter --gen-key FILE`]);
  });

  it("refuses a keyFile that is not this node's published key, and a file that is not a key, without quoting it", () => {
    const swapped = load(`keyFile: n2.pem\npeers:\n  - { name: n1, address: 10.0.0.1, publicKey: ${k1} }\n  - { name: n2, address: 10.0.0.2, publicKey: ${k2} }\n`);
    expect(!swapped.result.ok && swapped.result.problems).toEqual([
      `${swapped.file}: keyFile: ${join(dir, 'n2.pem')} is not the key of n1's peers[].publicKey (its public key is ${k2}): distribute that, or point keyFile at n1's own key`,
    ]);
    writeFileSync(join(dir, 'garbage.pem'), 'TOP-SECRET-NOT-A-KEY');
    const garbage = load(`keyFile: garbage.pem\npeers:\n  - { name: n1, address: 10.0.0.1, publicKey: ${k1} }\n`);
    expect(!garbage.result.ok && garbage.result.problems).toEqual([`${garbage.file}: keyFile: ${join(dir, 'garbage.pem')}: not a PEM private key (make one with --gen-key or openssl genpkey -algorithm ed25519)`]);
    const badPublic = load(`keyFile: n1.pem\npeers:\n  - { name: n1, address: 10.0.0.1, publicKey: ${k1} }\n  - { name: n2, address: 10.0.0.2, publicKey: "${'A'.repeat(42)}" }\n`);
    expect(!badPublic.result.ok && badPublic.result.problems).toEqual([`${badPublic.file}: peers[1].publicKey: publicKey: expected an Ed25519 public key, 43 base64url characters as printed by netsplit-exporter --gen-key`]);
  });
});
