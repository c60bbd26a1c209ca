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
 *   of being kept as unreachable.
 * An agent of this version refuses any other `ns<digits>…` kind as `unsupported_version` (mixed
 * versions do not talk; older agents count these kinds as `malformed`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const HEARTBEAT_VERSION = 'ns2';

export const DATAGRAM_KINDS = { heartbeat: HEARTBEAT_VERSION, hello: 'ns2-hello', leave: 'ns2-leave' } as const;
export type DatagramKind = keyof typeof DATAGRAM_KINDS;
const KIND_OF_PREFIX = new Map<string, DatagramKind>(Object.entries(DATAGRAM_KINDS).map(([kind, prefix]) => [prefix, kind as DatagramKind]));
/** The recipient of a hello: no node is named so (names start with a letter or digit). */
export const ANY_RECIPIENT = '-';
const OTHER_VERSION = /^ns\d/;
export const MAX_HEARTBEAT_BYTES = 512;

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
export type Decoded = { ok: true; kind: DatagramKind; heartbeat: Heartbeat } | { ok: false; reason: DecodeFailure };

function signature(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function encodeHeartbeat(hb: Heartbeat, secret: Buffer, kind: DatagramKind = 'heartbeat'): Buffer {
  const payload = `${DATAGRAM_KINDS[kind]} ${hb.cluster} ${hb.sender} ${hb.recipient} ${hb.epoch} ${hb.seq} ${hb.sentAt} ${hb.echo}`;
  return Buffer.from(`${payload} ${signature(secret, payload).toString('base64url')}`, 'ascii');
}

const INTEGER = /^\d{1,16}$/;
const TOKEN = /^[A-Za-z0-9._-]{1,63}$/;
const FIELDS = 8;

/** Parses and authenticates a datagram. Checks that need receiver state (cluster, recipient, sender, replay) are the caller's. */
export function decodeHeartbeat(datagram: Buffer, secret: Buffer): Decoded {
  if (datagram.length > MAX_HEARTBEAT_BYTES) return { ok: false, reason: 'oversized' };
  const text = datagram.toString('latin1');
  const parts = text.split(' ');
  const kind = KIND_OF_PREFIX.get(parts[0]!);
  if (kind === undefined) return { ok: false, reason: OTHER_VERSION.test(parts[0]!) ? 'unsupported_version' : 'malformed' };
  if (parts.length < FIELDS || parts.length > FIELDS + 1) return { ok: false, reason: 'malformed' };
  const [, cluster, sender, recipient, epoch, seq, sentAt, echo, mac] = parts as [string, string, string, string, string, string, string, string, string | undefined];
  if (!TOKEN.test(cluster) || !TOKEN.test(sender) || !(TOKEN.test(recipient) || (kind === 'hello' && recipient === ANY_RECIPIENT)) || !INTEGER.test(epoch) || !INTEGER.test(seq) || !INTEGER.test(sentAt) || !INTEGER.test(echo)) {
    return { ok: false, reason: 'malformed' };
  }
  if (mac === undefined || mac === '') return { ok: false, reason: 'unsigned' };
  const given = Buffer.from(mac, 'base64url');
  const expected = signature(secret, text.slice(0, text.length - mac.length - 1));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  return { ok: true, kind, heartbeat: { cluster, sender, recipient, epoch: Number(epoch), seq: Number(seq), sentAt: Number(sentAt), echo: Number(echo) } };
}
