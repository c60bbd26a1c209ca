import { Counter } from 'prom-client';
import { ScrapeRegistry } from '../../src/metrics/scrape-registry';
import { createEtcdMetrics } from '../../src/metrics/etcd';
import { countPattern } from '../../src/probes/etcd-service';
import { quorumWithMesh } from '../../src/analysis/consensus';
import type { ConsensusAssessment } from '../../src/analysis/types';

describe('etcd probe errors → netsplit_error_pattern_total', () => {
  it('classifies the errors a probe meets on a minority and against a blackholed endpoint', async () => {
    const metrics = createEtcdMetrics(new ScrapeRegistry());
    expect(countPattern(metrics, 'main', '14 UNAVAILABLE: etcdserver: no leader')).toBe('etcd-no-leader');
    expect(countPattern(metrics, 'main', 'etcdserver: no leader')).toBe('etcd-no-leader');
    expect(countPattern(metrics, 'main', '14 UNAVAILABLE: etcdserver: request timed out')).toBe('etcd-request-timed-out');
    expect(countPattern(metrics, 'main', '4 DEADLINE_EXCEEDED: Deadline exceeded after 1.001s,LB pick: 0.000s')).toBe('etcd-deadline-exceeded');
    expect(countPattern(metrics, 'main', '4 DEADLINE_EXCEEDED: Deadline exceeded after 500ms (probe deadline)')).toBe('etcd-deadline-exceeded');
    expect(countPattern(metrics, 'main', '14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1')).toBeUndefined();
    const values = (await metrics.errorPatterns.get()).values.map((v) => [v.labels.pattern, v.labels.target, v.value]);
    expect(values).toEqual([
      ['etcd-no-leader', 'main', 2],
      ['etcd-request-timed-out', 'main', 1],
      ['etcd-deadline-exceeded', 'main', 2],
    ]);
  });

  it('shares the pattern counters when another family declared them first', () => {
    const registry = new ScrapeRegistry();
    const declared = new Counter({ name: 'netsplit_error_pattern_total', help: 'declared elsewhere', labelNames: ['pattern', 'system', 'target'], registers: [registry] });
    expect(createEtcdMetrics(registry).errorPatterns).toBe(declared);
  });
});

describe('quorumWithMesh (netsplit_etcd_quorum)', () => {
  const verdictWith = (componentQuorum: boolean): ConsensusAssessment[] => [
    { system: 'etcd', target: 'main', voters: 5, quorumSize: 3, components: [], componentQuorum, probeQuorum: true, quorum: componentQuorum },
  ];
  const fusedQuorum = (probeQuorum: boolean, assessments: ConsensusAssessment[] | undefined, target: string) => quorumWithMesh(probeQuorum, assessments, 'etcd', target);

  it('drops as soon as the mesh says this side holds too few members, even while the probes still see a backed leader', () => {
    expect(fusedQuorum(true, verdictWith(false), 'main')).toBe(false);
    expect(fusedQuorum(true, verdictWith(true), 'main')).toBe(true);
    expect(fusedQuorum(false, verdictWith(true), 'main')).toBe(false);
  });

  it('uses the probes alone before the first verdict or for a target the verdict does not assess', () => {
    expect(fusedQuorum(true, undefined, 'main')).toBe(true);
    expect(fusedQuorum(true, verdictWith(false), 'events')).toBe(true);
  });
});
