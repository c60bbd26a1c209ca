/**
 * The JSON view that agents serve on /api/v1/view and pull from each other. Peer responses are
 * untrusted input: validated by schema, and only the rows are used.
 *
 * Two versions: 1, every row in full with the verdict (what a request without `since` gets, and
 * what agents before delta views serve), and 2, the delta (view-delta.ts): only rows stamped after
 * the requester's cursor, states in runs, origins by index, the member list only when the
 * requester does not hold it. docs/api.md describes both.
 */
import type { NodeName, Verdict } from '../analysis/types';
import { decodeRuns } from './state-runs';

export const VIEW_VERSION = 1;
export const DELTA_VIEW_VERSION = 2;
/** Upper bound on a peer's view we are willing to read (1000 members fit comfortably). */
export const MAX_VIEW_BYTES = 4 * 1024 * 1024;

export interface WireRow {
  origin: NodeName;
  epoch: number;
  seq: number;
  /** How long the sender has held this row (ms) — never a wall-clock time. */
  ageMs: number;
  /** One character per member in `members` order: u up, d down, ? unknown. */
  inbound: string;
  /** The origin's Ed25519 signature (row-signature.ts), when per-node keys are configured. */
  sig?: string;
}

export interface WireView {
  version: typeof VIEW_VERSION;
  cluster: string;
  node: NodeName;
  epoch: number;
  members: NodeName[];
  ready: boolean;
  rows: WireRow[];
  verdict: WireVerdict | null;
}

/** The verdict as served beside the rows. */
export type WireVerdict = Verdict;

/** A full row of a delta: `[originIndex, epoch, seq, ageMs, runs, sig?]`. */
export type WireDeltaRow = [number, number, number, number, string] | [number, number, number, number, string, string];
/** A refresh: the origin's row has a newer seq, states unchanged (named by statesHash): `[originIndex, seq, ageMs, hash, sig?]`. */
export type WireRefresh = [number, number, number, string] | [number, number, number, string, string];

export interface WireDelta {
  version: typeof DELTA_VIEW_VERSION;
  cluster: string;
  node: NodeName;
  epoch: number;
  /** Present when the requester's cursor does not name this membership (first pull, a change, a restart). */
  members?: NodeName[];
  /** sha256 of the member list (row-signature.ts): which membership the indexes refer to. */
  membersDigest: string;
  ready: boolean;
  /** Pass back as `since` to get only what changes after this response. */
  cursor: string;
  /** More changes are held than fit one response: ask again at once with `cursor`. */
  more: boolean;
  rows: WireDeltaRow[];
  refresh: WireRefresh[];
}

/** A refreshed row as this agent uses it: the held row of `origin` renewed at `seq`, when its states hash to `hash`. */
export interface RefreshRow {
  origin: NodeName;
  seq: number;
  ageMs: number;
  hash: string;
  sig?: string;
}

/** A peer's view as this agent uses it: the rows; the peer's verdict is not trusted or needed. */
export interface PeerView extends Omit<WireView, 'verdict' | 'version'> {
  version: typeof VIEW_VERSION | typeof DELTA_VIEW_VERSION;
  refresh?: RefreshRow[];
  cursor?: string;
  more?: boolean;
  membersDigest?: string;
}

/** The membership a requester holds for a peer's cursor, to read a delta without a member list. */
export interface HeldMembership {
  members: readonly NodeName[];
  digest: string;
}

export type Validated = { ok: true; view: PeerView } | { ok: false; detail: string };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const STATES = /^[ud?]*$/;
const SIGNATURE = /^[A-Za-z0-9_-]{86}$/;
const LIMIT = 10_000;

const isName = (v: unknown): v is string => typeof v === 'string' && NAME.test(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Validates an untrusted peer view. Hand-written rather than a zod schema because it runs for
 * every pulled view on the agent's hot path (200 rows × several pulls per second at 200 peers);
 * the checks are the same a schema would make, and the first failure is named by its path.
 */
export function validatePeerView(json: unknown, held?: HeldMembership): Validated {
  const fail = (detail: string): Validated => ({ ok: false, detail });
  if (typeof json !== 'object' || json === null) return fail('not an object');
  const v = json as Record<string, unknown>;
  if (v.version === DELTA_VIEW_VERSION) return validateDelta(v, held);
  if (v.version !== VIEW_VERSION) return fail(`version: expected ${VIEW_VERSION} or ${DELTA_VIEW_VERSION}`);
  if (!isName(v.cluster)) return fail('cluster: expected a name');
  if (!isName(v.node)) return fail('node: expected a name');
  if (!isCount(v.epoch)) return fail('epoch: expected a non-negative integer');
  if (typeof v.ready !== 'boolean') return fail('ready: expected a boolean');
  if (!Array.isArray(v.members) || v.members.length > LIMIT) return fail(`members: expected at most ${LIMIT} names`);
  for (let i = 0; i < v.members.length; i++) if (!isName(v.members[i])) return fail(`members.${i}: expected a name`);
  if (!Array.isArray(v.rows) || v.rows.length > LIMIT) return fail(`rows: expected at most ${LIMIT} rows`);
  const rows: WireRow[] = [];
  for (let i = 0; i < v.rows.length; i++) {
    const r = v.rows[i] as Record<string, unknown> | null;
    if (typeof r !== 'object' || r === null) return fail(`rows.${i}: expected an object`);
    if (!isName(r.origin)) return fail(`rows.${i}.origin: expected a name`);
    if (!isCount(r.epoch)) return fail(`rows.${i}.epoch: expected a non-negative integer`);
    if (!isCount(r.seq)) return fail(`rows.${i}.seq: expected a non-negative integer`);
    if (typeof r.ageMs !== 'number' || !(r.ageMs >= 0 && r.ageMs <= 86_400_000)) return fail(`rows.${i}.ageMs: expected 0 to 86400000`);
    if (typeof r.inbound !== 'string' || r.inbound.length > LIMIT || !STATES.test(r.inbound)) return fail(`rows.${i}.inbound: expected u, d and ? only`);
    if (r.sig !== undefined && (typeof r.sig !== 'string' || !SIGNATURE.test(r.sig))) return fail(`rows.${i}.sig: expected 86 base64url characters`);
    rows.push(r.sig === undefined ? { origin: r.origin, epoch: r.epoch, seq: r.seq, ageMs: r.ageMs, inbound: r.inbound } : { origin: r.origin, epoch: r.epoch, seq: r.seq, ageMs: r.ageMs, inbound: r.inbound, sig: r.sig });
  }
  return { ok: true, view: { version: VIEW_VERSION, cluster: v.cluster, node: v.node, epoch: v.epoch, members: v.members as string[], ready: v.ready, rows } };
}

const DIGEST = /^[A-Za-z0-9_-]{43}$/;
const CURSOR = /^[A-Za-z0-9._-]{1,128}$/;
const HASH = /^[0-9a-z]{1,5}$/;

function validateDelta(v: Record<string, unknown>, held: HeldMembership | undefined): Validated {
  const fail = (detail: string): Validated => ({ ok: false, detail });
  if (!isName(v.cluster)) return fail('cluster: expected a name');
  if (!isName(v.node)) return fail('node: expected a name');
  if (!isCount(v.epoch)) return fail('epoch: expected a non-negative integer');
  if (typeof v.ready !== 'boolean') return fail('ready: expected a boolean');
  if (typeof v.membersDigest !== 'string' || !DIGEST.test(v.membersDigest)) return fail('membersDigest: expected 43 base64url characters');
  if (typeof v.cursor !== 'string' || !CURSOR.test(v.cursor)) return fail('cursor: expected up to 128 characters of A-Z a-z 0-9 . _ -');
  if (typeof v.more !== 'boolean') return fail('more: expected a boolean');
  let members: readonly string[];
  if (v.members !== undefined) {
    if (!Array.isArray(v.members) || v.members.length > LIMIT) return fail(`members: expected at most ${LIMIT} names`);
    for (let i = 0; i < v.members.length; i++) if (!isName(v.members[i])) return fail(`members.${i}: expected a name`);
    members = v.members as string[];
  } else if (held !== undefined && held.digest === v.membersDigest) {
    members = held.members;
  } else {
    return fail('members: a delta without a member list must name the membership of an earlier full view (membersDigest)');
  }
  const n = members.length;
  const isIndex = (x: unknown): x is number => isCount(x) && x < n;
  const isAge = (x: unknown): x is number => typeof x === 'number' && x >= 0 && x <= 86_400_000;
  const isSig = (x: unknown): x is string | undefined => x === undefined || (typeof x === 'string' && SIGNATURE.test(x));
  if (!Array.isArray(v.rows) || v.rows.length > LIMIT) return fail(`rows: expected at most ${LIMIT} rows`);
  const rows: WireRow[] = [];
  for (let i = 0; i < v.rows.length; i++) {
    const r: unknown = v.rows[i];
    if (!Array.isArray(r) || r.length < 5 || r.length > 6) return fail(`rows.${i}: expected [originIndex, epoch, seq, ageMs, runs, sig?]`);
    const [index, epoch, seq, ageMs, runs, sig] = r as unknown[];
    if (!isIndex(index)) return fail(`rows.${i}.0: expected a member index below ${n}`);
    if (!isCount(epoch)) return fail(`rows.${i}.1: expected a non-negative integer epoch`);
    if (!isCount(seq)) return fail(`rows.${i}.2: expected a non-negative integer seq`);
    if (!isAge(ageMs)) return fail(`rows.${i}.3: expected an age of 0 to 86400000 ms`);
    const inbound = typeof runs === 'string' ? decodeRuns(runs, n) : undefined;
    if (inbound === undefined) return fail(`rows.${i}.4: expected runs of u, d and ? adding up to ${n} members`);
    if (!isSig(sig)) return fail(`rows.${i}.5: expected 86 base64url characters`);
    const origin = members[index]!;
    rows.push(sig === undefined ? { origin, epoch, seq, ageMs, inbound } : { origin, epoch, seq, ageMs, inbound, sig });
  }
  if (!Array.isArray(v.refresh) || v.refresh.length > LIMIT) return fail(`refresh: expected at most ${LIMIT} entries`);
  const refresh: RefreshRow[] = [];
  for (let i = 0; i < v.refresh.length; i++) {
    const r: unknown = v.refresh[i];
    if (!Array.isArray(r) || r.length < 4 || r.length > 5) return fail(`refresh.${i}: expected [originIndex, seq, ageMs, hash, sig?]`);
    const [index, seq, ageMs, hash, sig] = r as unknown[];
    if (!isIndex(index)) return fail(`refresh.${i}.0: expected a member index below ${n}`);
    if (!isCount(seq)) return fail(`refresh.${i}.1: expected a non-negative integer seq`);
    if (!isAge(ageMs)) return fail(`refresh.${i}.2: expected an age of 0 to 86400000 ms`);
    if (typeof hash !== 'string' || !HASH.test(hash)) return fail(`refresh.${i}.3: expected a states hash (1 to 5 of 0-9 a-z)`);
    if (!isSig(sig)) return fail(`refresh.${i}.4: expected 86 base64url characters`);
    const origin = members[index]!;
    refresh.push(sig === undefined ? { origin, seq, ageMs, hash } : { origin, seq, ageMs, hash, sig });
  }
  return {
    ok: true,
    view: { version: DELTA_VIEW_VERSION, cluster: v.cluster, node: v.node, epoch: v.epoch, members: members as string[], ready: v.ready, rows, refresh, cursor: v.cursor, more: v.more, membersDigest: v.membersDigest },
  };
}
