/**
 * The quorum gauge of a consensus system (etcd, Consul), filled at scrape: the probes' own answer
 * ANDed with "this node's side of the mesh holds a quorum of the members", so it drops as soon as
 * the mesh sees the cut, not one probe deadline (or one election timeout) later.
 */
import type { Gauge } from 'prom-client';
import { quorumWithMesh } from '../analysis/consensus';
import type { Verdict } from '../analysis/types';

export function quorumAtScrape(
  gauge: Gauge<'target'>,
  system: string,
  latest: ReadonlyMap<string, { summary: { quorum: boolean } }>,
  verdict: (() => Verdict | undefined) | undefined,
): () => void {
  return () => {
    const current = verdict?.();
    for (const [target, { summary }] of latest) gauge.set({ target }, quorumWithMesh(summary.quorum, current?.consensus, system, target) ? 1 : 0);
  };
}
