/**
 * The mesh state of one agent, free of sockets and timers so it can be driven by tests and
 * benchmarks: heartbeat admission, damped inbound links, the own row, relayed rows and views.
 */
import type { ClusterView, LinkState, NodeName, Verdict } from '../analysis/types';
import type { HeartbeatRejectReason, RowRejectReason } from './rejections';
import type { NodeKeys } from './node-keys';
import { membersDigest, signRow, verifyRow } from './row-signature';
import type { HostPort } from '../config/address';
import { ANY_RECIPIENT, DATAGRAM_NAMES, MAX_ROW_DATAGRAM_BYTES, datagramHead, decodeHeartbeat, encodeHeartbeat, encodeWithHead, type CarriedRow } from './heartbeat-codec';
import { decodeRuns, encodeRuns } from './state-runs';
import { LinkTracker, type Damping, type Transition } from './link-tracker';
import { RowStore, compactRow, encodeInbound, isNewer, refreshWindow, refreshWindowMs, type StoredRow } from './row-store';
import { VIEW_VERSION, type PeerView, type WireDelta, type WireRow, type WireView } from './view-codec';
import { deltaView } from './view-delta';
import { LINK_STATE_CHAR, linkStateOfChar } from '../contract/vocabulary';

export interface MeshOptions {
  cluster: string;
  self: NodeName;
  /** The initial membership (this node included); setMembers() changes it at runtime. */
  members: readonly NodeName[];
  /** Members out of N in the verdict (ClusterView.uncounted: maintenance, joining). */
  uncounted?: readonly NodeName[];
  secret: Buffer;
  damping: Damping;
  maxAgeMs: number;
  /** Boot epoch: wall-clock ms at start, so a restarted agent outranks its former self. */
  epoch: number;
  /** Monotonic ms at start. */
  startedAt: number;
  /**
   * Where a member's heartbeats must come from (its configured address, resolved), or undefined
   * when that is not known (a host name not resolved yet) or not to be checked.
   */
  sourceOf?: (member: NodeName) => HostPort | undefined;
  /** Per-node keys: when set, own rows are signed and every relayed row must carry its origin's signature. */
  keys?: NodeKeys;
  /** Called once per row refused by mergeView (counted by the agent). */
  onRowRejected?: (reason: RowRejectReason) => void;
}

/** How far a heartbeat's send time may be from our wall clock before it counts as stale. */
export const MAX_HEARTBEAT_SKEW_MS = 60_000;
/**
 * A heartbeat that does not echo our current boot epoch must have been sent after we started by
 * the sender's clock, give or take this much (F3: captures from before a restart replayed to the
 * fresh process, whose replay windows start empty). No grace: every capture from before the
 * restart is refused. A sender whose clock lags ours is refused only until it has learned our
 * epoch, from our next heartbeat or a relayed row of ours (one interval).
 */
export const BOOT_GRACE_MS = 0;

/** Sequence numbers kept for names that are no member now (Mesh.otherSeq): four full memberships' worth. */
const MAX_OTHER_SEQS = 4000;

/** An address as the socket reports it: IPv4-mapped IPv6 (::ffff:10.0.0.1) compares as IPv4. */
function plainHost(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * What a datagram was: a heartbeat of a member (maybe moving its link), a hello (a valid signed
 * introduction, no link), a member's departure, or a refusal. `sender` on an `unknown_sender`
 * refusal is a name whose signature, cluster, recipient and send time checked out: the agent may
 * make it a member when its address is a discovered one.
 */
/** What became of a row carried by a `row` datagram. */
export type PushedRowResult = 'taken' | 'old' | 'membership' | 'rejected';

export type Admission =
  | { ok: true; kind: 'heartbeat'; sender: NodeName; /** The boot it came from, now the one echoed back. */ epoch: number; transition?: Transition; pushed?: PushedRowResult }
  | { ok: true; kind: 'hello' | 'leave'; sender: NodeName; epoch: number }
  | { ok: false; reason: HeartbeatRejectReason; sender?: NodeName; epoch?: number };

/**
 * What this agent keeps per peer member, in one place: a datagram's handling reads it with one
 * lookup by name (at 1000 peers that is 2000 datagrams a second, each lookup a cache miss or two).
 */
interface PeerState {
  /** The damped inbound link peer→self, with its replay window. */
  readonly tracker: LinkTracker;
  /** The seq of the last datagram sent to it: per recipient, so that each receiver's window sees consecutive numbers (loss accounting). */
  sentSeq: number;
  /** Its boot epoch as last learned from its heartbeats or rows (0 while unknown): echoed back to it. */
  epoch: number;
  /** The unchanging start of every heartbeat to it (heartbeat-codec.ts datagramHead), made at the first. */
  heartbeatHead?: Buffer;
  /** Heartbeats accepted from it since takeHeardCounts last read them. */
  heardSinceRead: number;
}

export interface LinkEvent {
  source: NodeName;
  transition: Transition;
}

export class Mesh {
  private memberList: readonly NodeName[] = [];
  /** Mutated in place by setMembers: the row store and lazily decoded rows read it. */
  private readonly memberSet = new Set<NodeName>();
  private readonly memberIndex = new Map<NodeName, number>();
  private membersKey = '';
  private uncountedList: readonly NodeName[] = [];
  /** Every member but this node. */
  private readonly peers = new Map<NodeName, PeerState>();
  /**
   * The last seq sent to names that are no member now (former members, or a caller's race with a
   * membership change). A name that becomes a member again numbers on: its receiver may still hold
   * the replay window of this boot, which refuses numbers it has passed as stale.
   */
  private readonly otherSeq = new Map<NodeName, number>();
  private readonly rows: RowStore;
  private ownSeq = 0;
  /**
   * Per origin and epoch, the least (local receive time - seq) seen: an upper bound on when the
   * origin booted on our clock, since own-row seq counts milliseconds of uptime and no row arrives
   * before it was made. A relay may claim any age; with this, a held-back row still reads at least
   * as old as it is (the age bound of mergeView).
   */
  private readonly bootBounds = new Map<NodeName, { epoch: number; offset: number }>();
  private digest = '';
  /** The own row's states and the version they were built at (ownStates). */
  private readonly ownStatesCache = { version: -1, states: '' };
  /** The own row's signature, made when a view is served rather than at every refresh. */
  private ownSignature: { seq: number; sig: string } | undefined;
  /** The own row in row-datagram form, for one seq and membership. */
  private carried: { seq: number; digest: string; row: CarriedRow | undefined } | undefined;
  /**
   * No link's tick can change anything before this (a lower bound of every tracker's
   * tickDueAfter): the damping tick, ten times an interval, then skips 1000 trackers. Heartbeats
   * only move dues later; a new tracker or a link that came up sets it back to -Infinity.
   */
  private linksDueAfter = -Infinity;
  /** Counts changes of the verdict's inputs (links, rows, freshness): a reader compares it with the one it last used. */
  private inputVersion = 0;
  /** Rows refused so far (all reasons): tells a pushed row's refusal from old news. */
  private rowsRejected = 0;
  /** Where this node stands in a row's member order, per order array (rows share their arrays). */
  private readonly orderIndex = new WeakMap<readonly NodeName[], number>();
  /** The last peer member list seen, so identical lists share one array (compared by reference). */
  private lastOrder: { key: string; order: readonly NodeName[] } = { key: '', order: [] };

  constructor(private readonly options: MeshOptions) {
    this.rows = new RowStore(options.self, this.memberSet, () => this.refreshMs);
    this.setMembers(options.members, options.uncounted ?? [], options.startedAt);
  }

  /** Members sorted by code unit, this node included. */
  get members(): readonly NodeName[] {
    return this.memberList;
  }

  get uncounted(): readonly NodeName[] {
    return this.uncountedList;
  }

  /**
   * Changes the membership at runtime: a new member gets a link tracker (unknown until heard), a
   * removed one loses its tracker, its rows and its epochs. Rows keep the member order they were
   * made in and are read by name, so rows of peers that still hold another membership stay
   * readable for the members both know (docs/membership.md).
   */
  setMembers(members: readonly NodeName[], uncounted: readonly NodeName[], now: number): void {
    const sorted = [...new Set([...members, this.options.self])].sort();
    const key = sorted.join(' ');
    const uncountedChanged = uncounted.join(' ') !== this.uncountedList.join(' ');
    this.uncountedList = [...uncounted];
    if (key === this.membersKey) {
      if (uncountedChanged) this.inputVersion++;
      return;
    }
    this.memberList = sorted;
    this.membersKey = key;
    this.digest = membersDigest(sorted);
    this.memberSet.clear();
    this.memberIndex.clear();
    sorted.forEach((m, i) => {
      this.memberSet.add(m);
      this.memberIndex.set(m, i);
    });
    this.linksDueAfter = -Infinity;
    // Decoded names are then the very strings the maps are keyed by.
    DATAGRAM_NAMES.seed([this.options.cluster, ...sorted]);
    for (const m of sorted) {
      if (m === this.options.self || this.peers.has(m)) continue;
      this.peers.set(m, { tracker: new LinkTracker(this.options.damping, now), sentSeq: this.otherSeq.get(m) ?? 0, epoch: 0, heardSinceRead: 0 });
      this.otherSeq.delete(m);
    }
    for (const [m, peer] of [...this.peers]) {
      if (this.memberSet.has(m)) continue;
      this.rememberSeq(m, peer.sentSeq);
      this.peers.delete(m);
      this.rows.forget(m);
      this.bootBounds.delete(m);
    }
    this.ownSignature = undefined;
    this.inputVersion++;
  }

  /** An unchanged row is renewed in deltas once per this much of its origin's seq (row-store.ts). */
  get refreshMs(): number {
    return refreshWindowMs(this.memberList.length, this.options.damping.intervalMs, this.options.maxAgeMs);
  }

  get self(): NodeName {
    return this.options.self;
  }

  get epoch(): number {
    return this.options.epoch;
  }

  tracker(source: NodeName): LinkTracker | undefined {
    return this.peers.get(source)?.tracker;
  }

  /** The next signed heartbeat datagram for one peer: it names that peer and echoes its epoch. */
  nextHeartbeat(recipient: NodeName, wallNow: number): Buffer {
    return this.nextDatagram(recipient, wallNow, 'heartbeat');
  }

  /** This agent's departure for one peer: signed like a heartbeat, in the same sequence. */
  departure(recipient: NodeName, wallNow: number): Buffer {
    return this.nextDatagram(recipient, wallNow, 'leave');
  }

  /** An introduction for a discovered address whose agent's name is not known yet. */
  hello(wallNow: number): Buffer {
    return encodeHeartbeat({ cluster: this.options.cluster, sender: this.options.self, recipient: ANY_RECIPIENT, epoch: this.options.epoch, seq: 0, sentAt: wallNow, echo: 0 }, this.options.secret, 'hello');
  }

  /**
   * A heartbeat for one peer that also carries this node's own row as it is now (pushed when a
   * link into it came up), or undefined when the row does not fit one datagram (the peer then pulls it).
   */
  rowDatagram(recipient: NodeName, wallNow: number): Buffer | undefined {
    const row = this.carriedOwnRow();
    return row === undefined ? undefined : this.nextDatagram(recipient, wallNow, 'row', row);
  }

  /** The own row as a row datagram carries it, made once per own-row seq (a push sends it to every peer). */
  private carriedOwnRow(): CarriedRow | undefined {
    const own = this.rows.get(this.options.self);
    const states = own?.compact?.states;
    if (own === undefined || states === undefined) return undefined;
    if (this.carried?.seq === own.seq && this.carried.digest === this.digest) return this.carried.row;
    const runs = encodeRuns(states);
    const sig = this.ownRowSignature(own.seq, states);
    // A conservative size check before a sequence number is used: the fixed fields take < 300 bytes.
    const row = runs.length + 300 > MAX_ROW_DATAGRAM_BYTES ? undefined : { seq: own.seq, membersDigest: this.digest, runs, ...(sig === undefined ? {} : { sig }) };
    this.carried = { seq: own.seq, digest: this.digest, row };
    return row;
  }

  private nextDatagram(recipient: NodeName, wallNow: number, kind: 'heartbeat' | 'leave' | 'row', row?: CarriedRow): Buffer {
    const peer = this.peers.get(recipient);
    let seq: number;
    if (peer !== undefined) seq = ++peer.sentSeq;
    else this.rememberSeq(recipient, (seq = (this.otherSeq.get(recipient) ?? 0) + 1));
    if (kind === 'heartbeat' && peer !== undefined) {
      peer.heartbeatHead ??= datagramHead('heartbeat', this.options.cluster, this.options.self, recipient, this.options.epoch);
      return encodeWithHead(peer.heartbeatHead, seq, wallNow, peer.epoch, this.options.secret);
    }
    return encodeHeartbeat(
      { cluster: this.options.cluster, sender: this.options.self, recipient, epoch: this.options.epoch, seq, sentAt: wallNow, echo: peer?.epoch ?? 0 },
      this.options.secret,
      kind,
      row,
    );
  }

  private rememberSeq(name: NodeName, seq: number): void {
    this.otherSeq.delete(name);
    this.otherSeq.set(name, seq);
    // Bounded under churn (an autoscaler's names come and go): the longest gone is forgotten first.
    if (this.otherSeq.size > MAX_OTHER_SEQS) this.otherSeq.delete(this.otherSeq.keys().next().value!);
  }

  /**
   * Verifies a datagram and, when it is a good heartbeat, counts it toward the sender's link.
   * `from` is the datagram's source as the socket saw it.
   */
  receive(datagram: Buffer, now: number, wallNow: number, from?: { address: string; port: number }): Admission {
    const decoded = decodeHeartbeat(datagram, this.options.secret);
    if (!decoded.ok) return decoded;
    const hb = decoded.heartbeat;
    if (hb.cluster !== this.options.cluster) return { ok: false, reason: 'wrong_cluster' };
    // F2: a heartbeat proves one link, the one it names; captured elsewhere and relayed, it proves nothing.
    // A hello names nobody and proves no link: it only introduces its sender.
    if (hb.recipient !== (decoded.kind === 'hello' ? ANY_RECIPIENT : this.options.self)) return { ok: false, reason: 'wrong_recipient' };
    if (Math.abs(wallNow - hb.sentAt) > MAX_HEARTBEAT_SKEW_MS) return { ok: false, reason: 'stale' };
    // F5: a boot epoch is a wall-clock time at start, never later than the send time (plus skew).
    if (hb.epoch > hb.sentAt + MAX_HEARTBEAT_SKEW_MS) return { ok: false, reason: 'future_epoch' };
    if (decoded.kind === 'hello') return { ok: true, kind: 'hello', sender: hb.sender, epoch: hb.epoch };
    const peer = this.peers.get(hb.sender);
    if (peer === undefined) return { ok: false, reason: 'unknown_sender', sender: hb.sender, epoch: hb.epoch };
    const expected = from === undefined ? undefined : this.options.sourceOf?.(hb.sender);
    if (expected !== undefined && (plainHost(from!.address) !== plainHost(expected.host) || from!.port !== expected.port)) return { ok: false, reason: 'wrong_address' };
    // A departure counts only from the sender's boot this agent knows: an older one's would remove a restarted peer.
    if (decoded.kind === 'leave' && hb.epoch !== peer.epoch) return { ok: false, reason: 'stale_departure' };
    // F3: after our restart the windows are empty; only the echo or the send time tells old from new.
    if (hb.echo !== this.options.epoch && hb.sentAt < this.options.epoch - BOOT_GRACE_MS) return { ok: false, reason: 'before_restart' };
    const admission = peer.tracker.replay.admit(hb.epoch, hb.seq, now);
    if (admission !== 'accepted') return { ok: false, reason: admission };
    if (decoded.kind === 'leave') return { ok: true, kind: 'leave', sender: hb.sender, epoch: hb.epoch };
    // The last epoch accepted, not the largest: one forged epoch is forgotten at the peer's next real heartbeat.
    peer.epoch = hb.epoch;
    peer.heardSinceRead++;
    const transition = peer.tracker.heard(now);
    if (transition) {
      this.inputVersion++;
      this.linksDueAfter = -Infinity;
    }
    const heard: Admission = transition ? { ok: true, kind: 'heartbeat', sender: hb.sender, epoch: hb.epoch, transition } : { ok: true, kind: 'heartbeat', sender: hb.sender, epoch: hb.epoch };
    return decoded.row === undefined ? heard : { ...heard, pushed: this.mergeCarriedRow(hb.sender, hb.epoch, decoded.row, now, wallNow) };
  }

  /**
   * A row carried by a `row` datagram goes through the same checks as a pulled one (bounds,
   * signature, newer than held); its age is 0, bounded by its seq as every row is.
   */
  private mergeCarriedRow(origin: NodeName, epoch: number, row: CarriedRow, now: number, wallNow: number): PushedRowResult {
    if (row.membersDigest !== this.digest) return 'membership';
    const inbound = decodeRuns(row.runs, this.members.length);
    if (inbound === undefined) return 'rejected';
    const rejectedBefore = this.rowsRejected;
    const wire: WireRow = { origin, epoch, seq: row.seq, ageMs: 0, inbound, ...(row.sig === undefined ? {} : { sig: row.sig }) };
    const { taken } = this.mergePulled({ version: VIEW_VERSION, cluster: this.options.cluster, node: origin, epoch, members: [...this.members], ready: true, rows: [wire] }, now, wallNow);
    if (taken > 0) return 'taken';
    return this.rowsRejected > rejectedBefore ? 'rejected' : 'old';
  }

  /**
   * Hands over each member's count of heartbeats accepted since the last call, and starts them
   * again from 0. A former member's count went with it (so did its series).
   */
  takeHeardCounts(take: (peer: NodeName, count: number) => void): void {
    for (const [name, peer] of this.peers) {
      if (peer.heardSinceRead === 0) continue;
      take(name, peer.heardSinceRead);
      peer.heardSinceRead = 0;
    }
  }

  /** Advances damping; returns the links that went down. Also refreshes the own row and expires old rows. */
  tick(now: number): LinkEvent[] {
    const events: LinkEvent[] = [];
    if (now > this.linksDueAfter) {
      let due = Infinity;
      for (const [source, { tracker }] of this.peers) {
        const transition = tracker.tick(now);
        if (transition) events.push({ source, transition });
        due = Math.min(due, tracker.tickDueAfter);
      }
      this.linksDueAfter = due;
    }
    // Before the own row is refreshed: its states are rebuilt only when the version moved.
    if (events.length > 0) this.inputVersion++;
    this.refreshOwnRow(now);
    if (this.rows.expire(now, this.options.maxAgeMs) > 0) this.inputVersion++;
    return events;
  }

  /** Grows whenever links, rows or freshness change (the verdict may differ); never resets. */
  get version(): number {
    return this.inputVersion;
  }

  /** Rebuilds the own row; call after heartbeats changed link states so views carry them at once. */
  refreshOwnRow(now: number): void {
    const states = this.ownStates();
    if (this.rows.get(this.options.self)?.compact?.states !== states) this.inputVersion++;
    this.ownStatesCache.version = this.inputVersion;
    // seq counts milliseconds since start (at least one more than the last): what a receiver's
    // bounds check (no seq from the future; no row newer than the origin's uptime) relies on.
    this.ownSeq = Math.max(this.ownSeq + 1, Math.floor(now - this.options.startedAt));
    this.rows.setOwn(compactRow(this.options.self, this.options.epoch, this.ownSeq, now, this.members, states, this.memberSet));
  }

  /**
   * The own row's states in member order. A link state or the membership only changes with the
   * version (every transition and setMembers move it), so the states are rebuilt only then: the
   * damping tick refreshes the row ten times an interval, at 1000 members a walk of every tracker.
   * Equal states keep one string, which later comparisons find by identity.
   */
  private ownStates(): string {
    const cache = this.ownStatesCache;
    if (cache.version === this.inputVersion) return cache.states;
    let states = '';
    for (const member of this.memberList) states += member === this.options.self ? LINK_STATE_CHAR.up : LINK_STATE_CHAR[this.peers.get(member)?.tracker.state ?? 'unknown'];
    if (states !== cache.states) cache.states = states;
    cache.version = this.inputVersion;
    return cache.states;
  }

  /**
   * Merges a validated peer view received at `receivedAt` (local monotonic ms); returns how many
   * rows were taken. `wallNow` bounds (epoch, seq) to what the origin can have used by now.
   */
  mergeView(view: PeerView, receivedAt: number, wallNow?: number): number {
    return this.mergePulled(view, receivedAt, wallNow).taken;
  }

  /**
   * mergeView, also telling how many refreshes of a delta could not be applied (`missed`: the row
   * they renew is not held with those states here): the puller then asks that peer for everything.
   */
  mergePulled(view: PeerView, receivedAt: number, wallNow?: number): { taken: number; missed: number } {
    const order = this.internOrder(view.members);
    const keys = this.options.keys;
    const refreshed = this.refreshedRows(view, order);
    let taken = 0;
    // Without node keys a refresh needs no signature: it renews the row it was matched with, held
    // in hand (1500 refreshes a second at 1000 members, each several map lookups on the general path).
    if (keys === undefined) for (const { row, held } of refreshed.renewals) if (this.renewRow(row, held, receivedAt, wallNow)) taken++;
    const incoming = refreshed.renewals.length === 0 || keys === undefined ? view.rows : [...view.rows, ...refreshed.renewals.map(({ row }) => row)];
    // Signed states only mean something in the member order they were signed in.
    if (keys !== undefined && order !== this.members && incoming.length > 0) {
      this.rejectRows('membership', incoming.length);
      return { taken: 0, missed: refreshed.missed };
    }
    const refreshMs = this.refreshMs;
    for (const row of incoming) {
      if (row.ageMs > this.options.maxAgeMs || row.origin === this.options.self || !this.memberSet.has(row.origin)) continue;
      if (wallNow !== undefined) {
        // F4: an epoch is a boot time and seq milliseconds of uptime; neither can be in the future.
        if (row.epoch > wallNow + MAX_HEARTBEAT_SKEW_MS) {
          this.rejectRows('future_epoch', 1);
          continue;
        }
        if (row.seq > wallNow - row.epoch + MAX_HEARTBEAT_SKEW_MS) {
          this.rejectRows('future_seq', 1);
          continue;
        }
      }
      const held = this.rows.get(row.origin);
      if (held !== undefined && !isNewer(row, held)) continue; // cheap check first: most relayed rows are not newer
      // A signature check costs ~100 µs: a newer row that only says again what the held one says
      // is taken once per refresh window of its seq, not at every pull (at 1000 peers that is the
      // difference between ~40 % and ~10 % of a core). A changed row is taken at once. The window
      // is the one deltas renew rows in, so every relay holds (and stamps) the same rows.
      if (keys !== undefined && held?.compact?.states === row.inbound && held.compact.order === order && refreshWindow(row.seq, refreshMs) === refreshWindow(held.seq, refreshMs)) continue;
      if (keys !== undefined) {
        if (row.sig === undefined) {
          this.rejectRows('unsigned', 1);
          continue;
        }
        const publicKey = keys.publicKeys.get(row.origin);
        const fields = { cluster: this.options.cluster, members: this.digest, origin: row.origin, epoch: row.epoch, seq: row.seq, states: row.inbound };
        if (publicKey === undefined || !verifyRow(publicKey, fields, row.sig)) {
          this.rejectRows('bad_signature', 1);
          continue;
        }
      }
      this.offerRow(row.origin, row.epoch, row.seq, receivedAt, row.ageMs, order, row.inbound, row.sig);
      taken++;
      if (held?.compact?.states !== row.inbound || held.compact.order !== order) this.inputVersion++;
    }
    return { taken, missed: refreshed.missed };
  }

  /**
   * A delta's refreshes as rows: the held row's states with the refresh's seq, age and signature,
   * when the held row is in the same member order and its states hash as named. A refresh no newer
   * than the held row is simply old news; a newer one that does not match is missed.
   */
  private refreshedRows(view: PeerView, order: readonly NodeName[]): { renewals: { row: WireRow; held: StoredRow }[]; missed: number } {
    const renewals: { row: WireRow; held: StoredRow }[] = [];
    let missed = 0;
    for (const refresh of view.refresh ?? []) {
      const held = this.rows.get(refresh.origin);
      if (held === undefined || held.seq >= refresh.seq) {
        if (held === undefined && refresh.origin !== this.options.self && this.memberSet.has(refresh.origin)) missed++;
        continue;
      }
      // The store hashed the held states when they last changed: no need to hash them per refresh.
      const states = held.compact?.order === order ? held.compact.states : undefined;
      if (states === undefined || this.rows.stampOf(refresh.origin)?.hash !== refresh.hash) {
        missed++;
        continue;
      }
      const row: WireRow = { origin: refresh.origin, epoch: held.epoch, seq: refresh.seq, ageMs: refresh.ageMs, inbound: states };
      renewals.push({ row: refresh.sig === undefined ? row : { ...row, sig: refresh.sig }, held });
    }
    return { renewals, missed };
  }

  /** The delta of this agent's rows after a peer's cursor (view-delta.ts). */
  deltaView(since: string, now: number, ready: boolean, maxRowBytes?: number): WireDelta {
    return deltaView(
      {
        cluster: this.options.cluster,
        node: this.options.self,
        epoch: this.options.epoch,
        members: this.members,
        membersDigest: this.digest,
        indexOf: (member) => this.memberIndex.get(member),
        ready,
        rows: this.rows.snapshot(),
        stampOf: (origin) => this.rows.stampOf(origin),
        latestStamp: this.rows.latestStamp,
        now,
        maxAgeMs: this.options.maxAgeMs,
        statesOf: (row) => (row.compact?.order === this.members ? row.compact.states : encodeInbound(row.inbound, this.members)),
        signatureOf: (row, states) => (row.origin === this.options.self ? this.ownRowSignature(row.seq, states) : row.sig),
      },
      since,
      maxRowBytes,
    );
  }

  /** sha256 of the member list, as rows are signed over and deltas name their membership. */
  get membersDigest(): string {
    return this.digest;
  }

  /**
   * A refresh (without node keys) of `held`, the row of the same origin, boot, member order and
   * states with a lower seq: the checks of the general path that can still fail, then a new row.
   * No member check: held rows are of members (the store drops former members); the own row is held too, hence the self check.
   */
  private renewRow(row: WireRow, held: StoredRow, receivedAt: number, wallNow: number | undefined): boolean {
    if (row.ageMs > this.options.maxAgeMs || row.origin === this.options.self) return false;
    // F4, as on the general path (the epoch is the held row's, checked when it was taken).
    if (wallNow !== undefined && row.seq > wallNow - row.epoch + MAX_HEARTBEAT_SKEW_MS) {
      this.rejectRows('future_seq', 1);
      return false;
    }
    const bornAt = this.bornAtOf(row.origin, row.epoch, row.seq, receivedAt, row.ageMs);
    if (bornAt === undefined) return false;
    return this.rows.renew(held, compactRow(row.origin, row.epoch, row.seq, bornAt, held.compact!.order, held.compact!.states, this.memberSet, row.sig));
  }

  /**
   * When a row was born on our clock: its stated age, bounded by its seq (ms of its origin's
   * uptime) and the earliest its origin can have started; undefined for a boot older than one
   * already bounded.
   */
  private bornAtOf(origin: NodeName, epoch: number, seq: number, receivedAt: number, ageMs: number): number | undefined {
    let bound = this.bootBounds.get(origin);
    if (bound === undefined || bound.epoch !== epoch) {
      if (bound !== undefined && bound.epoch > epoch) return undefined;
      bound = { epoch, offset: receivedAt - seq };
      this.bootBounds.set(origin, bound);
    } else {
      bound.offset = Math.min(bound.offset, receivedAt - seq);
    }
    return Math.min(receivedAt - ageMs, seq + bound.offset);
  }

  private offerRow(origin: NodeName, epoch: number, seq: number, receivedAt: number, ageMs: number, order: readonly NodeName[], states: string, sig: string | undefined): void {
    const bornAt = this.bornAtOf(origin, epoch, seq, receivedAt, ageMs);
    if (bornAt === undefined) return; // an older boot than one already bounded
    this.rows.offer(compactRow(origin, epoch, seq, bornAt, order, states, this.memberSet, sig));
    // A signed row's epoch is its origin's own word, as good as a heartbeat's: echoed from now on.
    if (this.options.keys !== undefined) {
      const peer = this.peers.get(origin);
      if (peer !== undefined) peer.epoch = epoch;
    }
  }

  private rejectRows(reason: RowRejectReason, count: number): void {
    this.rowsRejected += count;
    for (let i = 0; i < count; i++) this.options.onRowRejected?.(reason);
  }

  private ownRowSignature(seq: number, states: string): string | undefined {
    const keys = this.options.keys;
    if (keys === undefined) return undefined;
    if (this.ownSignature?.seq !== seq) {
      this.ownSignature = { seq, sig: signRow(keys.privateKey, { cluster: this.options.cluster, members: this.digest, origin: this.options.self, epoch: this.options.epoch, seq, states }) };
    }
    return this.ownSignature.sig;
  }

  private internOrder(members: readonly NodeName[]): readonly NodeName[] {
    const key = members.join(' ');
    if (key === this.membersKey) return this.members;
    if (key !== this.lastOrder.key) this.lastOrder = { key, order: [...members] };
    return this.lastOrder.order;
  }

  /**
   * Members in two-way contact with this node now, from the mesh itself rather than a verdict
   * (the verdict leaves uncounted members out): their heartbeats arrive (link up) and their fresh
   * row says ours arrive.
   */
  twoWayContacts(now: number): NodeName[] {
    const out: NodeName[] = [];
    for (const [member, { tracker }] of this.peers) {
      if (tracker.state !== 'up') continue;
      const row = this.rows.get(member);
      if (row !== undefined && now - row.bornAt <= this.options.maxAgeMs && this.selfStateIn(row) === 'up') out.push(member);
    }
    return out;
  }

  /** A row's state of self→origin, read from its compact form when it has one (no decoding of the whole row). */
  private selfStateIn(row: StoredRow): LinkState {
    const self = this.options.self;
    const compact = row.compact;
    if (compact === undefined) return row.inbound[self] ?? 'unknown';
    let index = this.orderIndex.get(compact.order);
    if (index === undefined) {
      index = compact.order.indexOf(self);
      this.orderIndex.set(compact.order, index);
    }
    return index < 0 ? 'unknown' : linkStateOfChar(compact.states[index]);
  }

  rowOf(origin: NodeName): StoredRow | undefined {
    return this.rows.get(origin);
  }

  clusterView(now: number): ClusterView {
    const view: ClusterView = { self: this.options.self, members: this.members, now, maxAgeMs: this.options.maxAgeMs, rows: this.rows.snapshot() };
    return this.uncountedList.length === 0 ? view : { ...view, uncounted: this.uncountedList };
  }

  wireView(now: number, ready: boolean, verdict: Verdict | null): WireView {
    const rows = [...this.rows.snapshot().values()]
      .filter((row) => now - row.bornAt <= this.options.maxAgeMs)
      .sort((a, b) => (a.origin < b.origin ? -1 : 1))
      .map((row) => {
        const wire = {
          origin: row.origin,
          epoch: row.epoch,
          seq: row.seq,
          ageMs: Math.max(0, Math.round(now - row.bornAt)),
          inbound: row.compact?.order === this.members ? row.compact.states : encodeInbound(row.inbound, this.members),
        };
        const sig = row.origin === this.options.self ? this.ownRowSignature(row.seq, wire.inbound) : row.sig;
        return sig === undefined ? wire : { ...wire, sig };
      });
    return { version: VIEW_VERSION, cluster: this.options.cluster, node: this.options.self, epoch: this.options.epoch, members: [...this.members], ready, rows, verdict };
  }
}
