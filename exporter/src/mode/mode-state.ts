/**
 * This node's partition mode as applications see it: the mode of the latest verdict, since when it
 * holds, and a version that grows on every change. Listeners (the change stream) hear each change
 * at once, from the evaluation that made it.
 */
import { partitionModeOf, sameMode, type PartitionMode } from '../analysis/partition-mode';
import type { Verdict } from '../analysis/types';

export interface ModeSnapshot extends PartitionMode {
  cluster: string;
  node: string;
  /** When this mode began (wall clock, ISO 8601): for people; ages use forSeconds. */
  since: string;
  /** How long this mode has held, from the agent's monotonic clock. */
  forSeconds: number;
  /** Grows by one on every change: an event id, and a way to see a missed change. */
  version: number;
}

export type ModeListener = (snapshot: ModeSnapshot) => void;

export class ModeState {
  private current: PartitionMode;
  private sinceWall: number;
  private sinceMonotonic: number;
  private version = 1;
  private readonly listeners = new Set<ModeListener>();

  constructor(
    private readonly identity: { cluster: string; node: string },
    private readonly clock: { wall: () => number; monotonic: () => number },
  ) {
    this.current = partitionModeOf(undefined);
    this.sinceWall = clock.wall();
    this.sinceMonotonic = clock.monotonic();
  }

  /** Called after every evaluation; notifies listeners only when the mode changed. */
  update(verdict: Verdict | undefined): void {
    const next = partitionModeOf(verdict);
    if (sameMode(next, this.current)) {
      this.current = next; // the reason's numbers may move without a change of mode
      return;
    }
    this.current = next;
    this.sinceWall = this.clock.wall();
    this.sinceMonotonic = this.clock.monotonic();
    this.version++;
    const snapshot = this.snapshot();
    for (const listener of this.listeners) listener(snapshot);
  }

  snapshot(): ModeSnapshot {
    return {
      ...this.identity,
      ...this.current,
      since: new Date(this.sinceWall).toISOString(),
      forSeconds: Math.max(0, Math.round(this.clock.monotonic() - this.sinceMonotonic) / 1000),
      version: this.version,
    };
  }

  /** Returns the function that stops listening. */
  subscribe(listener: ModeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
