/**
 * The runbook's "telnet" check: can this node open a TCP connection to a service port within a
 * deadline? Refused (something answered RST) and timed out (nothing answered, as across a
 * partition) are told apart, because they mean different things at 3 AM.
 */
import { connect } from 'node:net';
import type { HostPort } from '../config/address';
import { withDeadline } from './deadline';

export const TCP_RESULTS = ['ok', 'refused', 'timeout', 'unreachable', 'error'] as const;
export type TcpResult = (typeof TCP_RESULTS)[number];

export interface TcpObservation {
  result: TcpResult;
  durationSeconds: number;
  /** The system error code when the connect failed (ECONNREFUSED, EHOSTUNREACH, …). */
  code?: string;
}

function classify(code: string | undefined): TcpResult {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unreachable';
    default:
      return 'error';
  }
}

export async function probeTcp(address: HostPort, deadlineMs: number): Promise<TcpObservation> {
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
  return withDeadline<TcpObservation>(
    deadlineMs,
    (signal) =>
      new Promise((resolve) => {
        const socket = connect({ host: address.host, port: address.port, signal });
        socket.once('connect', () => {
          const durationSeconds = elapsed();
          socket.destroy();
          resolve({ result: 'ok', durationSeconds });
        });
        socket.once('error', (error: NodeJS.ErrnoException) => {
          socket.destroy();
          // An abort comes from the deadline, which resolves on its own.
          if (error.name !== 'AbortError') resolve({ result: classify(error.code), durationSeconds: elapsed(), ...(error.code ? { code: error.code } : {}) });
        });
      }),
    () => ({ result: 'timeout', durationSeconds: elapsed() }),
  );
}
