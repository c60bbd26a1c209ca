/**
 * The exporter watching itself: an agent Prometheus cannot scrape, or one that runs but cannot
 * see (not ready, or rejecting its peers' heartbeats).
 */
import { promql } from '../promql';
import type { AlertDefinition } from './types';
import type { GeneratorSettings } from '../settings';

export function exporterAlerts(_settings: GeneratorSettings): readonly AlertDefinition[] {
  return [
    {
      id: 'exporter-down',
      name: 'NetsplitExporterDown',
      group: 'exporter',
      // `up` carries only the target's labels (job, instance, and whatever the scrape config
      // adds): the agent's identity comes from its last netsplit_build_info within an hour, which
      // also says which targets are netsplit agents, whatever the job is called.
      expr: promql`
        (up == 0)
        * on (job, instance) group_left (netsplit_cluster, netsplit_node)
        max by (job, instance, netsplit_cluster, netsplit_node) (last_over_time(netsplit_build_info[1h]))
        unless on (netsplit_cluster, netsplit_node) netsplit:agent_settling:bool`,
      for: { scrapes: 4, atLeast: '1m' },
      severity: 'warning',
      scope: 'exporter',
      patterns: [],
      partitionExplains: 'always',
      outputLabels: ['job', 'instance', 'netsplit_node'],
      summary: 'netsplit agent {{ $labels.netsplit_node }} ({{ $labels.instance }}) cannot be scraped',
      description:
        'Prometheus cannot scrape the netsplit agent at {{ $labels.instance }}. Its node may be down or cut off (then a partition alert explains it and this one is inhibited), or the agent stopped.',
      meaning: 'up is 0 for a minute on a target that exported netsplit_build_info within the last hour; netsplit_cluster and netsplit_node come from that series. Agents listed under maintenance are left out.',
      where: ['up of the agent\'s scrape target', 'Prometheus targets page', 'the agent\'s log'],
      action: 'Check the agent process and its host; if the host is fine, check the path between Prometheus and the agent.',
      command: 'kubectl -n netsplit get pod -o wide --field-selector spec.nodeName=$NODE (Kubernetes) or systemctl status netsplit-exporter (VMs); curl -s --max-time 2 http://$NODE:9465/readyz',
    },
    {
      id: 'exporter-blind',
      name: 'NetsplitExporterBlind',
      group: 'exporter',
      // Rejections alone could be a stray sender; rejecting while hearing no peer at all is a
      // configuration mismatch (secret, cluster name, peer list).
      expr: promql`
        (max by (netsplit_cluster, netsplit_node) (netsplit_ready) == 0)
        or on (netsplit_cluster, netsplit_node)
        (
            sum by (netsplit_cluster, netsplit_node) (rate(netsplit_heartbeat_rejected_total{reason=~"unsigned|bad_signature|wrong_cluster|unknown_sender"}[1m])) > 0
          unless on (netsplit_cluster, netsplit_node)
            sum by (netsplit_cluster, netsplit_node) (rate(netsplit_heartbeats_received_total[1m])) > 0
        )`,
      for: { scrapes: 8, atLeast: '2m' },
      severity: 'warning',
      scope: 'exporter',
      patterns: [],
      partitionExplains: 'never',
      outputLabels: ['netsplit_node'],
      summary: 'netsplit agent {{ $labels.netsplit_node }} in {{ $labels.netsplit_cluster }} is blind',
      description:
        'The agent on {{ $labels.netsplit_node }} runs but cannot judge the partition: it has not finished its first round, or it rejects heartbeats (unsigned, badly signed, another cluster, unknown sender) and accepts none.',
      meaning:
        'netsplit_ready is 0, or netsplit_heartbeat_rejected_total grows for an authentication or membership reason while netsplit_heartbeats_received_total does not, for 2 minutes. ' +
        'Usually a configuration mismatch: secret, cluster name or peer list. Rejections next to accepted heartbeats (a stray sender) do not fire it.',
      where: ['netsplit_ready', 'netsplit_heartbeat_rejected_total{reason}', 'netsplit_heartbeats_received_total', 'the agent\'s log (one line per rejection reason)'],
      action: 'Compare the secret file, cluster name and peers list of this agent with its peers\'; run --check-config on both.',
      command: 'netsplit-exporter --config /etc/netsplit/netsplit.yaml --check-config',
    },
  ];
}
