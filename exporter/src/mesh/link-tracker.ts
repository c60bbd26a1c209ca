/**
 * Damped state of one inbound link source→self, from heartbeat arrivals:
 * down after `downAfter` intervals without a heartbeat, up after `upAfter` heartbeats arrived
 * without such a gap. Unknown until either has happened since start.
 */
import type { LinkState } from '../analysis/types';
import { ReplayWindow } from './replay-window';

export interface Damping {
  intervalMs: number;
  downAfter: number;
  upAfter: number;
}

export interface Transition {
  from: LinkState;
  to: LinkState;
  at: number;
}

export class LinkTracker {
  readonly replay = new ReplayWindow();
  private current: LinkState = 'unknown';
  private lastHeardAt: number | undefined;
  /** Heartbeats received since the last silence longer than the down threshold. */
  private streak = 0;
  private since: number;

  constructor(
    private readonly damping: Damping,
    private readonly startedAt: number,
  ) {
    this.since = startedAt;
  }

  get state(): LinkState {
    return this.current;
  }

  /** Local time (ms) of the last state change, or of start. */
  get changedAt(): number {
    return this.since;
  }

  get heardAt(): number | undefined {
    return this.lastHeardAt;
  }

  private get silenceLimitMs(): number {
    return this.damping.downAfter * this.damping.intervalMs;
  }

  /** A verified heartbeat arrived at `now`. */
  heard(now: number): Transition | undefined {
    if (this.lastHeardAt !== undefined && now - this.lastHeardAt > this.silenceLimitMs) this.streak = 0;
    this.lastHeardAt = now;
    this.streak++;
    if (this.current !== 'up' && this.streak >= this.damping.upAfter) return this.become('up', now);
    return undefined;
  }

  /**
   * The time after which tick() may change this link: the end of the current silence allowance.
   * Infinity when down, since a down link changes only when heard (heard() itself forgets a
   * streak broken by a long silence).
   */
  get tickDueAfter(): number {
    return this.current === 'down' ? Infinity : (this.lastHeardAt ?? this.startedAt) + this.silenceLimitMs;
  }

  /** Time passes: declares the link down after a long enough silence. */
  tick(now: number): Transition | undefined {
    const silentSince = this.lastHeardAt ?? this.startedAt;
    if (now - silentSince <= this.silenceLimitMs) return undefined;
    this.streak = 0;
    return this.current === 'down' ? undefined : this.become('down', now);
  }

  lossRatio(): number {
    return this.current === 'down' ? 1 : this.replay.lossRatio();
  }

  private become(to: LinkState, at: number): Transition {
    const transition = { from: this.current, to, at };
    this.current = to;
    this.since = at;
    return transition;
  }
}
