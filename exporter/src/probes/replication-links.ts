/**
 * The state of one configured replication link (primary → replica), fused from what each end's
 * database says and what the mesh knows about the two nodes. Pure.
 *
 * Why fuse: in a cut the databases are the last to know (docs/architecture.md: their own timeouts fire after
 * 60 s, MariaDB's primary keeps listing its replica for minutes, PostgreSQL lag reads 0). The mesh
 * knows within its damping window that the two nodes lost two-way contact, so the link is down
 * at once with reason `network_cut`, on both agents. Without a cut, the databases decide:
 * anything short of "the replica receives and the primary serves it" is down with reason
 * `database`.
 */
import type { PairContact } from '../analysis/pair-contact';
import type { AttachedReplica, InstanceAddress, InstanceObservation, IoState, UpstreamLink } from './replication-model';

export type DownReason = 'network_cut' | 'database';
export const DOWN_REASONS: readonly DownReason[] = ['network_cut', 'database'];

export interface TimedObservation {
  observation: InstanceObservation;
  /** When the round that produced it started (monotonic ms). */
  startedAt: number;
}

export interface LinkInput {
  primary: InstanceAddress;
  replica: InstanceAddress;
  /** The replica's host as an IP, when its name resolves (primaries list replicas by IP). */
  replicaIp?: string;
  /** PostgreSQL application_name the replica connects with, when the config names it. */
  replicaName?: string;
  primaryObserved?: TimedObservation;
  replicaObserved?: TimedObservation;
  /** Two-way contact of the two instances' nodes in the latest verdict. */
  contact: PairContact;
  /** Since when (monotonic ms) the mesh has shown the pair cut without interruption. */
  cutSince?: number;
  /** Both nodes' own rows are fresh and show the cut: no database can overrule it. */
  cutProven?: boolean;
}

export interface LinkState {
  up: boolean;
  reason?: DownReason;
  ioState?: IoState;
  sqlRunning?: boolean;
  /** NaN when unknown. */
  lagSeconds: number;
  /** NaN when unknown. */
  lagBytes: number;
  /** How long down, when the database counts it itself (Redis); the service counts otherwise. */
  databaseDownSeconds?: number;
  /** Seconds since the replica last heard from its primary, while it believes the link works. */
  lastMessageAgeSeconds?: number;
  /** Words the database used for the failure, for the pattern catalog. */
  signature?: string;
}

export function linkState(input: LinkInput): LinkState {
  const primary = input.primaryObserved?.observation;
  const replica = input.replicaObserved?.observation;
  const upstream = replica?.reached ? replica.upstream : undefined;
  const attached = primary?.reached ? findAttached(primary.attached, input) : undefined;
  const databaseView = fromDatabases(input, primary, replica, upstream, attached);

  if (input.contact === 'cut' && !databasesContradictCut(input, databaseView.up)) {
    return { ...databaseView, up: false, reason: 'network_cut', lagSeconds: Number.NaN, lagBytes: Number.NaN };
  }
  return databaseView;
}

/**
 * A mesh cut inferred from silence also shows when the agent on a database's node is down, not the
 * network. If a round that began after the cut reached both ends and both say the link works, the
 * databases win. A proven cut (both nodes' rows fresh, saying so) is never overruled: across a
 * silent drop both databases keep saying the link works until their own timeouts fire.
 */
function databasesContradictCut(input: LinkInput, databasesSayUp: boolean): boolean {
  if (!databasesSayUp || input.cutSince === undefined || input.cutProven === true) return false;
  const after = (o: TimedObservation | undefined) => o !== undefined && o.observation.reached && o.startedAt > input.cutSince!;
  return after(input.primaryObserved) && after(input.replicaObserved);
}

function fromDatabases(
  input: LinkInput,
  primary: InstanceObservation | undefined,
  replica: InstanceObservation | undefined,
  upstream: UpstreamLink | undefined,
  attached: AttachedReplica | undefined,
): LinkState {
  const unknownLag = { lagSeconds: Number.NaN, lagBytes: Number.NaN };
  const extras = { ioState: upstream?.ioState, sqlRunning: upstream?.sqlRunning, databaseDownSeconds: upstream?.downSeconds, lastMessageAgeSeconds: upstream?.lastMessageAgeSeconds };
  const primaryReached = primary?.reached === true;
  const replicaReached = replica?.reached === true;

  if (!primaryReached && !replicaReached) {
    // Neither end answers this agent: nothing says the link works. A cut between this agent and
    // both ends explains the blindness; otherwise the databases are down or refuse us.
    return { up: false, reason: input.contact === 'cut' ? 'network_cut' : 'database', ...unknownLag, ...extras };
  }
  if (replicaReached) {
    if (upstream === undefined) return { up: false, reason: 'database', ...unknownLag, ...extras, signature: 'replica follows no primary' };
    if (!followsConfiguredPrimary(upstream, input.primary)) {
      return { up: false, reason: 'database', ...unknownLag, ...extras, signature: `replica follows ${upstream.primaryHost ?? '?'}:${upstream.primaryPort ?? '?'}, not ${input.primary.id}` };
    }
    if (!upstream.receiving || upstream.sqlRunning === false) return { up: false, reason: 'database', ...unknownLag, ...extras, signature: upstream.signature };
  }
  if (primaryReached && (attached === undefined || !attached.streaming)) {
    // A configured replica the primary does not serve is down, whatever the replica believes.
    return { up: false, reason: 'database', ...unknownLag, ...extras, signature: 'primary lists no streaming connection from the replica' };
  }
  return {
    up: true,
    ...extras,
    lagSeconds: upstream?.lagSeconds ?? attached?.lagSeconds ?? Number.NaN,
    // The primary knows its own position exactly; the replica only knows the last one announced.
    lagBytes: attached?.lagBytes ?? upstream?.lagBytes ?? Number.NaN,
  };
}

/** Ports must agree; hosts when both are written the same way (an IP for an IP). */
function followsConfiguredPrimary(upstream: UpstreamLink, primary: InstanceAddress): boolean {
  if (upstream.primaryPort !== undefined && upstream.primaryPort !== primary.port) return false;
  if (upstream.primaryHost === undefined) return true;
  const a = upstream.primaryHost.toLowerCase();
  const b = primary.host.toLowerCase();
  const looksLikeIp = (h: string) => /^[\d.]+$|:/.test(h);
  return a === b || looksLikeIp(a) !== looksLikeIp(b);
}

/** The primary's entry for the configured replica: by name when configured, else by address. */
export function findAttached(attached: readonly AttachedReplica[], input: Pick<LinkInput, 'replica' | 'replicaIp' | 'replicaName'>): AttachedReplica | undefined {
  if (input.replicaName !== undefined) return attached.find((a) => a.name === input.replicaName);
  const hosts = new Set([input.replica.host.toLowerCase(), ...(input.replicaIp === undefined ? [] : [input.replicaIp])]);
  const candidates = attached.filter((a) => hosts.has(a.host.toLowerCase()) || hosts.has(a.host.replace(/^::ffff:/, '')));
  // Redis announces the replica's listening port: it tells replicas on one host apart.
  return candidates.find((a) => a.port === input.replica.port) ?? candidates.find((a) => a.port === undefined);
}
