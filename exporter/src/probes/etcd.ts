/**
 * Probes one etcd endpoint: Maintenance Status, member list and a fail-fast linearizable read.
 *
 * Per-endpoint truth needs one etcd3 client per endpoint with its fault handling switched off:
 * by default etcd3 shuffles hosts, retries three times and opens a per-host breaker, so an answer
 * could come from another member and a dead one would be skipped silently (docs/architecture.md).
 *
 * Deadlines, twice: every gRPC call carries `deadline` (so grpc-js cancels it and frees the
 * stream), and the whole probe runs under withDeadline, because a blackholed endpoint may hang in
 * connection setup where no call deadline has started yet. The probe never outlives deadlineMs.
 *
 * The linearizable read carries the `hasleader: true` metadata (what Go's clientv3
 * WithRequireLeader sends): a member without a leader then fails it in milliseconds with
 * "etcdserver: no leader" instead of hanging until the deadline. Only KV calls get it: Status
 * must keep answering on a leaderless member, that answer is the point.
 */
import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';
import { noop } from 'cockatiel';
import { Etcd3, type IMember } from 'etcd3';
import { withDeadline } from './deadline';
import { canonicalMemberId } from './etcd-ids';
import { parseMemberStatus, type MemberStatus } from './etcd-status';
import type { ClientTls } from '../config/load';
import { tlsFailure } from './tls-failure';

export interface ListedMember {
  id: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

export type LinearizableResult = 'ok' | 'failed';

export interface EndpointObservation {
  endpoint: string;
  /** Status answered within the deadline. */
  up: boolean;
  status?: MemberStatus;
  /** The member list as this endpoint sees it (absent when that call failed). */
  members?: ListedMember[];
  linearizable: LinearizableResult;
  /** Raw error messages of the calls that failed, for the pattern catalog. */
  errors: string[];
  /** Set when a call failed on TLS: what went wrong and which file to check (failure kind `tls`). */
  tlsFailure?: string;
  durationSeconds: number;
}

export interface EndpointProber {
  readonly endpoint: string;
  probe(): Promise<EndpointObservation>;
  close(): void;
}

/** A key nobody writes: the read only has to go through raft's read index, not find anything. */
const PROBE_KEY = Buffer.from('\x00netsplit-linearizable-probe');

/** Adds `hasleader: true` to the call's metadata. */
export const requireLeader: Interceptor = (options, nextCall) =>
  new InterceptingCall(nextCall(options), {
    start(metadata, listener, next) {
      metadata.set('hasleader', 'true');
      next(metadata, listener);
    },
  });

export function createEndpointProber(endpoint: string, deadlineMs: number, tls?: ClientTls): EndpointProber {
  const client = new Etcd3({
    hosts: [endpoint],
    dialTimeout: deadlineMs,
    ...(tls === undefined
      ? {}
      : {
          credentials: { rootCertificate: tls.ca, ...(tls.key === undefined ? {} : { privateKey: tls.key }), ...(tls.cert === undefined ? {} : { certChain: tls.cert }) },
          ...(tls.serverName === undefined ? {} : { grpcOptions: { 'grpc.ssl_target_name_override': tls.serverName, 'grpc.default_authority': tls.serverName } }),
        }),
    faultHandling: { host: () => noop, global: noop },
    defaultCallOptions: (context) => ({
      deadline: Date.now() + deadlineMs,
      ...(context.service === 'KV' ? { interceptors: [requireLeader] } : {}),
    }),
  });

  async function probeOnce(): Promise<Omit<EndpointObservation, 'durationSeconds'>> {
    const errors: string[] = [];
    const failed = (error: unknown) => {
      errors.push(errorMessage(error));
      return undefined;
    };
    const [statusResponse, memberResponse, linearizable] = await Promise.all([
      client.maintenance.status().catch(failed),
      client.cluster.memberList({}).catch(failed),
      client.kv
        .range({ key: PROBE_KEY, count_only: true, serializable: false })
        .then((): LinearizableResult => 'ok')
        .catch((error: unknown): LinearizableResult => (failed(error), 'failed')),
    ]);
    let status: MemberStatus | undefined;
    if (statusResponse !== undefined) {
      const parsed = parseMemberStatus(statusResponse);
      if (parsed.ok) status = parsed.status;
      else errors.push(parsed.reason);
    }
    // A leaderless member lists it among its status errors: that is a pattern to count too.
    if (status) errors.push(...status.errors);
    const tlsProblem = tlsFailure(errors, endpoint, tls);
    return { endpoint, up: status !== undefined, status, members: memberResponse && parseMembers(memberResponse.members), linearizable, errors, ...(tlsProblem === undefined ? {} : { tlsFailure: tlsProblem }) };
  }

  return {
    endpoint,
    async probe() {
      const started = performance.now();
      const result = await withDeadline(
        deadlineMs,
        () => probeOnce(),
        () => ({ endpoint, up: false, linearizable: 'failed' as const, errors: [`4 DEADLINE_EXCEEDED: Deadline exceeded after ${deadlineMs}ms (probe deadline)`] }),
      );
      return { ...result, durationSeconds: (performance.now() - started) / 1000 };
    },
    close: () => client.close(),
  };
}

/** Members with a well-formed id; the rest (never started, garbage) are dropped. */
export function parseMembers(members: readonly IMember[] | undefined): ListedMember[] {
  const out: ListedMember[] = [];
  for (const m of members ?? []) {
    const id = canonicalMemberId(m.ID);
    if (id === undefined) continue;
    out.push({ id, name: m.name ?? '', peerURLs: [...(m.peerURLs ?? [])], clientURLs: [...(m.clientURLs ?? [])], isLearner: m.isLearner === true });
  }
  return out;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
