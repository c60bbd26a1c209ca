/**
 * Probes the Kubernetes API server as this node sees it: `/readyz?verbose` (every readiness
 * check, `etcd` among them) and `/livez`, in parallel, with the target's bearer token and TLS.
 *
 * The wire format is the apiserver's healthz handler (k8s.io/apiserver/pkg/server/healthz): one
 * line per check, `[+]<name> ok`, `[+]<name> excluded: ok` or `[-]<name> failed: reason withheld`,
 * then `readyz check passed` (200) or `readyz check failed` (500), as text/plain. A body without
 * that last line was cut short and is refused.
 *
 * "Reachable" means the API server answered at all (a 500 with failing checks, or a 401/403 for
 * the token, is an answer): what separates "this side cannot reach the control plane" (kubelets
 * here will go NotReady) from "the control plane is unwell".
 */
import { readBounded } from '../config/read-bounded';
import type { ClientTls } from '../config/load';
import { AnswerFormatError, firstLine, httpGet, HttpStatusError, redact, withRequests, withTlsHint, wrongContentType } from './http-get';
import type { ProbeFailure, ProbeSpec } from './runner';

export interface KubernetesTarget {
  name: string;
  url: URL;
  tokenFile?: string;
  tls?: ClientTls;
  deadlineMs: number;
}

export interface ReadyzCheck {
  name: string;
  ok: boolean;
}

export interface ApiServerObservation {
  /** The API server answered /readyz (any status, 401/403 included). */
  reachable: boolean;
  /** /readyz answered 200 (undefined when it did not answer with its check list). */
  ready?: boolean;
  /** /livez answered 200 (undefined when it did not answer). */
  live?: boolean;
  checks: ReadyzCheck[];
  /** Why the probe did not get the check list (absent when it did). */
  failure?: ProbeFailure;
}

/** Service-account tokens are a few KiB; anything larger is not one. */
const MAX_TOKEN_BYTES = 64 * 1024;

/** Words that say another server answered: a reverse proxy's page, not the apiserver's checks. */
export const KUBERNETES_WRONG_SERVER = /expected text\/plain|no readyz check lines/;

/** Parses the body of /readyz?verbose (200 or 500); throws when it is not the healthz format. */
export function parseReadyz(body: string): { passed: boolean; checks: ReadyzCheck[] } {
  const checks: ReadyzCheck[] = [];
  let verdict: boolean | undefined;
  for (const raw of body.split('\n')) {
    const line = raw.trimEnd();
    const check = /^\[([+-])\](\S+) (ok|excluded: ok|failed: .*)$/.exec(line);
    if (check !== null) {
      checks.push({ name: check[2]!, ok: check[1] === '+' });
      continue;
    }
    const end = /^readyz check (passed|failed)$/.exec(line);
    if (end !== null) verdict = end[1] === 'passed';
  }
  if (verdict === undefined) throw new AnswerFormatError(checks.length === 0 ? '/readyz: no readyz check lines in the answer' : '/readyz: answer truncated (no "readyz check passed/failed" line)');
  return { passed: verdict, checks };
}

function bearer(target: KubernetesTarget): { headers: Record<string, string>; secrets: string[] } {
  if (target.tokenFile === undefined) return { headers: {}, secrets: [] };
  const read = readBounded(target.tokenFile, MAX_TOKEN_BYTES);
  if (!read.ok) throw Object.assign(new Error(`cannot read the token file ${target.tokenFile} (${read.reason})`), { code: 'TOKEN_UNREADABLE' });
  const token = read.bytes.toString('utf8').trim();
  return { headers: { authorization: `Bearer ${token}` }, secrets: [token] };
}

async function observe(target: KubernetesTarget, signal: AbortSignal): Promise<ApiServerObservation> {
  const { headers, secrets } = bearer(target);
  const get = (path: string) => httpGet(new URL(path, target.url), { signal, headers, ...(target.tls === undefined ? {} : { tls: target.tls }) });
  // Both asked at once; /readyz decides first (a refused token ends the probe, and the caller's
  // withRequests closes /livez). /livez is a second opinion only: its failure never hides /readyz.
  const livezAnswer = get('/livez').catch(() => undefined);
  const readyz = await get('/readyz?verbose');
  if (readyz.status !== 200 && readyz.status !== 500) throw new HttpStatusError(readyz.status, '/readyz', redact(firstLine(readyz.body), secrets));
  if (readyz.contentType !== 'text/plain') throw wrongContentType(readyz, '/readyz', 'text/plain');
  const { passed, checks } = parseReadyz(readyz.body);
  const livez = await livezAnswer;
  const live = livez === undefined ? undefined : livez.status === 200;
  return { reachable: true, ready: passed && readyz.status === 200, ...(live === undefined ? {} : { live }), checks };
}

/** What a failed probe reads as: an auth failure is still an answer from the API server. */
export function apiServerFailed(failure: ProbeFailure): ApiServerObservation {
  return { reachable: failure.kind === 'auth' && failure.code !== 'TOKEN_UNREADABLE', checks: [], failure };
}

export const KUBERNETES_PROBE: ProbeSpec<KubernetesTarget, ApiServerObservation> = {
  host: (target) => target.url.hostname.replace(/^\[(.*)\]$/, '$1'),
  deadlineMs: (target) => target.deadlineMs,
  probe: (target, { signal }) => withRequests(signal, (requests) => observe(target, requests)),
  failed: (target, failure) => apiServerFailed(withTlsHint(failure, target.url, target.tls, 'targets.kubernetes[]')),
  wrongServer: KUBERNETES_WRONG_SERVER,
};
