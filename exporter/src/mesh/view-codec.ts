/**
 * The JSON view that agents serve on /api/v1/view and pull from each other. Peer responses are
 * untrusted input: validated by schema, and only the rows are used.
 */
import { z } from 'zod';
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
}

export interface WireView {
  version: number;
  cluster: string;
  node: NodeName;
  epoch: number;
  members: NodeName[];
  ready: boolean;
  rows: WireRow[];
  verdict: Verdict | null;
}

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/);
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const peerViewSchema = z.object({
  version: z.literal(VIEW_VERSION),
  cluster: name,
  node: name,
  epoch: count,
  members: z.array(name).max(10_000),
  ready: z.boolean(),
  rows: z
    .array(
      z.object({
        origin: name,
        epoch: count,
        seq: count,
        ageMs: z.number().nonnegative().max(86_400_000),
        inbound: z.string().max(10_000).regex(/^[ud?]*$/),
      }),
    )
    .max(10_000),
});

export type PeerView = z.infer<typeof peerViewSchema>;
