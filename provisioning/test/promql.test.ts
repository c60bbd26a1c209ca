import { indent, metricNames, promql } from '../src/promql';

describe('promql tag', () => {
  it('removes the common indentation and the leading newline', () => {
    expect(promql`
      sum by (cluster) (
        rate(x[5m])
      )`).toBe('sum by (cluster) (\n  rate(x[5m])\n)');
  });

  it('indents nested queries after their first line', () => {
    expect(indent('a\nb', 2)).toBe('a\n  b');
  });
});

describe('metricNames', () => {
  it.each([
    ['max by (cluster, node) (netsplit_node_role{role="minority"}) == 1', ['netsplit_node_role']],
    ['sum by (cluster, instance, Remote) (increase(etcd_network_disconnected_peers_total[2m])) > 0', ['etcd_network_disconnected_peers_total']],
    ['netsplit:partition_agents:count{cluster="$cluster"} or on () vector(0)', ['netsplit:partition_agents:count']],
    ['sum by (pattern) (rate(netsplit_error_pattern_total{cluster="$cluster"}[$__rate_interval]))', ['netsplit_error_pattern_total']],
    ['label_replace(up{job="netsplit"} == 0, "node", "$1", "instance", "(.*):9465")', ['up']],
    ['a unless on (cluster, node) netsplit_ready', ['a', 'netsplit_ready']],
    ['floor(count by (cluster) (x) / 2) + 1', ['x']],
    ['label_values(netsplit_build_info{cluster="$cluster"}, node)', ['netsplit_build_info']],
  ])('%s', (query, names) => {
    expect(metricNames(query.replace(/^label_values\((.*), \w+\)$/, '$1'))).toEqual(names);
  });
});
