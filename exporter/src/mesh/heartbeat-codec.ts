/**
 * Heartbeat datagrams: one line of ASCII, space-separated, HMAC-SHA256 over everything before the
 * signature. Tiny, greppable in a packet capture, and cheap to verify.
 *
 *   <kind> <cluster> <sender> <recipient> <epoch> <seq> <sentAtMs> <echo> <base64url signature>
 *
 * Three kinds share the layout (the kind is signed with the rest):
 * - `ns2`, a heartbeat. Version 2 signs the recipient, so a heartbeat captured on its way to one
 *   peer proves nothing when relayed to another, and `echo`, the recipient's boot epoch as the
 *   sender last learned it, so a receiver that restarted can tell heartbeats sent to its former self;
 * - `ns2-hello`, sent to a discovered address whose agent's name is not known yet (recipient `-`):
 *   it tells that agent the sender's name, and counts toward no link;
 * - `ns2-leave`, sent to every peer by a stopping agent: it leaves the membership at once instead
 *   of being kept as unreachable;
 * - `ns2-row`, a heartbeat that also carries the sender's own row the moment a link into it came
 *   up, so peers see a heal without waiting for their next view pull. Four more fields follow `echo`:
 *   `<row seq> <members digest> <states in runs> <row signature or ->`. Sent only to peers that
 *   served a delta view (they understand it); at most MAX_ROW_DATAGRAM_BYTES, larger rows wait
 *   for the pulls.
 * An agent of this version refuses any other `ns<digits>…` kind as `unsupported_version` (mixed
 * versions do not talk; older agents count these kinds as `malformed`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const HEARTBEAT_VERSION = 'ns2';

export const DATAGRAM_KINDS = { heartbeat: HEARTBEAT_VERSION, hello: 'ns2-hello', leave: 'ns2-leave', row: 'ns2-row' } as const;
export type DatagramKind = keyof typeof DATAGRAM_KINDS;
const KIND_OF_PREFIX = new Map<string, DatagramKind>(Object.entries(DATAGRAM_KINDS).map(([kind, prefix]) => [prefix, kind as DatagramKind]));
/** The recipient of a hello: no node is named so (names start with a letter or digit). */
export const ANY_RECIPIENT = '-';
const OTHER_VERSION = /^ns\d/;
export const MAX_HEARTBEAT_BYTES = 512;
/** A row datagram stays below a typical path MTU: no IP fragments to lose. */
export const MAX_ROW_DATAGRAM_BYTES = 1400;

/** The own row a `row` datagram carries (row-signature.ts signs the same fields). */
export interface CarriedRow {
  seq: number;
  membersDigest: string;
  /** The states in runs (state-runs.ts). */
  runs: string;
  sig?: string;
}

export interface Heartbeat {
  cluster: string;
  sender: string;
  /** The one peer this datagram is for. */
  recipient: string;
  /** The sender's boot epoch (ms since 1970 at start): a restart makes it larger. */
  epoch: number;
  /** Increments by one per datagram within an epoch. */
  seq: number;
  /** The sender's wall clock at send time (ms), only used to bound replays across restarts. */
  sentAt: number;
  /** The recipient's boot epoch as the sender last learned it; 0 while unknown. */
  echo: number;
}

export type DecodeFailure = 'oversized' | 'malformed' | 'unsupported_version' | 'unsigned' | 'bad_signature';
export type Decoded = { ok: true; kind: DatagramKind; heartbeat: Heartbeat; row?: CarriedRow } | { ok: false; reason: DecodeFailure };

function signature(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function encodeHeartbeat(hb: Heartbeat, secret: Buffer, kind: DatagramKind = 'heartbeat', row?: CarriedRow): Buffer {
  const carried = kind === 'row' && row !== undefined ? ` ${row.seq} ${row.membersDigest} ${row.runs} ${row.sig ?? '-'}` : '';
  const payload = `${DATAGRAM_KINDS[kind]} ${hb.cluster} ${hb.sender} ${hb.recipient} ${hb.epoch} ${hb.seq} ${hb.sentAt} ${hb.echo}${carried}`;
  return Buffer.from(`${payload} ${signature(secret, payload).toString('base64url')}`, 'ascii');
}

const INTEGER = /^\d{1,16}$/;
const TOKEN = /^[A-Za-z0-9._-]{1,63}$/;
const FIELDS = 8;
const ROW_FIELDS = 4;
const ROW_PREFIX = Buffer.from(`${DATAGRAM_KINDS.row} `, 'latin1');
const DIGEST = /^[A-Za-z0-9_-]{43}$/;
const RUNS = /^[ud?][ud?0-9]*$/;
const ROW_SIGNATURE = /^[A-Za-z0-9_-]{86}$/;

/** Parses and authenticates a datagram. Checks that need receiver state (cluster, recipient, sender, replay) are the caller's. */
export function decodeHeartbeat(datagram: Buffer, secret: Buffer): Decoded {
  // Only a row datagram may be longer than a heartbeat (checked before anything is parsed).
  if (datagram.length > (datagram.subarray(0, ROW_PREFIX.length).equals(ROW_PREFIX) ? MAX_ROW_DATAGRAM_BYTES : MAX_HEARTBEAT_BYTES)) return { ok: false, reason: 'oversized' };
  const text = datagram.toString('latin1');
  const parts = text.split(' ');
  const kind = KIND_OF_PREFIX.get(parts[0]!);
  if (kind === undefined) return { ok: false, reason: OTHER_VERSION.test(parts[0]!) ? 'unsupported_version' : 'malformed' };
  const fields = kind === 'row' ? FIELDS + ROW_FIELDS : FIELDS;
  if (parts.length < fields || parts.length > fields + 1) return { ok: false, reason: 'malformed' };
  const [, cluster, sender, recipient, epoch, seq, sentAt, echo] = parts as [string, string, string, string, string, string, string, string];
  const mac = parts[fields];
  let row: CarriedRow | undefined;
  if (kind === 'row') {
    const [rowSeq, digest, runs, rowSig] = parts.slice(FIELDS, FIELDS + ROW_FIELDS) as [string, string, string, string];
    if (!INTEGER.test(rowSeq) || !DIGEST.test(digest) || !RUNS.test(runs) || !(rowSig === '-' || ROW_SIGNATURE.test(rowSig))) return { ok: false, reason: 'malformed' };
    row = rowSig === '-' ? { seq: Number(rowSeq), membersDigest: digest, runs } : { seq: Number(rowSeq), membersDigest: digest, runs, sig: rowSig };
  }
  if (!TOKEN.test(cluster) || !TOKEN.test(sender) || !(TOKEN.test(recipient) || (kind === 'hello' && recipient === ANY_RECIPIENT)) || !INTEGER.test(epoch) || !INTEGER.test(seq) || !INTEGER.test(sentAt) || !INTEGER.test(echo)) {
    return { ok: false, reason: 'malformed' };
  }
  if (mac === undefined || mac === '') return { ok: false, reason: 'unsigned' };
  const given = Buffer.from(mac, 'base64url');
  const expected = signature(secret, text.slice(0, text.length - mac.length - 1));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  const heartbeat = { cluster, sender, recipient, epoch: Number(epoch), seq: Number(seq), sentAt: Number(sentAt), echo: Number(echo) };
  return row === undefined ? { ok: true, kind, heartbeat } : { ok: true, kind, heartbeat, row };
}
