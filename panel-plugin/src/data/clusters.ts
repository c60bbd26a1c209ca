import { LinkRows } from './linkRows';
import { naturalCompare } from './naturalOrder';
import { Series } from './readSamples';

export interface ClusterSeries extends Series {
  /** The cluster label's value; null when no series carries the label. */
  name: string | null;
}

/**
 * Series by cluster: nodes are keyed by (cluster, node), so two clusters that both have an
 * `n1` never merge. Series without the cluster label (an aggregation that dropped it) cannot
 * be placed and count for every cluster.
 */
export function splitByCluster({ samples, links }: Series, clusterLabel: string): ClusterSeries[] {
  const byCluster = new Map<string, Series>();
  const of = (name: string) => {
    let entry = byCluster.get(name);
    if (!entry) {
      entry = { samples: [], links: [] };
      byCluster.set(name, entry);
    }
    return entry;
  };
  const unplaced: Series = { samples: [], links: [] };
  for (const sample of samples) {
    const name = sample.labels[clusterLabel];
    if (name === undefined) unplaced.samples.push(sample);
    else of(name).samples.push(sample);
  }
  for (const block of links) {
    for (const [name, share] of linkShares(block, clusterLabel)) (name === null ? unplaced : of(name)).links.push(share);
  }
  if (byCluster.size === 0) return [{ name: null, ...unplaced }];
  return [...byCluster.keys()].sort(naturalCompare).map((name) => {
    const own = byCluster.get(name)!;
    return { name, samples: [...own.samples, ...unplaced.samples], links: [...own.links, ...unplaced.links] };
  });
}

/** A block's rows by cluster; a block of one cluster (the usual case) is kept whole. */
function linkShares(block: LinkRows, clusterLabel: string): Array<[string | null, LinkRows]> {
  const column = block.columns.get(clusterLabel);
  const clusterAt = (at: number): string | null => {
    const value = column?.[block.rows === null ? at : block.rows[at]!];
    return typeof value === 'string' && value !== '' ? value : null;
  };
  if (block.length === 0) return [];
  const first = clusterAt(0);
  if (column === undefined || (block.rows === null && allSame(column, block.length))) return [[first, block]];
  let same = true;
  for (let at = 1; at < block.length && same; at++) same = clusterAt(at) === first;
  if (same) return [[first, block]];
  const rows = new Map<string | null, number[]>();
  for (let at = 0; at < block.length; at++) {
    const name = clusterAt(at);
    const list = rows.get(name);
    const row = block.rows === null ? at : block.rows[at]!;
    if (list) list.push(row);
    else rows.set(name, [row]);
  }
  return [...rows].map(([name, list]) => [name, { ...block, rows: list, length: list.length }]);
}

/** Whether the first `length` values are all the first one (a loop over 40 000 rows, no call per row). */
function allSame(values: ArrayLike<unknown>, length: number): boolean {
  const first = values[0];
  for (let at = 1; at < length; at++) if (values[at] !== first) return false;
  return true;
}
