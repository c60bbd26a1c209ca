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
  /** Labels that must be equal on source and target: always starts with netsplit_cluster. */
  readonly equal: readonly string[];
  readonly why: string;
}

const explained: LabelMatcher = { label: 'partition_explains', value: 'true' };

export const INHIBITIONS: readonly Inhibition[] = [
  {
    sourceAlert: 'NetsplitPartitionDetected',
    targets: [explained],
    equal: ['netsplit_cluster'],
    why: 'A partition explains the member-, replica-, link- and upstream-level alerts that carry partition_explains="true" in the same cluster.',
  },
  {
    sourceAlert: 'NetsplitNoQuorumAnywhere',
    targets: [explained],
    equal: ['netsplit_cluster'],
    why: 'With no quorum anywhere the same alerts are explained even if fewer than two agents still report a partition.',
  },
  {
    sourceAlert: 'NetsplitNoQuorumAnywhere',
    targets: [{ label: 'scope', value: 'node' }],
    equal: ['netsplit_cluster'],
    why: 'With no quorum anywhere every node is minority or isolated: the per-node alerts add nothing to the page.',
  },
  {
    sourceAlert: 'NetsplitNoQuorumAnywhere',
    targets: [{ label: 'alertname', value: 'NetsplitPartitionDetected' }],
    equal: ['netsplit_cluster'],
    why: 'No quorum anywhere is the partition alert\'s worst case: one page, not two.',
  },
  {
    sourceAlert: 'NetsplitEtcdQuorumLost',
    targets: [
      { label: 'system', value: 'etcd' },
      { label: 'scope', value: 'member' },
    ],
    equal: ['netsplit_cluster', 'target'],
    why: 'An etcd without quorum explains each of its members without a leader and its failing writes.',
  },
  {
    sourceAlert: 'NetsplitConsulQuorumLost',
    targets: [
      { label: 'system', value: 'consul' },
      { label: 'scope', value: 'member' },
    ],
    equal: ['netsplit_cluster', 'target'],
    why: 'A Consul without quorum explains each of its servers without a leader.',
  },
  {
    sourceAlert: 'NetsplitNodeDown',
    targets: [{ label: 'alertname', value: 'NetsplitExporterDown' }],
    equal: ['netsplit_cluster', 'netsplit_node'],
    why: 'A node that is down explains why its own agent cannot be scraped.',
  },
  {
    sourceAlert: 'NetsplitNodeDown',
    targets: [explained, { label: 'scope', value: 'replica' }],
    equal: ['netsplit_cluster'],
    why: 'A node that is down explains the replication links that read it as cut off (partition_explains="true") in its cluster: one dead node, not a partition. Other nodes\' exporter alerts stay loud.',
  },
  {
    sourceAlert: 'NetsplitNodeDown',
    targets: [explained, { label: 'scope', value: 'member' }],
    equal: ['netsplit_cluster'],
    why: 'A node that is down explains the etcd members that read it as cut off (partition_explains="true") in its cluster: one dead node, not a partition. Other nodes\' exporter alerts stay loud.',
  },
  {
    sourceAlert: 'NetsplitNodeDown',
    targets: [explained, { label: 'scope', value: 'link' }],
    equal: ['netsplit_cluster'],
    why: 'A node that is down explains the links that read it as cut off (partition_explains="true") in its cluster: one dead node, not a partition. Other nodes\' exporter alerts stay loud.',
  },
];
