/** Reading an agent's exposition: labels with escapes, NaN, comments skipped. */
import { parsePrometheusText, select, valueOf } from './prometheus-text';

const TEXT = `# HELP netsplit_link_up 1 when heartbeats arrive
# TYPE netsplit_link_up gauge
netsplit_link_up{cluster="lab",node="n1",source="n5",target="n1"} 0
netsplit_link_up{cluster="lab",node="n1",source="n2",target="n1"} 1
netsplit_link_rtt_seconds{cluster="lab",node="n1",source="n1",target="n5"} NaN
netsplit_build_info{version="0.1 \\"dev\\""} 1
process_cpu_seconds_total 0.25 1700000000000
`;

describe('parsePrometheusText', () => {
  const samples = parsePrometheusText(TEXT);

  it('reads names, labels and values', () => {
    expect(samples.map((s) => s.name)).toEqual(['netsplit_link_up', 'netsplit_link_up', 'netsplit_link_rtt_seconds', 'netsplit_build_info', 'process_cpu_seconds_total']);
    expect(valueOf(samples, 'netsplit_link_up', { source: 'n5', target: 'n1' })).toBe(0);
    expect(valueOf(samples, 'netsplit_link_up', { source: 'n2' })).toBe(1);
    expect(valueOf(samples, 'netsplit_link_rtt_seconds')).toBeNaN();
    expect(select(samples, 'netsplit_build_info')[0]!.labels.version).toBe('0.1 "dev"');
    expect(valueOf(samples, 'process_cpu_seconds_total')).toBe(0.25);
  });

  it('treats an absent series as undefined, never 0', () => {
    expect(valueOf(samples, 'netsplit_link_up', { source: 'n3' })).toBeUndefined();
  });
});
