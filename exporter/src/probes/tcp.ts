/**
 * The runbook's "telnet" check: can this node open a TCP connection to a service port within a
 * deadline? Refused (something answered RST) and timed out (nothing answered, as across a
 * partition) are told apart, because they mean different things at 3 AM. The driver only
 * connects; the runner gives it its deadline, its resolved address and its failure kind.
 */
import { connect } from 'node:net';
import type { HostPort } from '../config/address';
import { HostResolver } from './resolver';
import { runProbe, type ProbeContext, type ProbeFailure, type ProbeSpec } from './runner';

export const TCP_RESULTS = ['ok', 'refused', 'timeout', 'unreachable', 'error'] as const;
export type TcpResult = (typeof TCP_RESULTS)[number];

export interface TcpObservation {
  result: TcpResult;
  /** The system error code when the connect failed (ECONNREFUSED, EHOSTUNREACH, …). */
  code?: string;
  message?: string;
}

export interface TcpTarget {
  address: HostPort;
  deadlineMs: number;
}

/** Resolves once connected (and closes at once); rejects with the socket's error. */
export function connectOnce(address: HostPort, { signal, address: ip }: Pick<ProbeContext, 'signal' | 'address'>): Promise<TcpObservation> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: ip, port: address.port, signal });
    socket.once('connect', () => {
      socket.destroy();
      resolve({ result: 'ok' });
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
  });
}

/** The failure kinds of a TCP connect are the results of the state set (auth, wrong_server and tls cannot happen to a bare connect). */
export function tcpFailed(failure: ProbeFailure): TcpObservation {
  const result: TcpResult = failure.kind === 'auth' || failure.kind === 'wrong_server' || failure.kind === 'tls' ? 'error' : failure.kind;
  return { result, message: failure.message, ...(failure.code === undefined ? {} : { code: failure.code }) };
}

export const TCP_PROBE: ProbeSpec<TcpTarget, TcpObservation> = {
  host: (target) => target.address.host,
  deadlineMs: (target) => target.deadlineMs,
  probe: (target, context) => connectOnce(target.address, context),
  failed: (_target, failure) => tcpFailed(failure),
};

/** One connect outside a service (tests, tools): the runner's deadline, resolution and timing. */
export async function probeTcp(address: HostPort, deadlineMs: number, resolver = new HostResolver()): Promise<TcpObservation & { durationSeconds: number }> {
  const { observation, durationSeconds } = await runProbe(TCP_PROBE, { address, deadlineMs }, resolver);
  const { message: _message, ...rest } = observation;
  return { ...rest, durationSeconds };
}
