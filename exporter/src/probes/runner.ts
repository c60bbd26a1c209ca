/**
 * The one probe runner (blackbox_exporter's prober framework is the model). The runner owns what
 * every probe family needs alike: the schedule (a round every interval, never two rounds of one
 * family at once), each probe's deadline, name resolution inside that deadline, timing, the
 * failure kind of a probe that threw or ran out of time, and the log lines when a target starts
 * failing, changes how it fails, or answers again. A family only says how to speak its protocol
 * (`probe`) and what to do with each result (`onResult`, `onRoundEnd`).
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from '../log';
import { withDeadline } from './deadline';
import { describe, failureKind } from './failure-kind';
import type { ProbeFailureKind } from './replication-model';
import type { HostResolver } from './resolver';

export interface ProbeFailure {
  kind: ProbeFailureKind;
  message: string;
  /** The system error code, when a socket call failed (ECONNREFUSED, EHOSTUNREACH, …). */
  code?: string;
}

export interface ProbeContext {
  /** Aborted at the deadline: a driver may stop early; the runner answers at the deadline anyway. */
  signal: AbortSignal;
  /** The target's host, resolved. */
  address: string;
  /** What is left of the deadline after name resolution. */
  remainingMs: number;
}

export interface ProbeOutcome<O> {
  observation: O;
  /** When the probe started (monotonic ms). */
  startedAt: number;
  durationSeconds: number;
}

/** One probe of one target, as a family defines it. */
export interface ProbeSpec<T, O> {
  host(target: T): string;
  deadlineMs(target: T): number;
  /** Speaks the protocol. May throw: the error becomes a failure with a kind. */
  probe(target: T, context: ProbeContext): Promise<O>;
  /** What a probe that failed outside the driver's own answer reads as (deadline, throw, name). */
  failed(target: T, failure: ProbeFailure): O;
  /** What this driver's errors say when another protocol answered on the port. */
  wrongServer?: RegExp;
}

export interface ProbeFamily<T, O> extends ProbeSpec<T, O> {
  /** Family name for logs (tcp, etcd, postgres, …). */
  name: string;
  /** First words of the log lines ("replication" → "replication probe failed"); the name by default. */
  subject?: string;
  targets: readonly T[];
  /** Labels that name the target in log lines. */
  labels(target: T): Record<string, string>;
  /** undefined when the observation is an answer; else why not. */
  failureOf(observation: O): ProbeFailure | undefined;
  onResult(target: T, outcome: ProbeOutcome<O>): void;
  onRoundEnd?(): void;
}

export interface ProbeRunner {
  start(): void;
  /** Resolves once the round in flight (if any) is over. */
  stop(): Promise<void>;
}

const monotonic = () => performance.now();
/** Words that never match: for drivers whose errors cannot mean "another protocol". */
const NOTHING = /(?!)/;

/** One probe under its deadline: resolution, the driver, timing, and failures given a kind. */
export async function runProbe<T, O>(spec: ProbeSpec<T, O>, target: T, resolver: HostResolver): Promise<ProbeOutcome<O>> {
  const startedAt = monotonic();
  const deadlineMs = spec.deadlineMs(target);
  const outcome = (observation: O): ProbeOutcome<O> => ({ observation, startedAt, durationSeconds: (monotonic() - startedAt) / 1000 });
  const resolved = await resolver.resolve(spec.host(target), deadlineMs);
  if (!resolved.ok) return outcome(spec.failed(target, { kind: 'unreachable', message: resolved.message, ...(resolved.code === undefined ? {} : { code: resolved.code }) }));
  const remainingMs = Math.max(1, deadlineMs - (monotonic() - startedAt));
  const observation = await withDeadline<O>(
    remainingMs,
    (signal) =>
      spec.probe(target, { signal, address: resolved.address, remainingMs }).catch((error: unknown) => {
        const { code, message } = describe(error);
        return spec.failed(target, { kind: failureKind(error, spec.wrongServer ?? NOTHING), message, ...(code === undefined ? {} : { code }) });
      }),
    () => spec.failed(target, { kind: 'timeout', message: `no answer within ${deadlineMs} ms` }),
  );
  return outcome(observation);
}

export function createProbeRunner<T, O>(family: ProbeFamily<T, O>, options: { intervalMs: number; log: Logger; resolver: HostResolver }): ProbeRunner {
  const { log, resolver } = options;
  const subject = family.subject ?? family.name;
  const lastFailure = new Map<T, ProbeFailure | undefined>();
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> | undefined;

  function logTransition(target: T, observation: O): void {
    const failure = family.failureOf(observation);
    const seen = lastFailure.has(target);
    const before = lastFailure.get(target);
    lastFailure.set(target, failure);
    if (failure !== undefined && (before === undefined || before.kind !== failure.kind)) {
      log.warn(`${subject} probe failed`, { family: family.name, ...family.labels(target), kind: failure.kind, error: failure.message });
    } else if (failure === undefined && seen && before !== undefined) {
      log.info(`${subject} probe answers`, { family: family.name, ...family.labels(target) });
    }
  }

  async function probeAll(): Promise<void> {
    await Promise.all(
      family.targets.map(async (target) => {
        const outcome = await runProbe(family, target, resolver);
        logTransition(target, outcome.observation);
        family.onResult(target, outcome);
      }),
    );
    family.onRoundEnd?.();
  }

  function tick(): void {
    // A slow round delays the next one instead of piling up beside it.
    if (round !== undefined) return;
    round = probeAll()
      .catch((error: unknown) => log.error(`${subject} probe round failed`, { family: family.name, error: describe(error).message }))
      .finally(() => {
        round = undefined;
      });
  }

  return {
    start() {
      tick();
      timer = setInterval(tick, options.intervalMs);
    },
    async stop() {
      clearInterval(timer);
      await round;
    },
  };
}
