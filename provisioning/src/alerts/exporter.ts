/**
 * The exporter watching itself: an agent Prometheus cannot scrape, or one that runs but cannot
 * see (not ready, or rejecting its peers' heartbeats).
 */
import { promql } from '../promql';
import type { AlertDefinition } from './types';
import type { GeneratorSettings } from '../settings';

export function exporterAlerts(settings: GeneratorSettings): readonly AlertDefinition[] {
  const job = `job="${settings.exporterJob}"`;
  return [
    {
      id: 'exporter-down',
      name: 'NetsplitExporterDown',
      group: 'exporter',
      // `up` carries no cluster or node: borrow them from the agent's last build_info (1 h back).
      expr: promql`
        (up{${job}} == 0)
        * on (job, instance) group_left (cluster, node)
        max by (job, instance, cluster, node) (last_over_time(netsplit_build_info{${job}}[1h]))
        or
        (up{${job}} == 0 unless on (job, instance) last_over_time(netsplit_build_info{${job}}[1h]))`,
      for: '1m',
      severity: 'warning',
      scope: 'exporter',
      patterns: [],
      partitionExplains: 'always',
      outputLabels: ['job', 'instance', 'node'],
      summary: 'netsplit agent {{ $labels.node }} ({{ $labels.instance }}) cannot be scraped',
      description:
        'Prometheus cannot scrape the netsplit agent at {{ $labels.instance }}. Its node may be down or cut off (then a partition alert explains it and this one is inhibited), or the agent stopped.',
      meaning: 'up{job="netsplit"} is 0 for a minute. cluster and node come from the agent\'s last netsplit_build_info within an hour.',
      where: ['up{job="netsplit"}', 'Prometheus targets page', 'the agent\'s log'],
      action: 'Check the agent process and its host; if the host is fine, check the path between Prometheus and the agent.',
      command: 'systemctl status netsplit-exporter; curl -s --max-time 2 http://$NODE:9465/readyz',
    },
    {
      id: 'exporter-blind',
      name: 'NetsplitExporterBlind',
      group: 'exporter',
      // Rejections alone could be a stray sender; rejecting while hearing no peer at all is a
      // configuration mismatch (secret, cluster name, peer list).
      expr: promql`
        (max by (cluster, node) (netsplit_ready) == 0)
        or on (cluster, node)
        (
            sum by (cluster, node) (rate(netsplit_heartbeat_rejected_total{reason=~"unsigned|bad_signature|wrong_cluster|unknown_sender"}[1m])) > 0
          unless on (cluster, node)
            sum by (cluster, node) (rate(netsplit_heartbeats_received_total[1m])) > 0
        )`,
      for: '2m',
      severity: 'warning',
      scope: 'exporter',
      patterns: [],
      partitionExplains: 'never',
      outputLabels: ['node'],
      summary: 'netsplit agent {{ $labels.node }} in {{ $labels.cluster }} is blind',
      description:
        'The agent on {{ $labels.node }} runs but cannot judge the partition: it has not finished its first round, or it rejects heartbeats (unsigned, badly signed, another cluster, unknown sender) and accepts none.',
      meaning:
        'netsplit_ready is 0, or netsplit_heartbeat_rejected_total grows for an authentication or membership reason while netsplit_heartbeats_received_total does not, for 2 minutes. ' +
        'Usually a configuration mismatch: secret, cluster name or peer list. Rejections next to accepted heartbeats (a stray sender) do not fire it.',
      where: ['netsplit_ready', 'netsplit_heartbeat_rejected_total{reason}', 'netsplit_heartbeats_received_total', 'the agent\'s log (one line per rejection reason)'],
      action: 'Compare the secret file, cluster name and peers list of this agent with its peers\'; run --check-config on both.',
      command: 'netsplit-exporter --config /etc/netsplit/netsplit.yaml --check-config',
    },
  ];
}
