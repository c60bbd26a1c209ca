/**
 * Probes one Envoy proxy's admin API, two calls in parallel:
 *
 * - `/clusters?format=json`: every upstream cluster with its hosts (address, health flags:
 *   `failed_outlier_check` = ejected by outlier detection, `failed_active_health_check`,
 *   `eds_health_status`), the JSON form of envoy.admin.v3.Clusters;
 * - `/stats?format=json&filter=…`: only the counters and gauges netsplit reads — the breakers'
 *   `circuit_breakers.default.*_open`, `upstream_cx_connect_fail`, `upstream_rq_pending_overflow`,
 *   `outlier_detection.ejections_active` — so a proxy with thousands of clusters answers small.
 *
 * Envoy writes 64-bit numbers as JSON strings in some versions and as numbers in others, and the
 * port as `port_value` (protobuf JSON) or `port` (the streaming /clusters writer): both are read.
 */
import type { ClientTls } from '../config/load';
import { AnswerFormatError, httpGet, jsonOf, withRequests, withTlsHint } from './http-get';
import type { ProbeFailure, ProbeSpec } from './runner';

export interface EnvoyTarget {
  name: string;
  admin: URL;
  tls?: ClientTls;
  deadlineMs: number;
}

export type HostState = 'healthy' | 'ejected' | 'unhealthy';
export const HOST_STATES: readonly HostState[] = ['healthy', 'ejected', 'unhealthy'];

export interface UpstreamHost {
  address: string;
  port?: number;
  state: HostState;
}

export const BREAKERS = ['cx', 'rq', 'rq_pending', 'rq_retry', 'cx_pool'] as const;
export type Breaker = (typeof BREAKERS)[number];

export interface UpstreamCluster {
  name: string;
  hosts: UpstreamHost[];
  /** Breakers of the default priority that are open now. */
  openBreakers: Breaker[];
  connectFailures?: number;
  pendingOverflow?: number;
  ejectionsActive?: number;
}

export interface EnvoyObservation {
  up: boolean;
  upstreams: UpstreamCluster[];
  failure?: ProbeFailure;
}

/** The stats netsplit reads, as Envoy's `filter` (RE2) and as the parser's pattern. */
const STAT_SUFFIX = String.raw`(circuit_breakers\.default\.(?:cx|rq|rq_pending|rq_retry|cx_pool)_open|upstream_cx_connect_fail|upstream_rq_pending_overflow|outlier_detection\.ejections_active)`;
export const STATS_FILTER = `${STAT_SUFFIX}$`;
const STAT_NAME = new RegExp(String.raw`^cluster\.(.+)\.${STAT_SUFFIX}$`);

export const ENVOY_WRONG_SERVER = /expected application\/json|not an Envoy answer/;

function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function hostState(health: Record<string, unknown> | undefined): HostState {
  if (health === undefined) return 'healthy';
  if (health.failed_outlier_check === true) return 'ejected';
  const eds = typeof health.eds_health_status === 'string' ? health.eds_health_status : 'HEALTHY';
  if (health.failed_active_health_check === true || health.active_hc_timeout === true || ['UNHEALTHY', 'DRAINING', 'TIMEOUT'].includes(eds)) return 'unhealthy';
  return 'healthy';
}

export function parseClusters(value: unknown): Map<string, UpstreamCluster> {
  const statuses = (value as { cluster_statuses?: unknown } | null)?.cluster_statuses;
  if (!Array.isArray(statuses)) throw new AnswerFormatError('/clusters: not an Envoy answer (no cluster_statuses list)');
  const out = new Map<string, UpstreamCluster>();
  for (const raw of statuses) {
    const c = raw as Record<string, unknown>;
    if (typeof c?.name !== 'string') continue;
    const hosts: UpstreamHost[] = [];
    for (const h of Array.isArray(c.host_statuses) ? c.host_statuses : []) {
      const socket = ((h as Record<string, unknown>)?.address as { socket_address?: Record<string, unknown> } | undefined)?.socket_address;
      if (typeof socket?.address !== 'string') continue;
      const port = numberOf(socket.port_value ?? socket.port);
      hosts.push({ address: socket.address, ...(port === undefined ? {} : { port }), state: hostState((h as Record<string, unknown>).health_status as Record<string, unknown> | undefined) });
    }
    out.set(c.name, { name: c.name, hosts, openBreakers: [] });
  }
  return out;
}

/** Folds the filtered stats into the clusters; stats of clusters /clusters did not list are ignored. */
export function applyStats(clusters: Map<string, UpstreamCluster>, value: unknown): void {
  const stats = (value as { stats?: unknown } | null)?.stats;
  if (!Array.isArray(stats)) throw new AnswerFormatError('/stats: not an Envoy answer (no stats list)');
  for (const raw of stats) {
    const s = raw as Record<string, unknown>;
    if (typeof s?.name !== 'string') continue; // the histograms entry has no name
    const match = STAT_NAME.exec(s.name);
    const cluster = match === null ? undefined : clusters.get(match[1]!);
    const amount = numberOf(s.value);
    if (cluster === undefined || amount === undefined) continue;
    const stat = match![2]!;
    const breaker = /^circuit_breakers\.default\.(\w+)_open$/.exec(stat)?.[1] as Breaker | undefined;
    if (breaker !== undefined) {
      if (amount > 0) cluster.openBreakers.push(breaker);
    } else if (stat === 'upstream_cx_connect_fail') cluster.connectFailures = amount;
    else if (stat === 'upstream_rq_pending_overflow') cluster.pendingOverflow = amount;
    else cluster.ejectionsActive = amount;
  }
  for (const c of clusters.values()) c.openBreakers.sort((a, b) => BREAKERS.indexOf(a) - BREAKERS.indexOf(b));
}

async function observe(target: EnvoyTarget, signal: AbortSignal): Promise<EnvoyObservation> {
  const options = { signal, ...(target.tls === undefined ? {} : { tls: target.tls }) };
  // Both asked at once; a bad /clusters answer ends the probe without waiting for /stats.
  const statsAnswer = httpGet(new URL(`/stats?format=json&filter=${encodeURIComponent(STATS_FILTER)}`, target.admin), options);
  statsAnswer.catch(() => undefined); // awaited below, or abandoned when /clusters already failed
  const upstreams = parseClusters(jsonOf(await httpGet(new URL('/clusters?format=json', target.admin), options), '/clusters'));
  applyStats(upstreams, jsonOf(await statsAnswer, '/stats'));
  return { up: true, upstreams: [...upstreams.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

export const ENVOY_PROBE: ProbeSpec<EnvoyTarget, EnvoyObservation> = {
  host: (target) => target.admin.hostname.replace(/^\[(.*)\]$/, '$1'),
  deadlineMs: (target) => target.deadlineMs,
  probe: (target, { signal }) => withRequests(signal, (requests) => observe(target, requests)),
  failed: (target, failure) => ({ up: false, upstreams: [], failure: withTlsHint(failure, target.admin, target.tls, 'targets.envoy[]') }),
  wrongServer: ENVOY_WRONG_SERVER,
};
