import { naturalCompare } from './naturalOrder';
import { Sample } from './readSamples';

export interface ClusterSamples {
  /** The cluster label's value; null when no series carries the label. */
  name: string | null;
  samples: Sample[];
}

/**
 * Samples by cluster: nodes are keyed by (cluster, node), so two clusters that both have an
 * `n1` never merge. Series without the cluster label (an aggregation that dropped it) cannot
 * be placed and count for every cluster.
 */
export function splitByCluster(samples: readonly Sample[], clusterLabel: string): ClusterSamples[] {
  const byCluster = new Map<string, Sample[]>();
  const unplaced: Sample[] = [];
  for (const sample of samples) {
    const name = sample.labels[clusterLabel];
    if (name === undefined) {
      unplaced.push(sample);
      continue;
    }
    const list = byCluster.get(name);
    if (list) list.push(sample);
    else byCluster.set(name, [sample]);
  }
  if (byCluster.size === 0) return [{ name: null, samples: unplaced }];
  return [...byCluster.keys()].sort(naturalCompare).map((name) => ({ name, samples: [...byCluster.get(name)!, ...unplaced] }));
}
