/**
 * The exporter-toolkit web configuration file (`--web.config.file`), as Go exporters read it:
 * TLS for the HTTP endpoints, basic auth users with bcrypt hashes, and response headers.
 * https://github.com/prometheus/exporter-toolkit/blob/master/docs/web-configuration.md
 * Parsed into what Node's tls module takes; every problem is named by its key and file.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';

export const CLIENT_AUTH_TYPES = ['NoClientCert', 'RequestClientCert', 'RequireAnyClientCert', 'VerifyClientCertIfGiven', 'RequireAndVerifyClientCert'] as const;
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];
const TLS_VERSIONS = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;

const schema = z
  .object({
    tls_server_config: z
      .object({
        cert_file: z.string().min(1),
        key_file: z.string().min(1),
        client_auth_type: z.enum(CLIENT_AUTH_TYPES).default('NoClientCert'),
        client_ca_file: z.string().min(1).optional(),
        min_version: z.enum(Object.keys(TLS_VERSIONS) as [keyof typeof TLS_VERSIONS]).default('TLS12'),
      })
      .strict()
      .optional(),
    http_server_config: z
      .object({
        headers: z.record(z.string(), z.string()).default({}),
        // exporter-toolkit's key; Node's http server speaks HTTP/1.1 here, so only false is meaningful.
        http2: z.boolean().optional(),
      })
      .strict()
      .optional(),
    basic_auth_users: z
      .record(
        z.string().min(1),
        z.string().regex(/^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/, 'expected a bcrypt hash ($2y$10$...), e.g. from htpasswd -nbBC 10 "" PASSWORD'),
      )
      .default({}),
  })
  .strict();

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer;
  minVersion: (typeof TLS_VERSIONS)[keyof typeof TLS_VERSIONS];
  clientAuth: ClientAuthType;
  /** The files read, watched for changes (cert-manager rotates them). */
  files: string[];
}

export interface WebConfig {
  tls?: TlsMaterial;
  headers: Record<string, string>;
  /** user → bcrypt hash; empty: no basic auth. */
  users: Record<string, string>;
  /** Every file this config was read from, the web config itself first. */
  files: string[];
}

export type WebConfigResult = { ok: true; config: WebConfig } | { ok: false; problems: string[] };

/** Reads and checks a web config file and the certificate files it names. Never throws. */
export function loadWebConfig(file: string): WebConfigResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`${file}: cannot read the web config (${(error as NodeJS.ErrnoException).code ?? String(error)})`] };
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) return { ok: false, problems: doc.errors.map((e) => `${file}: YAML syntax: ${e.message.split('\n')[0]}`) };
  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    // Messages name keys, never values: basic_auth_users' values are password hashes.
    return { ok: false, problems: parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(top)'}: ${i.code === z.ZodIssueCode.unrecognized_keys ? `unknown key(s) ${i.keys.join(', ')}` : i.message}`) };
  }
  const raw = parsed.data;
  const problems: string[] = [];
  const path = (p: string) => (isAbsolute(p) ? p : resolve(dirname(file), p));
  const read = (key: string, p: string): Buffer | undefined => {
    try {
      return readFileSync(path(p));
    } catch (error) {
      problems.push(`${file}: ${key}: cannot read ${path(p)} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      return undefined;
    }
  };
  let tls: TlsMaterial | undefined;
  const t = raw.tls_server_config;
  if (t !== undefined) {
    const cert = read('tls_server_config.cert_file', t.cert_file);
    const key = read('tls_server_config.key_file', t.key_file);
    const ca = t.client_ca_file === undefined ? undefined : read('tls_server_config.client_ca_file', t.client_ca_file);
    if ((t.client_auth_type === 'VerifyClientCertIfGiven' || t.client_auth_type === 'RequireAndVerifyClientCert') && t.client_ca_file === undefined) {
      problems.push(`${file}: tls_server_config.client_ca_file: required with client_auth_type ${t.client_auth_type}: the CA that signs client certificates`);
    }
    if (cert !== undefined && key !== undefined) {
      const files = [path(t.cert_file), path(t.key_file), ...(t.client_ca_file === undefined ? [] : [path(t.client_ca_file)])];
      tls = { cert, key, ...(ca === undefined ? {} : { ca }), minVersion: TLS_VERSIONS[t.min_version], clientAuth: t.client_auth_type, files };
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: { ...(tls === undefined ? {} : { tls }), headers: raw.http_server_config?.headers ?? {}, users: raw.basic_auth_users, files: [file, ...(tls?.files ?? [])] } };
}
