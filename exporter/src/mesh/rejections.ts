/**
 * Why the mesh refuses input, as the `reason` label of the rejection counters names it
 * (docs/metrics.md). Hostile or broken input is dropped and counted under one of these, never
 * thrown.
 */

/** A heartbeat datagram dropped (netsplit_heartbeat_rejected_total). */
export const HEARTBEAT_REJECT_REASONS = [
  'oversized',
  'malformed',
  // Another netsplit wire version (ns1, ns3, …): mixed versions do not talk.
  'unsupported_version',
  'unsigned',
  'bad_signature',
  'wrong_cluster',
  'unknown_sender',
  'stale',
  'replayed',
  // Signed for another peer: a relayed copy proves nothing about the path to this agent.
  'wrong_recipient',
  // Not from the sender's configured address (heartbeat.checkSource).
  'wrong_address',
  // Sent to this agent's previous process: a replay after a restart.
  'before_restart',
  // A boot epoch later than its own send time: forged to outlive every later heartbeat.
  'future_epoch',
  // A departure from an earlier boot of its sender than the one this agent knows.
  'stale_departure',
] as const;
export type HeartbeatRejectReason = (typeof HEARTBEAT_REJECT_REASONS)[number];

/** A view request to this agent, or a view pulled from a peer, refused (netsplit_view_rejected_total). */
export const VIEW_REJECT_REASONS = [
  'oversized',
  'malformed',
  'unauthenticated',
  'bad_signature',
  'stale',
  'wrong_cluster',
  // A request's Authorization header used a second time.
  'replayed',
  // A pulled view not signed by the peer for this request: a fake server or a replay.
  'unsigned_response',
  'bad_response_signature',
] as const;
export type ViewRejectReason = (typeof VIEW_REJECT_REASONS)[number];

/** Rows of an accepted view that were not taken (per row: one bad row spoils nothing else). */
export const ROW_REJECT_REASONS = ['unsigned', 'bad_signature', 'membership', 'future_epoch', 'future_seq'] as const;
export type RowRejectReason = (typeof ROW_REJECT_REASONS)[number];
