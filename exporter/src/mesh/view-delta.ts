/**
 * The delta view: what a peer gets when it names the cursor of its last pull. Only rows stamped
 * after the cursor (row-store.ts: changed, or renewed once per refresh window) are sent; a row
 * whose states the requester already holds goes as a refresh (index, seq, age, states hash) and
 * a changed one in full with its states in runs. A steady cluster of 1000 nodes then costs a
 * refresh per origin and window instead of 1000 rows of 1000 characters per pull.
 *
 * The cursor is `<server epoch>.<stamp>.<membership digest prefix>`: a restarted server, or one
 * whose membership changed, does not recognise it and answers with everything and the member list.
 */
import type { NodeName } from '../analysis/types';
import type { RowStamp, StoredRow } from './row-store';
import { encodeRuns } from './state-runs';
import { DELTA_VIEW_VERSION, type WireDelta, type WireDeltaRow, type WireRefresh } from './view-codec';

/** Rows and refreshes of one response stop after about this many bytes; the rest follows with `more`. */
export const MAX_DELTA_ROW_BYTES = 256 * 1024;
const DIGEST_PREFIX = 16;

export interface DeltaSource {
  cluster: string;
  node: NodeName;
  epoch: number;
  members: readonly NodeName[];
  membersDigest: string;
  indexOf(member: NodeName): number | undefined;
  ready: boolean;
  rows: ReadonlyMap<NodeName, StoredRow>;
  stampOf(origin: NodeName): RowStamp | undefined;
  latestStamp: number;
  now: number;
  maxAgeMs: number;
  /** A row's states in `members` order. */
  statesOf(row: StoredRow): string;
  /** The signature a row travels with (the own row's is made on demand). */
  signatureOf(row: StoredRow, states: string): string | undefined;
}

function cursorOf(source: DeltaSource, stamp: number): string {
  return `${source.epoch}.${stamp}.${source.membersDigest.slice(0, DIGEST_PREFIX)}`;
}

/** The stamp a cursor stands for here, or 0 when it is not one of this server's boot and membership. */
export function stampOfCursor(source: Pick<DeltaSource, 'epoch' | 'membersDigest' | 'latestStamp'>, since: string): number {
  const [epoch, stamp, digest] = since.split('.');
  if (epoch !== String(source.epoch) || digest !== source.membersDigest.slice(0, DIGEST_PREFIX) || stamp === undefined || !/^\d{1,15}$/.test(stamp)) return 0;
  const value = Number(stamp);
  return value <= source.latestStamp ? value : 0;
}

export function deltaView(source: DeltaSource, since: string, maxRowBytes = MAX_DELTA_ROW_BYTES): WireDelta {
  const from = stampOfCursor(source, since);
  const due: { row: StoredRow; stamp: RowStamp }[] = [];
  for (const [origin, row] of source.rows) {
    const stamp = source.stampOf(origin);
    if (stamp === undefined || stamp.stamp <= from || source.now - row.bornAt > source.maxAgeMs) continue;
    due.push({ row, stamp });
  }
  due.sort((a, b) => a.stamp.stamp - b.stamp.stamp);
  const rows: WireDeltaRow[] = [];
  const refresh: WireRefresh[] = [];
  let bytes = 0;
  let last = source.latestStamp;
  let more = false;
  for (const { row, stamp } of due) {
    if (bytes > maxRowBytes) {
      more = true;
      break;
    }
    const index = source.indexOf(row.origin);
    if (index === undefined) continue;
    const ageMs = Math.max(0, Math.round(source.now - row.bornAt));
    // A refresh renews states the requester got at or before its cursor, in this member order.
    const renews = from > 0 && stamp.statesStamp <= from && row.compact?.order === source.members;
    const states = renews ? row.compact!.states : source.statesOf(row);
    const sig = source.signatureOf(row, states);
    if (renews) {
      refresh.push(sig === undefined ? [index, row.seq, ageMs, stamp.hash] : [index, row.seq, ageMs, stamp.hash, sig]);
      bytes += 40 + (sig?.length ?? 0);
    } else {
      const runs = encodeRuns(states);
      rows.push(sig === undefined ? [index, row.epoch, row.seq, ageMs, runs] : [index, row.epoch, row.seq, ageMs, runs, sig]);
      bytes += 50 + runs.length + (sig?.length ?? 0);
    }
    last = stamp.stamp;
  }
  if (!more) last = source.latestStamp;
  const delta: WireDelta = {
    version: DELTA_VIEW_VERSION,
    cluster: source.cluster,
    node: source.node,
    epoch: source.epoch,
    membersDigest: source.membersDigest,
    ready: source.ready,
    cursor: cursorOf(source, last),
    more,
    rows,
    refresh,
  };
  return from === 0 ? { ...delta, members: [...source.members] } : delta;
}
