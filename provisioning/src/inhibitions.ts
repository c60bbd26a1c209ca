/**
 * Partition-aware inhibition: while a partition or quorum-loss alert fires for a cluster, the
 * member-, replica- and link-level alerts it explains stay quiet. Alertmanager gets these as
 * inhibit_rules; Grafana, which cannot provision inhibition, gets them folded into each rule's
 * query as `unless on (...)` guards (grafana-guards.ts).
 */

/** One equality matcher (Alertmanager `name="value"`). */
export interface LabelMatcher {
  readonly label: string;
  readonly value: string;
}

export interface Inhibition {
  /** The alert whose firing silences the targets (matched by alertname). */
  readonly sourceAlert: string;
  /** Every matcher must hold on a target alert. */
  readonly targets: readonly LabelMatcher[];
  /** Labels that must be equal on source and target: always starts with cluster. */
  readonly equal: readonly string[];
  readonly why: string;
}

const explained: LabelMatcher = { label: 'partition_explains', value: 'true' };

export const INHIBITIONS: readonly Inhibition[] = [
  {
    sourceAlert: 'NetsplitPartitionDetected',
    targets: [explained],
    equal: ['cluster'],
    why: 'A partition explains the member-, replica-, link- and upstream-level alerts that carry partition_explains="true" in the same cluster.',
  },
  {
    sourceAlert: 'NetsplitNoQuorumAnywhere',
    targets: [explained],
    equal: ['cluster'],
    why: 'With no quorum anywhere the same alerts are explained even if fewer than two agents still report a partition.',
  },
  {
    sourceAlert: 'NetsplitNoQuorumAnywhere',
    targets: [{ label: 'scope', value: 'node' }],
    equal: ['cluster'],
    why: 'With no quorum anywhere every node is minority or isolated: the per-node alerts add nothing to the page.',
  },
  {
    sourceAlert: 'NetsplitNoQuorumAnywhere',
    targets: [{ label: 'alertname', value: 'NetsplitPartitionDetected' }],
    equal: ['cluster'],
    why: 'No quorum anywhere is the partition alert\'s worst case: one page, not two.',
  },
  {
    sourceAlert: 'NetsplitEtcdQuorumLost',
    targets: [
      { label: 'system', value: 'etcd' },
      { label: 'scope', value: 'member' },
    ],
    equal: ['cluster', 'target'],
    why: 'An etcd without quorum explains each of its members without a leader and its failing writes.',
  },
  {
    sourceAlert: 'NetsplitNodeUnreachable',
    targets: [{ label: 'alertname', value: 'NetsplitExporterDown' }],
    equal: ['cluster', 'node'],
    why: 'An unreachable node explains why its own agent cannot be scraped.',
  },
];
