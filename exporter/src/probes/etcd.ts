/**
 * Probes one etcd endpoint: Maintenance Status, member list and a fail-fast linearizable read.
 *
 * Per-endpoint truth needs one etcd3 client per endpoint with its fault handling switched off:
 * by default etcd3 shuffles hosts, retries three times and opens a per-host breaker, so an answer
 * could come from another member and a dead one would be skipped silently (docs/architecture.md).
 *
 * Deadlines: every gRPC call carries `deadline` (so grpc-js cancels it and frees the stream), and
 * the runner bounds the whole probe, because a blackholed endpoint may hang in connection setup
 * where no call deadline has started yet. The probe never outlives its deadline.
 *
 * One connection per endpoint, whatever happens (an endpoint that accepts TCP and never
 * answers leaked ESTABLISHED sockets, 2–3 a minute). The cause: on every "recoverable" error —
 * DEADLINE_EXCEEDED included — etcd3 closes the gRPC clients of the host and makes new ones on
 * the next call, each with a new channel and so a new connection attempt; grpc-js shuts the old
 * attempt down with a graceful HTTP/2 close, which waits for a peer that never answers, so the
 * socket stays. Here the endpoint's one channel is ours: every etcd3 service client gets it
 * through `channelOverride` behind a facade whose close() does nothing, so etcd3's resets cannot
 * open another; the channel has its own subchannel (no global pool shared with other clients)
 * and reconnects within a probe interval; only close() closes it.
 *
 * The linearizable read carries the `hasleader: true` metadata (what Go's clientv3
 * WithRequireLeader sends): a member without a leader then fails it in milliseconds with
 * "etcdserver: no leader" instead of hanging until the deadline. Only KV calls get it: Status
 * must keep answering on a leaderless member, that answer is the point.
 */
import { Channel, connectivityState, credentials, InterceptingCall, type ChannelOptions, type Interceptor } from '@grpc/grpc-js';
import { noop } from 'cockatiel';
import { Etcd3, type IMember } from 'etcd3';
import { canonicalMemberId } from './etcd-ids';
import { parseMemberStatus, type MemberStatus } from './etcd-status';
import type { ClientTls } from '../config/load';
import { tlsFailure } from './tls-failure';
import { HostResolver } from './resolver';
import { runProbe, type ProbeFailure, type ProbeSpec } from './runner';

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
  /** The protocol only: Status, member list and a linearizable read, in parallel (the runner bounds it). */
  observe(): Promise<EndpointObservation>;
  /** One probe under the prober's own deadline, outside a runner (tests, tools). */
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

/** What a probe that failed before any call answered reads as (the deadline keeps its catalog wording). */
export function endpointFailed(endpoint: string, deadlineMs: number, failure: ProbeFailure): EndpointObservation {
  const message = failure.kind === 'timeout' ? `4 DEADLINE_EXCEEDED: Deadline exceeded after ${deadlineMs}ms (probe deadline)` : failure.message;
  return { endpoint, up: false, linearizable: 'failed', errors: [message], durationSeconds: 0 };
}

/** The endpoint's own channel; etcd3's clients share it and cannot close it (see the top of this file). */
function endpointChannel(endpoint: string, intervalMs: number, tls?: ClientTls): Channel {
  const url = new URL(endpoint);
  const options: ChannelOptions = {
    'grpc.use_local_subchannel_pool': 1,
    // grpc's default reconnect backoff grows to 120 s: a member back from a restart would stay
    // unprobed for minutes. Capped below the probe interval, like the databases' Backoff.
    'grpc.initial_reconnect_backoff_ms': Math.min(100, intervalMs),
    'grpc.max_reconnect_backoff_ms': intervalMs,
    // The name to verify when the endpoint's address is not in the member's certificate.
    ...(tls?.serverName === undefined ? {} : { 'grpc.ssl_target_name_override': tls.serverName, 'grpc.default_authority': tls.serverName }),
  };
  if (url.protocol !== 'https:') return new Channel(url.host, credentials.createInsecure(), options);
  // The target's CA, and a client certificate for members that run --client-cert-auth (kubeadm's).
  return new Channel(url.host, tls === undefined ? credentials.createSsl() : credentials.createSsl(tls.ca, tls.key ?? null, tls.cert ?? null), options);
}

export function createEndpointProber(endpoint: string, deadlineMs: number, intervalMs = 1000, tls?: ClientTls): EndpointProber {
  const channel = endpointChannel(endpoint, intervalMs, tls);
  let closed = false;
  // What etcd3's clients see. They never connect on their own (only calls do), and once the
  // prober is closed they see a shut-down channel: etcd3's close() would otherwise ask it to
  // connect once more (waitForReady) and open a fresh socket on the way out.
  const shared = {
    close: () => undefined,
    getTarget: () => channel.getTarget(),
    getConnectivityState: () => (closed ? connectivityState.SHUTDOWN : channel.getConnectivityState(false)),
    watchConnectivityState: (...args: Parameters<Channel['watchConnectivityState']>) => (closed ? args[2](new Error('prober closed')) : channel.watchConnectivityState(...args)),
    getChannelzRef: () => channel.getChannelzRef(),
    createCall: (...args: Parameters<Channel['createCall']>) => channel.createCall(...args),
  };
  const client = new Etcd3({
    hosts: [endpoint],
    dialTimeout: deadlineMs,
    faultHandling: { host: () => noop, global: noop },
    // channelOverride is a grpc-js Client option that etcd3 passes through with its channel options.
    grpcOptions: { channelOverride: shared } as unknown as ChannelOptions,
    defaultCallOptions: (context) => ({
      deadline: Date.now() + deadlineMs,
      ...(context.service === 'KV' ? { interceptors: [requireLeader] } : {}),
    }),
  });

  async function observe(): Promise<EndpointObservation> {
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
    return { endpoint, up: status !== undefined, status, members: memberResponse && parseMembers(memberResponse.members), linearizable, errors, durationSeconds: 0, ...(tlsProblem === undefined ? {} : { tlsFailure: tlsProblem }) };
  }

  const prober: EndpointProber = {
    endpoint,
    observe,
    async probe() {
      const { observation, durationSeconds } = await runProbe(ETCD_PROBE, { prober, deadlineMs }, standaloneResolver);
      return { ...observation, durationSeconds };
    },
    close() {
      closed = true;
      client.close();
      channel.close();
    },
  };
  return prober;
}

export interface EtcdEndpointTarget {
  prober: EndpointProber;
  deadlineMs: number;
}

export const ETCD_PROBE: ProbeSpec<EtcdEndpointTarget, EndpointObservation> = {
  host: ({ prober }) => new URL(prober.endpoint).hostname.replace(/^\[(.*)\]$/, '$1'),
  deadlineMs: ({ deadlineMs }) => deadlineMs,
  probe: ({ prober }) => prober.observe(),
  failed: ({ prober, deadlineMs }, failure) => endpointFailed(prober.endpoint, deadlineMs, failure),
};

const standaloneResolver = new HostResolver();

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
