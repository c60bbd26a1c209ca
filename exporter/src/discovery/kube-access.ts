/**
 * How to reach the Kubernetes API: the in-cluster service account (token, CA and the
 * KUBERNETES_SERVICE_HOST/PORT environment) or a kubeconfig file (its current context: server,
 * CA, token or client certificate). The token is a secret: it is read at each request (service
 * account tokens rotate), sent only in the Authorization header, and never put in a message.
 * Exec and auth-provider plugins of kubeconfig are not supported: the problem says so.
 */
import { isAbsolute, dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { readBounded } from '../config/read-bounded';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const MAX_FILE_BYTES = 256 * 1024;

export interface KubeAccess {
  server: URL;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** kubeconfig's insecure-skip-tls-verify. */
  skipVerify: boolean;
  /** The bearer token now, if any. */
  token(): string | undefined;
}

function readFile(path: string, what: string): Buffer | string {
  const read = readBounded(path, MAX_FILE_BYTES);
  return read.ok ? read.bytes : `cannot read ${what} ${path} (${read.errno ?? read.reason})`;
}

/** Access from inside a pod; a string names what is missing. */
export function inClusterAccess(env: NodeJS.ProcessEnv, dir = SERVICE_ACCOUNT_DIR): KubeAccess | string {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (host === undefined || host === '' || port === undefined || port === '') {
    return 'KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set: not running in a pod; set discovery.kubernetes.kubeconfig';
  }
  const ca = readFile(join(dir, 'ca.crt'), 'the service account CA');
  if (typeof ca === 'string') return `${ca}: mount the service account token (automountServiceAccountToken: true)`;
  const tokenFile = join(dir, 'token');
  const first = readFile(tokenFile, 'the service account token');
  if (typeof first === 'string') return `${first}: mount the service account token (automountServiceAccountToken: true)`;
  const server = new URL(`https://${host.includes(':') ? `[${host}]` : host}:${port}`);
  return {
    server,
    ca,
    skipVerify: false,
    token: () => {
      const read = readBounded(tokenFile, MAX_FILE_BYTES);
      return read.ok ? read.bytes.toString('utf8').trim() : undefined;
    },
  };
}

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Access from a kubeconfig file's current context; a string names the problem (never a credential). */
export function kubeconfigAccess(file: string): KubeAccess | string {
  const read = readFile(file, 'the kubeconfig');
  if (typeof read === 'string') return read;
  let config: Record<string, unknown>;
  try {
    config = record(parse(read.toString('utf8'), { maxAliasCount: 100 }));
  } catch {
    return `${file} is not YAML`;
  }
  const named = (list: unknown, name: string | undefined): Record<string, unknown> => record((Array.isArray(list) ? list.map(record) : []).find((entry) => entry.name === name));
  const contextName = str(config['current-context']);
  if (contextName === undefined) return `${file} has no current-context: set one with kubectl config use-context`;
  const context = record(named(config.contexts, contextName).context);
  const cluster = record(named(config.clusters, str(context.cluster)).cluster);
  const user = record(named(config.users, str(context.user)).user);
  const serverText = str(cluster.server);
  if (serverText === undefined) return `${file}: the cluster of context ${contextName} has no server`;
  let server: URL;
  try {
    server = new URL(serverText);
  } catch {
    return `${file}: the server of context ${contextName} is not a URL`;
  }
  if (user.exec !== undefined || user['auth-provider'] !== undefined) {
    return `${file}: the user of context ${contextName} uses an exec or auth-provider plugin, which netsplit does not run: use a service account token (token or tokenFile) or a client certificate`;
  }
  const base = dirname(file);
  const material = (dataKey: string, fileKey: string, what: string): Buffer | string | undefined => {
    const data = str(user[dataKey] ?? cluster[dataKey]);
    if (data !== undefined) return Buffer.from(data, 'base64');
    const path = str(user[fileKey] ?? cluster[fileKey]);
    return path === undefined ? undefined : readFile(isAbsolute(path) ? path : resolve(base, path), what);
  };
  const ca = material('certificate-authority-data', 'certificate-authority', 'the cluster CA');
  const cert = material('client-certificate-data', 'client-certificate', 'the client certificate');
  const key = material('client-key-data', 'client-key', 'the client key');
  for (const problem of [ca, cert, key]) if (typeof problem === 'string') return `${file}: ${problem}`;
  const token = str(user.token);
  const tokenFile = str(user.tokenFile);
  const tokenPath = tokenFile === undefined ? undefined : isAbsolute(tokenFile) ? tokenFile : resolve(base, tokenFile);
  return {
    server,
    ...(ca === undefined ? {} : { ca: ca as Buffer }),
    ...(cert === undefined ? {} : { cert: cert as Buffer }),
    ...(key === undefined ? {} : { key: key as Buffer }),
    skipVerify: cluster['insecure-skip-tls-verify'] === true,
    token: () => {
      if (tokenPath === undefined) return token;
      const read = readBounded(tokenPath, MAX_FILE_BYTES);
      return read.ok ? read.bytes.toString('utf8').trim() : undefined;
    },
  };
}
