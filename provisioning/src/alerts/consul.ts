/**
 * Alerts on Consul as netsplit's probes see it, tied to the catalog's Consul patterns: the same
 * consensus fusion as etcd (netsplit_consul_quorum is the probes' answer AND the mesh side's).
 */
import { promql } from '../promql';
import type { AlertDefinition } from './types';

export const CONSUL_ALERTS: readonly AlertDefinition[] = [
  {
    id: 'consul-quorum-lost',
    name: 'NetsplitConsulQuorumLost',
    group: 'consul',
    expr: promql`
      (
          count by (netsplit_cluster, target) (max by (netsplit_cluster, netsplit_node, target) (netsplit_consul_quorum) == 0)
        >= on (netsplit_cluster, target)
          (floor(max by (netsplit_cluster, target) (netsplit_consul_raft_voters) / 2) + 1)
      )
      unless on (netsplit_cluster, target)
      (max by (netsplit_cluster, target) (netsplit_consul_quorum) == 1)`,
    for: { scrapes: 2 },
    severity: 'critical',
    scope: 'cluster',
    system: 'consul',
    patterns: ['consul-no-leader'],
    partitionExplains: 'never',
    outputLabels: ['target'],
    summary: 'Consul {{ $labels.target }} in {{ $labels.netsplit_cluster }} has no quorum anywhere: no leader, writes fail everywhere',
    description:
      'As many agents as a quorum of Consul voters report no leader backed by a quorum (netsplit_consul_quorum = 0), and none reports one. ' +
      'KV writes, catalog registrations and consistent reads of {{ $labels.target }} fail ("No cluster leader"); stale reads still answer.',
    meaning:
      'Aggregated across agents like NetsplitEtcdQuorumLost: the agents saying "no quorum" must be at least ⌊voters/2⌋+1, and no agent may say "quorum", ' +
      'so a Prometheus that only sees the minority does not call the whole Consul lost.',
    action: 'Restore connectivity between the Consul servers first; peers.json recovery only as a last resort, with every server stopped and a snapshot taken.',
  },
  {
    id: 'consul-server-no-leader',
    name: 'NetsplitConsulServerNoLeader',
    group: 'consul',
    expr: promql`max by (netsplit_cluster, target, server) (netsplit_consul_server_has_leader) == 0`,
    for: { scrapes: 2 },
    severity: 'warning',
    scope: 'member',
    system: 'consul',
    patterns: ['consul-no-leader'],
    partitionExplains: 'always',
    outputLabels: ['target', 'server'],
    summary: 'Consul server {{ $labels.server }} ({{ $labels.target }}) has no leader',
    description: 'Consul server {{ $labels.server }} names no raft leader to every agent that reaches it: it answers "No cluster leader" to writes and consistent reads.',
    meaning:
      'No agent sees the server with a leader (max over agents of netsplit_consul_server_has_leader is 0): the server sits on a side without a quorum of voters, or an election is under way. ' +
      'Inhibited while a partition or a lost Consul quorum explains it.',
  },
  {
    id: 'consul-servers-unreachable',
    name: 'NetsplitConsulServersUnreachable',
    group: 'consul',
    expr: promql`
      sum by (netsplit_cluster, netsplit_node, pattern) (
        increase(netsplit_error_pattern_total{system="consul", pattern=~"consul-no-known-servers|consul-no-path-to-datacenter"}[2m])
      ) > 0
      or
      sum by (netsplit_cluster, netsplit_node, pattern) (
        increase(netsplit_log_pattern_matches_total{system="consul", pattern=~"consul-no-known-servers|consul-no-path-to-datacenter"}[2m])
      ) > 0`,
    for: { scrapes: 0 },
    severity: 'warning',
    scope: 'link',
    system: 'consul',
    patterns: ['consul-no-known-servers', 'consul-no-path-to-datacenter'],
    partitionExplains: 'always',
    outputLabels: ['node', 'pattern'],
    summary: 'Consul on {{ $labels.netsplit_node }} reaches no server ({{ $labels.pattern }})',
    description:
      'netsplit classified "No known Consul servers" or "No path to datacenter" on {{ $labels.netsplit_node }} in the last 2 minutes (probe errors or the Consul log it follows): ' +
      'the agent there has no live server of its own datacenter, or of the one asked for, across the cut.',
    meaning:
      'Two catalog patterns from Consul\'s own errors (agent/structs/errors.go): a client agent with no reachable server, and a server with no WAN route to a datacenter. ' +
      'Both are what a cut between the agent and the servers, or between datacenters, looks like; inhibited while a partition explains it.',
  },
];
