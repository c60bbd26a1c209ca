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
import { HmacSha256, MAC_BYTES } from './hmac-sha256';
import { TokenInterner } from './token-interner';

export const HEARTBEAT_VERSION = 'ns2';

export const DATAGRAM_KINDS = { heartbeat: HEARTBEAT_VERSION, hello: 'ns2-hello', leave: 'ns2-leave', row: 'ns2-row' } as const;
export type DatagramKind = keyof typeof DATAGRAM_KINDS;
/** The kinds with their prefixes as bytes: a datagram's kind is matched on its bytes, without a string per datagram. */
const KIND_PREFIXES = Object.entries(DATAGRAM_KINDS).map(([kind, prefix]) => ({ kind: kind as DatagramKind, bytes: Buffer.from(prefix, 'latin1') }));
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

/** The signing state of each secret in use (an agent has one; tests a few), made at first use. */
const macs = new WeakMap<Buffer, HmacSha256>();
function macOf(secret: Buffer): HmacSha256 {
  let mac = macs.get(secret);
  if (mac === undefined) macs.set(secret, (mac = new HmacSha256(secret)));
  return mac;
}

const SPACE = 0x20;
/**
 * base64url without padding: 32 bytes are 43 characters. Written here byte by byte rather than
 * through Buffer's own base64url, which makes a string per datagram (and a decode to compare).
 */
const MAC_CHARS = 43;
const BASE64URL = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 'latin1');
const macBytes = new Uint8Array(MAC_BYTES);
const expectedChars = new Uint8Array(MAC_CHARS);

/** The MAC of `bytes[0, end)` in base64url, written to `out` at `offset` (43 bytes). */
function writeSignature(secret: Buffer, bytes: Uint8Array, end: number, out: Uint8Array, offset: number): void {
  macOf(secret).sign(bytes, 0, end, macBytes);
  let o = offset;
  let i = 0;
  for (; i + 3 <= MAC_BYTES; i += 3) {
    const triple = (macBytes[i]! << 16) | (macBytes[i + 1]! << 8) | macBytes[i + 2]!;
    out[o++] = BASE64URL[triple >>> 18]!;
    out[o++] = BASE64URL[(triple >>> 12) & 63]!;
    out[o++] = BASE64URL[(triple >>> 6) & 63]!;
    out[o++] = BASE64URL[triple & 63]!;
  }
  // 32 = 10 * 3 + 2: the last two bytes are three characters.
  const pair = (macBytes[i]! << 8) | macBytes[i + 1]!;
  out[o++] = BASE64URL[pair >>> 10]!;
  out[o++] = BASE64URL[(pair >>> 4) & 63]!;
  out[o] = BASE64URL[(pair << 2) & 63]!;
}

export function encodeHeartbeat(hb: Heartbeat, secret: Buffer, kind: DatagramKind = 'heartbeat', row?: CarriedRow): Buffer {
  return encodeWithHead(datagramHead(kind, hb.cluster, hb.sender, hb.recipient, hb.epoch), hb.seq, hb.sentAt, hb.echo, secret, kind === 'row' ? row : undefined);
}

/**
 * The fields that stay the same for one kind, sender boot and recipient, as bytes with the space
 * after them: `<kind> <cluster> <sender> <recipient> <epoch> `. A sender keeps one per peer, so a
 * heartbeat costs no string building (1000 a second at 1000 peers).
 */
export function datagramHead(kind: DatagramKind, cluster: string, sender: string, recipient: string, epoch: number): Buffer {
  return Buffer.from(`${DATAGRAM_KINDS[kind]} ${cluster} ${sender} ${recipient} ${epoch} `, 'latin1');
}

/** A datagram from its head and the fields that change, written byte by byte and signed in place. */
export function encodeWithHead(head: Buffer, seq: number, sentAt: number, echo: number, secret: Buffer, row?: CarriedRow): Buffer {
  const carried = row === undefined ? '' : ` ${row.seq} ${row.membersDigest} ${row.runs} ${row.sig ?? '-'}`;
  const signedLength = head.length + decimalLength(seq) + 1 + decimalLength(sentAt) + 1 + decimalLength(echo) + carried.length;
  const datagram = Buffer.allocUnsafe(signedLength + 1 + MAC_CHARS);
  for (let i = 0; i < head.length; i++) datagram[i] = head[i]!;
  let o = writeDecimal(datagram, head.length, seq);
  datagram[o++] = SPACE;
  o = writeDecimal(datagram, o, sentAt);
  datagram[o++] = SPACE;
  o = writeDecimal(datagram, o, echo);
  if (carried !== '') o += datagram.write(carried, o, 'latin1');
  datagram[o] = SPACE;
  writeSignature(secret, datagram, o, datagram, o + 1);
  return datagram;
}

/** 10^0 … 10^15: a safe integer's digits are counted by comparisons, without dividing. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);

const isWritable = (value: number) => value >= 0 && Number.isSafeInteger(value);

/** Digits of a non-negative safe integer; anything else is written as JavaScript prints it (and refused by every decoder). */
function decimalLength(value: number): number {
  if (!isWritable(value)) return String(value).length;
  let length = 1;
  while (length < POWERS_OF_TEN.length && value >= POWERS_OF_TEN[length]!) length++;
  return length;
}

/**
 * Writes `value` in decimal at `offset`; returns the end. Millisecond times have 13 digits: they
 * are written as a high part and 8 low digits, each in 32-bit integer arithmetic.
 */
function writeDecimal(out: Buffer, offset: number, value: number): number {
  if (!isWritable(value)) return offset + out.write(String(value), offset, 'latin1');
  if (value < 2 ** 31) return writeDigits(out, offset, value, decimalLength(value));
  const high = Math.floor(value / 1e8);
  const end = writeDigits(out, offset, high, decimalLength(high));
  return writeDigits(out, end, value - high * 1e8, 8);
}

/** `digits` digits of a 32-bit `value` (zero-padded on the left). */
function writeDigits(out: Buffer, offset: number, value: number, digits: number): number {
  let rest = value | 0;
  for (let i = offset + digits - 1; i >= offset; i--) {
    const quotient = (rest / 10) | 0;
    out[i] = 0x30 + rest - quotient * 10;
    rest = quotient;
  }
  return offset + digits;
}

const ANY_RECIPIENT_BYTE = ANY_RECIPIENT.charCodeAt(0);
/** A row datagram's row without a signature (rows are unsigned without node keys). */
const UNSIGNED_ROW = 0x2d;

const FIELDS = 8;
const ROW_FIELDS = 4;
const ROW_PREFIX = Buffer.from(`${DATAGRAM_KINDS.row} `, 'latin1');
const MAX_TOKEN = 63;
const MAX_DIGITS = 16;
/** Digits that always parse exactly by accumulation (below 2^53). */
const EXACT_DIGITS = 15;
const DIGEST_CHARS = 43;
const ROW_SIGNATURE_CHARS = 86;

/**
 * Character classes of the fields, one table lookup per byte: the datagram is parsed in place,
 * without splitting it into strings or running regular expressions (4000 datagrams a second at
 * 1000 peers). Tokens are [A-Za-z0-9._-], integers decimal digits, signatures base64url, runs [ud?0-9].
 */
const TOKEN_CHAR = 1;
const DIGIT = 2;
const BASE64URL_CHAR = 4;
const STATE_CHAR = 8;
const CHAR_CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9._-]/.test(ch)) CHAR_CLASS[c]! |= TOKEN_CHAR;
  if (/[0-9]/.test(ch)) CHAR_CLASS[c]! |= DIGIT;
  if (/[A-Za-z0-9_-]/.test(ch)) CHAR_CLASS[c]! |= BASE64URL_CHAR;
  if (/[ud?]/.test(ch)) CHAR_CLASS[c]! |= STATE_CHAR;
}

/** Field boundaries of the datagram being decoded (shared: decoding runs to completion). */
const MAX_FIELDS = FIELDS + ROW_FIELDS + 1;
const fieldStart = new Int32Array(MAX_FIELDS);
const fieldEnd = new Int32Array(MAX_FIELDS);

/** Splits at spaces into fieldStart/fieldEnd; returns the number of fields, or -1 when there are more than MAX_FIELDS. */
function splitFields(datagram: Buffer): number {
  let count = 0;
  let start = 0;
  for (let i = 0; i <= datagram.length; i++) {
    if (i < datagram.length && datagram[i] !== SPACE) continue;
    if (count === MAX_FIELDS) return -1;
    fieldStart[count] = start;
    fieldEnd[count] = i;
    count++;
    start = i + 1;
  }
  return count;
}

function allOf(datagram: Buffer, field: number, charClass: number, minLength: number, maxLength: number): boolean {
  const start = fieldStart[field]!;
  const end = fieldEnd[field]!;
  if (end - start < minLength || end - start > maxLength) return false;
  for (let i = start; i < end; i++) if ((CHAR_CLASS[datagram[i]!]! & charClass) === 0) return false;
  return true;
}

const isToken = (d: Buffer, field: number) => allOf(d, field, TOKEN_CHAR, 1, MAX_TOKEN);
const isInteger = (d: Buffer, field: number) => allOf(d, field, DIGIT, 1, MAX_DIGITS);
/** Runs: a state, then states or counts ([ud?][ud?0-9]*). */
const isRuns = (d: Buffer, field: number) => fieldEnd[field]! > fieldStart[field]! && (CHAR_CLASS[d[fieldStart[field]!]!]! & STATE_CHAR) !== 0 && allOf(d, field, STATE_CHAR | DIGIT, 1, Infinity);

function text(datagram: Buffer, field: number): string {
  return datagram.toString('latin1', fieldStart[field], fieldEnd[field]);
}

/** The names a datagram carries: the same few thousand every interval, kept rather than cut anew. */
export const DATAGRAM_NAMES = new TokenInterner();

function name(datagram: Buffer, field: number): string {
  return DATAGRAM_NAMES.intern(datagram, fieldStart[field]!, fieldEnd[field]!);
}

function startsWith(datagram: Buffer, prefix: Buffer): boolean {
  if (datagram.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (datagram[i] !== prefix[i]) return false;
  return true;
}

function integer(datagram: Buffer, field: number): number {
  const start = fieldStart[field]!;
  const end = fieldEnd[field]!;
  if (end - start > EXACT_DIGITS) return Number(text(datagram, field));
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + (datagram[i]! - 0x30);
  return value;
}

/** The kind whose prefix is the first field exactly, if any. */
function kindOf(datagram: Buffer): DatagramKind | undefined {
  const length = fieldEnd[0]! - fieldStart[0]!;
  for (const { kind, bytes } of KIND_PREFIXES) {
    if (bytes.length !== length) continue;
    let i = 0;
    while (i < length && datagram[i] === bytes[i]) i++;
    if (i === length) return kind;
  }
  return undefined;
}

/** Parses and authenticates a datagram. Checks that need receiver state (cluster, recipient, sender, replay) are the caller's. */
export function decodeHeartbeat(datagram: Buffer, secret: Buffer): Decoded {
  // Only a row datagram may be longer than a heartbeat (checked before anything is parsed).
  if (datagram.length > MAX_HEARTBEAT_BYTES && (datagram.length > MAX_ROW_DATAGRAM_BYTES || !startsWith(datagram, ROW_PREFIX))) return { ok: false, reason: 'oversized' };
  const count = splitFields(datagram);
  const kind = kindOf(datagram);
  if (kind === undefined) return { ok: false, reason: OTHER_VERSION.test(text(datagram, 0)) ? 'unsupported_version' : 'malformed' };
  const fields = kind === 'row' ? FIELDS + ROW_FIELDS : FIELDS;
  if (count < fields || count > fields + 1) return { ok: false, reason: 'malformed' };
  if (kind === 'row') {
    const rowUnsigned = fieldEnd[FIELDS + 3]! - fieldStart[FIELDS + 3]! === 1 && datagram[fieldStart[FIELDS + 3]!] === UNSIGNED_ROW;
    if (!isInteger(datagram, FIELDS) || !allOf(datagram, FIELDS + 1, BASE64URL_CHAR, DIGEST_CHARS, DIGEST_CHARS) || !isRuns(datagram, FIELDS + 2) || !(rowUnsigned || allOf(datagram, FIELDS + 3, BASE64URL_CHAR, ROW_SIGNATURE_CHARS, ROW_SIGNATURE_CHARS))) {
      return { ok: false, reason: 'malformed' };
    }
  }
  const recipientIsAny = fieldEnd[3]! - fieldStart[3]! === 1 && datagram[fieldStart[3]!] === ANY_RECIPIENT_BYTE;
  if (!isToken(datagram, 1) || !isToken(datagram, 2) || !(isToken(datagram, 3) || (kind === 'hello' && recipientIsAny)) || !isInteger(datagram, 4) || !isInteger(datagram, 5) || !isInteger(datagram, 6) || !isInteger(datagram, 7)) {
    return { ok: false, reason: 'malformed' };
  }
  if (count === fields || fieldEnd[fields] === fieldStart[fields]) return { ok: false, reason: 'unsigned' };
  if (fieldEnd[fields]! - fieldStart[fields]! !== MAC_CHARS) return { ok: false, reason: 'bad_signature' };
  // The expected MAC in its own characters, compared without an early exit (no timing oracle).
  const signedEnd = fieldStart[fields]! - 1;
  writeSignature(secret, datagram, signedEnd, expectedChars, 0);
  let difference = 0;
  for (let i = 0; i < MAC_CHARS; i++) difference |= expectedChars[i]! ^ datagram[signedEnd + 1 + i]!;
  if (difference !== 0) return { ok: false, reason: 'bad_signature' };
  const heartbeat: Heartbeat = { cluster: name(datagram, 1), sender: name(datagram, 2), recipient: name(datagram, 3), epoch: integer(datagram, 4), seq: integer(datagram, 5), sentAt: integer(datagram, 6), echo: integer(datagram, 7) };
  if (kind !== 'row') return { ok: true, kind, heartbeat };
  const rowSig = text(datagram, FIELDS + 3);
  const row: CarriedRow = { seq: integer(datagram, FIELDS), membersDigest: text(datagram, FIELDS + 1), runs: text(datagram, FIELDS + 2) };
  if (rowSig !== '-') row.sig = rowSig;
  return { ok: true, kind, heartbeat, row };
}
