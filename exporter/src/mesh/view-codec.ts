/**
 * The JSON view that agents serve on /api/v1/view and pull from each other. Peer responses are
 * untrusted input: validated by schema, and only the rows are used.
 */
import type { NodeName, Verdict } from '../analysis/types';

export const VIEW_VERSION = 1;
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

/** A peer's view as this agent uses it: the rows; the peer's verdict is not trusted or needed. */
export type PeerView = Omit<WireView, 'verdict'>;

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
export function validatePeerView(json: unknown): Validated {
  const fail = (detail: string): Validated => ({ ok: false, detail });
  if (typeof json !== 'object' || json === null) return fail('not an object');
  const v = json as Record<string, unknown>;
  if (v.version !== VIEW_VERSION) return fail(`version: expected ${VIEW_VERSION}`);
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
