import { ERROR_PATTERNS, patternById } from '../../exporter/src/patterns';
import { allAlerts } from '../src/alerts';
import { INHIBITIONS } from '../src/inhibitions';
import { annotations, staticLabels } from '../src/render/alert-labels';
import { guardsFor } from '../src/render/grafana-guards';
import { LABEL_TEMPLATE } from '../src/rule-tests/expand';
import { DEFAULT_SETTINGS } from '../src/settings';

const alerts = allAlerts(DEFAULT_SETTINGS);

describe('alert definitions', () => {
  it('have unique kebab ids and Netsplit-prefixed names', () => {
    expect(new Set(alerts.map((alert) => alert.id)).size).toBe(alerts.length);
    expect(new Set(alerts.map((alert) => alert.name)).size).toBe(alerts.length);
    for (const alert of alerts) {
      expect(alert.id).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(alert.name).toMatch(/^Netsplit[A-Z][A-Za-z]*$/);
    }
  });

  it('stand for every catalog pattern, and only for patterns of their own system', () => {
    const used = new Set(alerts.flatMap((alert) => alert.patterns));
    expect(ERROR_PATTERNS.map((pattern) => pattern.id).filter((id) => !used.has(id))).toEqual([]);
    for (const alert of alerts) {
      for (const id of alert.patterns) expect([alert.name, patternById(id).system]).toEqual([alert.name, alert.system]);
    }
  });

  it('carry the catalog\'s action and command where they stand for a pattern and give none of their own', () => {
    const byName = new Map(alerts.map((alert) => [alert.name, alert]));
    const noLeader = byName.get('NetsplitEtcdMemberNoLeader');
    if (noLeader === undefined) throw new Error('NetsplitEtcdMemberNoLeader missing');
    expect(annotations(noLeader, DEFAULT_SETTINGS)).toEqual({
      summary: 'etcd member {{ $labels.member }} ({{ $labels.target }}) has no leader',
      description:
        'Member {{ $labels.member }} of etcd {{ $labels.target }} reports no leader to every agent that reaches it: it cannot take writes ("etcdserver: no leader").',
      runbook_url: 'https://runbooks.example.com/netsplit/docs/runbook/etcd-member-no-leader.md',
      action:
        'Check network connectivity between the etcd members and verify which side holds quorum; send writes to the majority side. Do not remove members while the cut lasts.',
      command: 'etcdctl --endpoints=$ENDPOINTS endpoint status --write-out=table',
      patterns: 'etcd-no-leader',
    });
  });

  it('use only {{ $labels.name }} templates (rendered the same by Prometheus and Grafana)', () => {
    for (const alert of alerts) {
      for (const text of Object.values(annotations(alert, DEFAULT_SETTINGS))) {
        expect(text.replace(LABEL_TEMPLATE, '')).not.toContain('{{');
      }
    }
  });

  it('let a partition explain only member-, replica-, link-, upstream- and exporter-level alerts', () => {
    const explained = alerts.filter((alert) => alert.partitionExplains !== 'never').map((alert) => alert.scope);
    expect([...new Set(explained)].sort()).toEqual(['exporter', 'link', 'member', 'replica', 'upstream']);
  });

  it('label every alert with severity and scope', () => {
    for (const alert of alerts) expect(Object.keys(staticLabels(alert, DEFAULT_SETTINGS)).slice(0, 2)).toEqual(['severity', 'scope']);
  });
});

describe('inhibitions', () => {
  it('have alerts as sources and always match on cluster first', () => {
    const names = new Set(alerts.map((alert) => alert.name));
    for (const rule of INHIBITIONS) {
      expect(names.has(rule.sourceAlert)).toBe(true);
      expect(rule.equal[0]).toBe('netsplit_cluster');
    }
  });

  it('reach each alert as written (Grafana guards = Alertmanager inhibit_rules)', () => {
    const silencers = Object.fromEntries(
      alerts.map((alert) => [
        alert.name,
        guardsFor(alert, DEFAULT_SETTINGS).map(({ inhibition, queryMatched }) => `${inhibition.sourceAlert}${queryMatched.length > 0 ? ' (in query)' : ''}`),
      ]),
    );
    expect(silencers).toEqual({
      NetsplitPartitionDetected: ['NetsplitNoQuorumAnywhere'],
      NetsplitNodeMinority: ['NetsplitNoQuorumAnywhere'],
      NetsplitNodeIsolated: ['NetsplitNoQuorumAnywhere'],
      NetsplitNodeDown: ['NetsplitNoQuorumAnywhere'],
      NetsplitNoQuorumAnywhere: [],
      NetsplitSplitBrain: [],
      NetsplitAsymmetricLink: ['NetsplitPartitionDetected', 'NetsplitNoQuorumAnywhere', 'NetsplitNodeDown'],
      NetsplitMajoritiesRing: [],
      NetsplitEtcdQuorumLost: [],
      NetsplitEtcdMemberNoLeader: ['NetsplitPartitionDetected', 'NetsplitNoQuorumAnywhere', 'NetsplitEtcdQuorumLost', 'NetsplitNodeDown'],
      NetsplitEtcdWritesFailing: ['NetsplitPartitionDetected', 'NetsplitNoQuorumAnywhere', 'NetsplitEtcdQuorumLost', 'NetsplitNodeDown'],
      NetsplitEtcdPeerStreamLost: ['NetsplitPartitionDetected', 'NetsplitNoQuorumAnywhere', 'NetsplitNodeDown'],
      NetsplitMySQLReplicationBroken: [],
      NetsplitMySQLReplicaConnecting: ['NetsplitPartitionDetected (in query)', 'NetsplitNoQuorumAnywhere (in query)', 'NetsplitNodeDown (in query)'],
      NetsplitPostgresReplicaNotStreaming: ['NetsplitPartitionDetected (in query)', 'NetsplitNoQuorumAnywhere (in query)', 'NetsplitNodeDown (in query)'],
      NetsplitRedisMasterLinkDown: ['NetsplitPartitionDetected (in query)', 'NetsplitNoQuorumAnywhere (in query)', 'NetsplitNodeDown (in query)'],
      NetsplitKubernetesApiServerUnreachable: [],
      NetsplitKubernetesApiServerCheckFailing: ['NetsplitPartitionDetected', 'NetsplitNoQuorumAnywhere', 'NetsplitNodeDown'],
      NetsplitConsulQuorumLost: [],
      NetsplitConsulServerNoLeader: ['NetsplitPartitionDetected', 'NetsplitNoQuorumAnywhere', 'NetsplitConsulQuorumLost', 'NetsplitNodeDown'],
      NetsplitConsulServersUnreachable: ['NetsplitPartitionDetected', 'NetsplitNoQuorumAnywhere', 'NetsplitNodeDown'],
      NetsplitEnvoyUpstreamFailing: ['NetsplitPartitionDetected (in query)', 'NetsplitNoQuorumAnywhere (in query)'],
      NetsplitEnvoyUpstreamFailures: ['NetsplitPartitionDetected', 'NetsplitNoQuorumAnywhere'],
      NetsplitEnvoyCircuitBreakerOpen: ['NetsplitPartitionDetected', 'NetsplitNoQuorumAnywhere'],
      NetsplitExporterDown: ['NetsplitPartitionDetected', 'NetsplitNoQuorumAnywhere', 'NetsplitNodeDown'],
      NetsplitExporterBlind: [],
    });
  });
});
