/**
 * The connect step the PostgreSQL and MySQL drivers share: lend the pool's one connection, with a
 * bounded backoff between failed connects (a dead host answers with its last failure instead of
 * being dialled every round), and a connection that failed mid-query never goes back to the
 * pool: its late answer would answer the next query.
 */
import { performance } from 'node:perf_hooks';
import { Backoff } from './backoff';
import type { InstanceObservation } from './replication-model';

export interface Lease<C> {
  connection: C;
  /** Back to the pool for the next round. */
  release(): void;
  /** Closed and dropped: the next round connects afresh. */
  discard(error: unknown): void;
}

export type ConnectedProbe<C> = (use: (connection: C) => Promise<InstanceObservation>) => Promise<InstanceObservation>;

export function pooledConnection<C>(acquire: () => Promise<Lease<C>>, failed: (error: unknown) => InstanceObservation): ConnectedProbe<C> {
  const backoff = new Backoff();
  let lastFailure: InstanceObservation | undefined;
  return async (use) => {
    const now = performance.now();
    if (!backoff.ready(now) && lastFailure) return lastFailure;
    let lease: Lease<C>;
    try {
      lease = await acquire();
    } catch (error) {
      backoff.failed(now);
      return (lastFailure = failed(error));
    }
    backoff.succeeded();
    try {
      const observation = await use(lease.connection);
      lease.release();
      return observation;
    } catch (error) {
      lease.discard(error);
      return failed(error);
    }
  };
}
