/**
 * Probes one Consul server agent over its HTTP API, four calls in parallel:
 *
 * - `/v1/status/leader`: the raft leader's address as this server knows it (`""` without one);
 *   answered locally, so it answers on a minority too — that answer is the point (like etcd's Status);
 * - `/v1/status/peers`: the raft peers' addresses, also local;
 * - `/v1/operator/raft/configuration`: forwarded to the leader (no `stale`), so a server without a
 *   leader fails it at once with Consul's own "No cluster leader" (the catalog counts it) — the
 *   equivalent of etcd's linearizable read with `hasleader`; when it answers it gives the voters;
 * - `/v1/agent/members`: the LAN gossip members and their serf status (alive, leaving, left, failed).
 *
 * The ACL token (from the target's tokenFile, read at every probe) travels as X-Consul-Token and
 * never appears in an error, a log line or a label.
 */
import { readBounded } from '../config/read-bounded';
import type { ClientTls } from '../config/load';
import { AnswerFormatError, firstLine, httpGet, HttpStatusError, jsonOf, redact, withRequests, withTlsHint } from './http-get';
import type { ProbeFailure, ProbeSpec } from './runner';

export interface ConsulServerTarget {
  target: string;
  /** The server agent's HTTP API, e.g. http://10.0.0.1:8500. */
  server: URL;
  tokenFile?: string;
  tls?: ClientTls;
  deadlineMs: number;
}

export interface RaftServer {
  id: string;
  node: string;
  /** Raft address host:port (8300 by default). */
  address: string;
  leader: boolean;
  voter: boolean;
}

/** serf.MemberStatus as /v1/agent/members numbers it. */
export const SERF_STATUSES = ['none', 'alive', 'leaving', 'left', 'failed'] as const;
export type SerfStatus = (typeof SERF_STATUSES)[number];

export interface SerfMember {
  name: string;
  address: string;
  status: SerfStatus;
  /** Tags.role: "consul" for a server, "node" for a client agent. */
  role: string;
}

export interface ConsulServerObservation {
  /** host:port of the server's HTTP API as configured. */
  server: string;
  /** /v1/status/leader answered. */
  up: boolean;
  /** The leader's raft address ('' when the server knows none). */
  leader?: string;
  peers?: string[];
  /** Present when the leader-forwarded raft configuration answered. */
  raft?: RaftServer[];
  members?: SerfMember[];
  /** Error messages of the calls that failed, for the pattern catalog (never holding the token). */
  errors: string[];
  failure?: ProbeFailure;
  /** The address the server's host resolved to (to tell whether the leader is the server itself). */
  address?: string;
}

const MAX_TOKEN_BYTES = 64 * 1024;

/** What another HTTP server on the port says through our parsers. */
export const CONSUL_WRONG_SERVER = /expected application\/json|not a Consul answer/;

function token(target: ConsulServerTarget): string | undefined {
  if (target.tokenFile === undefined) return undefined;
  const read = readBounded(target.tokenFile, MAX_TOKEN_BYTES);
  if (!read.ok) throw Object.assign(new Error(`cannot read the token file ${target.tokenFile} (${read.reason})`), { code: 'TOKEN_UNREADABLE' });
  return read.bytes.toString('utf8').trim();
}

export function parseLeader(value: unknown): string {
  if (typeof value !== 'string') throw new AnswerFormatError('/v1/status/leader: not a Consul answer (expected a JSON string)');
  return value;
}

export function parsePeers(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((p) => typeof p === 'string')) throw new AnswerFormatError('/v1/status/peers: not a Consul answer (expected a JSON array of addresses)');
  return value as string[];
}

export function parseRaftConfiguration(value: unknown): RaftServer[] {
  const servers = (value as { Servers?: unknown } | null)?.Servers;
  if (!Array.isArray(servers)) throw new AnswerFormatError('/v1/operator/raft/configuration: not a Consul answer (no Servers list)');
  return servers.flatMap((s: unknown) => {
    const r = s as Record<string, unknown>;
    if (typeof r?.Address !== 'string') return [];
    return [{ id: String(r.ID ?? r.Address), node: typeof r.Node === 'string' ? r.Node : '', address: r.Address, leader: r.Leader === true, voter: r.Voter !== false }];
  });
}

export function parseMembers(value: unknown): SerfMember[] {
  if (!Array.isArray(value)) throw new AnswerFormatError('/v1/agent/members: not a Consul answer (expected a JSON array)');
  return value.flatMap((m: unknown) => {
    const r = m as Record<string, unknown>;
    if (typeof r?.Name !== 'string') return [];
    const status = SERF_STATUSES[typeof r.Status === 'number' ? r.Status : -1] ?? 'none';
    const tags = (r.Tags ?? {}) as Record<string, unknown>;
    return [{ name: r.Name, address: typeof r.Addr === 'string' ? r.Addr : '', status, role: typeof tags.role === 'string' ? tags.role : '' }];
  });
}

async function observe(target: ConsulServerTarget, signal: AbortSignal, address: string): Promise<ConsulServerObservation> {
  const secret = token(target);
  const secrets = secret === undefined ? [] : [secret];
  const options = { signal, ...(secret === undefined ? {} : { headers: { 'x-consul-token': secret } }), ...(target.tls === undefined ? {} : { tls: target.tls }) };
  const errors: string[] = [];
  const call = async <T>(path: string, parse: (value: unknown) => T): Promise<T | undefined> => {
    try {
      const answer = await httpGet(new URL(path, target.server), options);
      // Consul answers an RPC error (no leader, no path to a datacenter) as a 500 with the reason as text.
      if (answer.status === 500 && answer.contentType !== 'application/json') throw new HttpStatusError(500, path.split('?')[0]!, redact(firstLine(answer.body), secrets));
      return parse(jsonOf(answer, path.split('?')[0]!, secrets));
    } catch (error) {
      errors.push(redact(error instanceof Error ? error.message : String(error), secrets));
      if (path.startsWith('/v1/status/leader')) throw error;
      return undefined;
    }
  };
  const [leader, peers, raft, members] = await Promise.all([
    call('/v1/status/leader', parseLeader),
    call('/v1/status/peers', parsePeers),
    call('/v1/operator/raft/configuration', parseRaftConfiguration),
    call('/v1/agent/members', parseMembers),
  ]);
  return {
    server: target.server.host,
    up: true,
    address,
    ...(leader === undefined ? {} : { leader }),
    ...(peers === undefined ? {} : { peers }),
    ...(raft === undefined ? {} : { raft }),
    ...(members === undefined ? {} : { members }),
    errors,
  };
}

export function consulServerFailed(target: ConsulServerTarget, failure: ProbeFailure): ConsulServerObservation {
  return { server: target.server.host, up: false, errors: [failure.message], failure };
}

export const CONSUL_PROBE: ProbeSpec<ConsulServerTarget, ConsulServerObservation> = {
  host: (target) => target.server.hostname.replace(/^\[(.*)\]$/, '$1'),
  deadlineMs: (target) => target.deadlineMs,
  probe: (target, { signal, address }) => withRequests(signal, (requests) => observe(target, requests, address)),
  failed: (target, failure) => consulServerFailed(target, withTlsHint(failure, target.server, target.tls, 'targets.consul[]')),
  wrongServer: CONSUL_WRONG_SERVER,
};
