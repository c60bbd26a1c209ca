/**
 * Alerts on the mesh verdict: where the cut runs and who is on which side. Each one asks two
 * agents to agree where a single agent's view could page someone for nothing.
 */
import { promql } from '../promql';
import { KUBERNETES_TIMELINE } from './kubernetes';
import type { AlertDefinition } from './types';

// The Kubernetes consequence a side without the API server faces, in every partition alert's text.
const KUBERNETES_CONSEQUENCE =
  'Kubernetes: on a side whose agents cannot reach the API server (NetsplitKubernetesApiServerUnreachable), ' + KUBERNETES_TIMELINE + '.';

// The view API wants a signed Authorization header; the agent's own CLI prints one (valid 60 s).
const MESH_COMMAND = 'curl -s -H "Authorization: $(netsplit-exporter --config /etc/netsplit/netsplit.yaml --view-auth)" http://$NODE:9465/api/v1/view | jq .verdict';

export const MESH_ALERTS: readonly AlertDefinition[] = [
  {
    id: 'partition-detected',
    name: 'NetsplitPartitionDetected',
    group: 'mesh',
    expr: promql`count by (netsplit_cluster) (netsplit:link_cut:two_way) > 0`,
    for: { scrapes: 2 },
    severity: 'critical',
    scope: 'cluster',
    patterns: [],
    partitionExplains: 'never',
    outputLabels: [],
    summary: 'Network partition in cluster {{ $labels.netsplit_cluster }}',
    description:
      'Live netsplit agents of {{ $labels.netsplit_cluster }} on two sides of a cut have stopped hearing each other, both ways. ' +
      'Member-, replica- and link-level alerts this explains are inhibited while it fires. ' +
      KUBERNETES_CONSEQUENCE,
    meaning:
      'At least one pair of agents that Prometheus scrapes both report the other\'s heartbeats lost (netsplit_link_up = 0 in both directions), ' +
      'and neither agent is settling (restarted within the restart grace, not ready, or in maintenance): netsplit:link_cut:two_way. ' +
      'A node that is down exports nothing, so it never makes such a pair: that is NetsplitNodeDown. A one-way loss is NetsplitAsymmetricLink.',
    where: ['netsplit overview dashboard: the connectivity matrix', 'netsplit:link_cut:two_way (the cut pairs)', '/api/v1/view of any agent'],
    action:
      'Open the overview dashboard: find where the cut runs and which side holds quorum. Send writes to the majority side, ' +
      'put the minority side in read-only mode, and do not force quorum while both sides live.',
    command: MESH_COMMAND,
  },
  {
    id: 'node-minority',
    name: 'NetsplitNodeMinority',
    group: 'mesh',
    expr: promql`
      (max by (netsplit_cluster, netsplit_node) (netsplit_node_role{role="minority"}) == 1)
      unless on (netsplit_cluster, netsplit_node) netsplit:agent_settling:bool`,
    for: { scrapes: 2 },
    severity: 'warning',
    scope: 'node',
    patterns: [],
    partitionExplains: 'never',
    outputLabels: ['node'],
    summary: 'Node {{ $labels.netsplit_node }} is on a minority side of a partition in {{ $labels.netsplit_cluster }}',
    description:
      '{{ $labels.netsplit_node }} has two-way contact with at least one other member but fewer than a quorum: it must stop taking writes (degradation level 1, read-only). ' +
      KUBERNETES_CONSEQUENCE,
    meaning:
      'The node reports role minority: it counts its two-way contacts (itself included) below the quorum ⌊N/2⌋+1 but above one. ' +
      'The runbook\'s "2/5 (Minority): read-only mode, eventual consistency".',
    where: ['netsplit_node_role{role="minority"}', 'netsplit_degradation_level (1)', 'the node drill-down dashboard'],
    action: 'Enable read-only mode for the minority side and route traffic to the majority side; keep the node out of leader elections.',
    command: MESH_COMMAND,
  },
  {
    id: 'node-isolated',
    name: 'NetsplitNodeIsolated',
    group: 'mesh',
    expr: promql`
      (max by (netsplit_cluster, netsplit_node) (netsplit_node_role{role="isolated"}) == 1)
      and on (netsplit_cluster, netsplit_node)
      (netsplit:node_down_votes:count >= 2)
      unless on (netsplit_cluster, netsplit_node) netsplit:agent_settling:bool`,
    for: { scrapes: 2 },
    severity: 'critical',
    scope: 'node',
    patterns: [],
    partitionExplains: 'never',
    outputLabels: ['node'],
    summary: 'Node {{ $labels.netsplit_node }} is isolated from the rest of {{ $labels.netsplit_cluster }}',
    description:
      '{{ $labels.netsplit_node }} reports no two-way contact with any member, and at least two other agents have stopped hearing it. It can serve cached responses at best (degradation level 2). ' +
      KUBERNETES_CONSEQUENCE,
    meaning:
      'Two vantage points agree: the node\'s own agent reports role isolated, and two or more peers no longer receive its heartbeats. ' +
      'The runbook\'s "1/5 (Isolated): cached responses, stale consistency".',
    where: ['netsplit_node_role{role="isolated"}', 'netsplit_link_up{source="<node>"} exported by its peers', 'the node drill-down dashboard'],
    action: 'Take the node out of service (drain it, stop writes and leader candidacy), then check its network path: interface, routes, firewall rules.',
    command: 'ip -br addr; ip route; nft list ruleset',
  },
  {
    id: 'node-down',
    name: 'NetsplitNodeDown',
    group: 'mesh',
    expr: promql`
      (netsplit:node_down_votes:count >= 1)
      unless on (netsplit_cluster, netsplit_node) (netsplit:node_up_votes:count >= 1)
      unless on (netsplit_cluster, netsplit_node) netsplit_ready
      unless on (netsplit_cluster, netsplit_node) netsplit:agent_settling:bool`,
    for: { scrapes: 4, atLeast: '1m' },
    severity: 'warning',
    scope: 'node',
    patterns: [],
    partitionExplains: 'never',
    outputLabels: ['netsplit_node'],
    summary: 'Node {{ $labels.netsplit_node }} is down: no agent hears it and Prometheus cannot scrape it',
    description:
      'The agents of {{ $labels.netsplit_cluster }} stopped hearing {{ $labels.netsplit_node }}, none still hears it, and its own agent is not scraped. ' +
      'A rebooting or dead node reads like this; so does a node cut off from every agent and from Prometheus, which netsplit cannot tell apart from here.',
    meaning:
      'Agents vote the node down (their netsplit_link_up from it is 0), no agent hears it, Prometheus gets no series from its agent, and no agent lists it under maintenance, for a minute. ' +
      'A partition needs live agents on both sides; this is one silent node, so it is a warning, not a page. Its replication and etcd consequences are inhibited while it fires.',
    where: ['netsplit:node_down_votes:count', 'up of its agent\'s scrape target', 'the connectivity matrix (its row and column)'],
    action:
      'Check whether the host is up (console, hypervisor, kubectl get node) before treating it as partitioned; a dead node needs replacing, a cut-off one needs its network path fixed. ' +
      'Planned work: list the node under maintenance in the agents\' config so nothing is raised.',
    command: 'kubectl get node $NODE -o wide; curl -s --max-time 2 http://$NODE:9465/healthz',
  },
  {
    id: 'no-quorum-anywhere',
    name: 'NetsplitNoQuorumAnywhere',
    group: 'mesh',
    expr: promql`
      (
          count by (netsplit_cluster) (max by (netsplit_cluster, netsplit_node) (netsplit_node_role{role=~"minority|isolated"}) == 1)
        >= on (netsplit_cluster)
          max by (netsplit_cluster) (netsplit_quorum_size)
        unless on (netsplit_cluster)
          count by (netsplit_cluster) (max by (netsplit_cluster, netsplit_node) (netsplit_node_role{role=~"healthy|majority"}) == 1)
      )
      or on (netsplit_cluster)
      (count by (netsplit_cluster) (max by (netsplit_cluster, netsplit_node) (netsplit_no_quorum) == 1) >= 2)`,
    for: { scrapes: 2 },
    severity: 'critical',
    scope: 'cluster',
    patterns: [],
    partitionExplains: 'never',
    outputLabels: [],
    summary: 'No side of {{ $labels.netsplit_cluster }} holds a quorum',
    description:
      'At least a quorum of agents report minority or isolated and none reports majority: no component can elect a leader or commit a write.',
    meaning:
      'Aggregated across agents: as many agents as a quorum report minority or isolated and no agent reports healthy or majority ' +
      '(so the missing agents cannot form a majority elsewhere), or two agents report netsplit_no_quorum = 1 from their own view. ' +
      'The runbook\'s "0/5 (Total loss): emergency fallback".',
    where: ['netsplit_node_role of every agent', 'netsplit_no_quorum', 'the overview dashboard\'s role timeline'],
    action:
      'Serve emergency fallback responses; restore connectivity between the largest groups first. Force quorum (member remove) only if you are sure about data consistency and have fenced the other side.',
    command: 'etcdctl --endpoints=$ENDPOINTS endpoint status --write-out=table',
  },
  {
    id: 'split-brain',
    name: 'NetsplitSplitBrain',
    group: 'mesh',
    // An agent that reaches both writers says so itself; in a clean cut no agent does, and only a
    // Prometheus that scrapes both sides sees two instances of one target claiming to be primary.
    expr: promql`max by (netsplit_cluster) (netsplit_split_brain) == 1
or
max by (netsplit_cluster) (count by (netsplit_cluster, system, target) (count by (netsplit_cluster, system, target, server) (netsplit_replication_role_info{role="primary"} == 1)) > 1)`,
    for: { scrapes: 1 },
    severity: 'critical',
    scope: 'cluster',
    patterns: [],
    partitionExplains: 'never',
    outputLabels: [],
    summary: 'Split brain in {{ $labels.netsplit_cluster }}: writers on two sides of a cut',
    description:
      'A netsplit agent sees a writer (etcd leader, PostgreSQL primary, writable MySQL, Redis master) in two components at once. Data written on both sides will diverge.',
    meaning:
      'Any agent reporting netsplit_split_brain = 1 fires it (it reaches writers on both sides), and so do two instances of one replicated target that both report role="primary", each seen by the agents on its side of a clean cut: a missed split brain costs more than a false page, so one vantage point is enough here.',
    where: ['netsplit_split_brain', 'netsplit_replication_role_info (which instance claims which role)', 'netsplit_etcd_distinct_leaders'],
    action:
      'Fence the minority-side writer now (stop it or make it read-only), keep the majority side\'s writer, and plan the reconciliation of what the fenced side accepted.',
    command: 'psql -c "SELECT pg_is_in_recovery();"; mysql -e "SELECT @@read_only"; redis-cli INFO replication | grep role',
  },
  {
    id: 'asymmetric-link',
    name: 'NetsplitAsymmetricLink',
    group: 'mesh',
    expr: promql`count by (netsplit_cluster, source, target) (max by (netsplit_cluster, netsplit_node, source, target) (netsplit_link_asymmetric) == 1) >= 2`,
    for: { scrapes: 6 },
    severity: 'warning',
    scope: 'link',
    patterns: [],
    partitionExplains: 'always',
    outputLabels: ['source', 'target'],
    summary: 'One-way link {{ $labels.source }} → {{ $labels.target }} in {{ $labels.netsplit_cluster }}',
    description:
      'Heartbeats from {{ $labels.source }} no longer reach {{ $labels.target }} while the reverse direction works. TCP between them fails both ways; datagrams only one way.',
    meaning:
      'Two or more agents see the direction down while its reverse is up (netsplit_link_asymmetric). Typical causes: a one-sided firewall rule, a broken route on one host.',
    where: ['netsplit_link_asymmetric', 'the connectivity matrix (one cell red, its mirror green)'],
    action: 'Look for a firewall rule or route that drops traffic in one direction only, on the target\'s input or the source\'s output.',
    command: 'nft list ruleset; ip route get $SOURCE_ADDRESS',
  },
  {
    id: 'majorities-ring',
    name: 'NetsplitMajoritiesRing',
    group: 'mesh',
    expr: promql`count by (netsplit_cluster) (max by (netsplit_cluster, netsplit_node) (netsplit_majorities_ring) == 1) >= 2`,
    for: { scrapes: 6 },
    severity: 'warning',
    scope: 'cluster',
    patterns: [],
    partitionExplains: 'never',
    outputLabels: [],
    summary: 'Majorities ring in {{ $labels.netsplit_cluster }}: every node sees a majority, no majority sees each other',
    description:
      'Every node reaches a majority, but no majority of nodes all reach each other: leaders will be elected and deposed in turn (leader churn).',
    meaning:
      'Two or more agents report netsplit_majorities_ring = 1. Consensus systems keep losing their leader because each candidate reaches a majority the current leader cannot.',
    where: ['netsplit_majorities_ring', 'the connectivity matrix (a ring of missing cells)', 'etcd leader changes'],
    action: 'Find the cut links in the matrix and restore the ones that re-create a majority clique; pin the leader (etcdctl move-leader) on a node that reaches everyone if one exists.',
    command: 'etcdctl --endpoints=$ENDPOINTS endpoint status --write-out=table',
  },
];
