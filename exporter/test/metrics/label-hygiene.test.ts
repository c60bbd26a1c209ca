/**
 * No netsplit series may carry a label that a scrape configuration attaches itself: Prometheus
 * would rename it to exported_<name> (honor_labels: false) and every rule grouping by it would
 * count scrape targets instead. Checked over every metric of the contract, declared and rendered.
 */
import { Registry } from 'prom-client';
import { CLUSTER_LABEL, NODE_LABEL, SCRAPE_OWNED_LABELS } from '../../src/contract/labels';
import { METRIC_FAMILIES, allMetrics } from '../../src/contract/metrics';
import { declareFamily } from '../../src/metrics/declare';
import { createMetrics } from '../../src/metrics/registry';
import { createReplicationMetrics } from '../../src/metrics/replication';

function labelNames(registry: Registry): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const metric of registry.getMetricsAsArray()) {
    const declared = (metric as unknown as { labelNames?: string[] }).labelNames ?? [];
    names.set(metric.name, [...declared]);
  }
  return names;
}

describe('label hygiene', () => {
  const metrics = createMetrics('prod-eu', 'n1');
  for (const family of Object.values(METRIC_FAMILIES)) declareFamily(metrics.registry, family);

  it('declares every metric of the contract, and nothing named netsplit_ beside them', () => {
    const declared = [...labelNames(metrics.registry).keys()].filter((name) => name.startsWith('netsplit_')).sort();
    expect(declared).toEqual(allMetrics().map((metric) => metric.name).sort());
    expect(declared.length).toBe(101);
  });

  it('declares no scrape-owned label on any netsplit metric', () => {
    const clashes = [...labelNames(metrics.registry)]
      .filter(([name]) => name.startsWith('netsplit_'))
      .flatMap(([name, labels]) => labels.filter((label) => (SCRAPE_OWNED_LABELS as readonly string[]).includes(label)).map((label) => `${name}{${label}}`));
    expect(clashes).toEqual([]);
  });

  it('renders the identity as netsplit_cluster and netsplit_node, the database address as server', async () => {
    metrics.buildInfo.set({ version: 'test' }, 1);
    createReplicationMetrics(metrics.registry).instanceUp.set({ system: 'redis', target: 'cache', server: '10.0.0.1:6379' }, 1);
    const text = await metrics.registry.metrics();
    expect([CLUSTER_LABEL, NODE_LABEL]).toEqual(['netsplit_cluster', 'netsplit_node']);
    expect(text).toContain('netsplit_build_info{version="test",netsplit_cluster="prod-eu",netsplit_node="n1"} 1');
    expect(text).toContain('netsplit_replication_instance_up{system="redis",target="cache",server="10.0.0.1:6379",netsplit_cluster="prod-eu",netsplit_node="n1"} 1');
    expect(text).not.toMatch(/[{,](cluster|node|instance)="/);
  });
});
