import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWebConfig } from '../../src/server/web-config';

const dir = mkdtempSync(join(tmpdir(), 'netsplit-web-config-'));
writeFileSync(join(dir, 'tls.crt'), 'CERT');
writeFileSync(join(dir, 'tls.key'), 'KEY');
const HASH = '$2y$10$' + 'a'.repeat(53);

function load(text: string) {
  const file = join(dir, `w${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(file, text);
  return { file, result: loadWebConfig(file) };
}

describe('exporter-toolkit web config', () => {
  it('reads TLS files relative to itself, users, headers, and defaults to TLS 1.2 without client certificates', () => {
    const { file, result } = load(`tls_server_config: { cert_file: tls.crt, key_file: tls.key }\nbasic_auth_users: { prometheus: "${HASH}" }\nhttp_server_config: { headers: { X-Frame-Options: deny } }\n`);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const { tls, users, headers, files } = result.config;
    expect({ cert: tls?.cert.toString(), key: tls?.key.toString(), min: tls?.minVersion, auth: tls?.clientAuth, users: Object.keys(users), headers, files }).toEqual({
      cert: 'CERT',
      key: 'KEY',
      min: 'TLSv1.2',
      auth: 'NoClientCert',
      users: ['prometheus'],
      headers: { 'X-Frame-Options': 'deny' },
      files: [file, join(dir, 'tls.crt'), join(dir, 'tls.key')],
    });
  });

  it('names every problem by key, and never prints a password hash', () => {
    const { file, result } = load(`tls_server_config: { cert_file: nope.crt, key_file: tls.key, client_auth_type: RequireAndVerifyClientCert }\nbasic_auth_users: { prometheus: "plain-text-password" }\n`);
    expect(!result.ok && result.problems).toEqual([`${file}: basic_auth_users.prometheus: expected a bcrypt hash ($2y$10$...), e.g. from htpasswd -nbBC 10 "" PASSWORD`]);
    const second = load(`tls_server_config: { cert_file: nope.crt, key_file: tls.key, client_auth_type: RequireAndVerifyClientCert, min_version: TLS14 }\n`);
    expect(!second.result.ok && second.result.problems.length).toBe(1);
    const third = load(`tls_server_config: { cert_file: nope.crt, key_file: tls.key, client_auth_type: RequireAndVerifyClientCert }\nunknown_key: 1\n`);
    expect(!third.result.ok && third.result.problems).toEqual([`${third.file}: (top): unknown key(s) unknown_key`]);
    const fourth = load(`tls_server_config: { cert_file: nope.crt, key_file: tls.key, client_auth_type: RequireAndVerifyClientCert }\n`);
    expect(!fourth.result.ok && fourth.result.problems).toEqual([
      `${fourth.file}: tls_server_config.cert_file: cannot read ${join(dir, 'nope.crt')} (ENOENT)`,
      `${fourth.file}: tls_server_config.client_ca_file: required with client_auth_type RequireAndVerifyClientCert: the CA that signs client certificates`,
    ]);
    const all = [result, second.result, third.result, fourth.result].flatMap((r) => (r.ok ? [] : r.problems)).join('\n');
    expect(all.includes('plain-text-password')).toBe(false);
  });
});
