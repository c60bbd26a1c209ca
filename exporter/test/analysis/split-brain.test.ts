/** Split brain from writers and the two-way contact graph, through analyze() and on its own. */
import { analyze } from '../../src/analysis';
import { contactGraphFromEdges } from '../../src/analysis/contacts';
import { detectSplitBrains } from '../../src/analysis/split-brain';
import type { Writer } from '../../src/analysis/types';
import { publishVerdict } from '../../src/metrics/publish';
import { createMetrics } from '../../src/metrics/registry';
import { mergeProbeFacts } from '../../src/probes/merge-facts';
import { between, nodes, topology } from './topology';

const pg = (instance: string, node: string, target = 'orders'): Writer => ({ system: 'postgres', target, instance, node });
const members = nodes(3);

describe('split brain in the verdict', () => {
  it('names both writers of one target that sit on nodes cut apart (an agent on a bridge sees both)', () => {
    const view = { ...topology({ members, self: 'n3', cut: [['n1', 'n2']], relay: 'all' }), writers: [pg('10.0.0.2:5432', 'n2'), pg('10.0.0.1:5432', 'n1')] };
    expect(analyze(view).splitBrain).toEqual([{ system: 'postgres', target: 'orders', writers: [pg('10.0.0.1:5432', 'n1'), pg('10.0.0.2:5432', 'n2')] }]);
  });

  it('reports writers in two components of a clean cut, as an observer holding every row sees them', () => {
    const view = { ...topology({ members, self: 'n1', cut: between(['n1'], ['n2', 'n3']), relay: 'all' }), writers: [pg('a:5432', 'n1'), pg('b:5432', 'n3')] };
    expect(analyze(view).splitBrain?.map((s) => s.writers.map((w) => w.node))).toEqual([['n1', 'n3']]);
  });

  it('is empty for one writer per target, writers in contact (a failover in progress), or writers on one node', () => {
    const healthy = topology({ members, self: 'n1' });
    expect(analyze({ ...healthy, writers: [pg('a:5432', 'n1'), pg('b:5432', 'n2', 'billing')] }).splitBrain).toEqual([]);
    expect(analyze({ ...healthy, writers: [pg('a:5432', 'n1'), pg('b:5432', 'n2')] }).splitBrain).toEqual([]);
    const cut = topology({ members, self: 'n1', cut: between(['n1'], ['n2', 'n3']), relay: 'all' });
    expect(analyze({ ...cut, writers: [pg('a:5432', 'n2'), pg('a:6432', 'n2')] }).splitBrain).toEqual([]);
  });

  it('keeps systems apart and a writer reported twice once; no field without writers', () => {
    const cut = topology({ members, self: 'n3', cut: [['n1', 'n2']], relay: 'all' });
    const redis = (instance: string, node: string): Writer => ({ system: 'redis', target: 'orders', instance, node });
    expect(analyze({ ...cut, writers: [pg('a:5432', 'n1'), redis('b:6379', 'n2'), pg('a:5432', 'n1')] }).splitBrain).toEqual([]);
    expect('splitBrain' in analyze(cut)).toBe(false);
  });

  it('judges a writer whose node has no fresh row as out of contact, and ignores writers placed outside the membership', () => {
    const stopped = topology({ members, self: 'n1', stopped: ['n3'] });
    expect(analyze({ ...stopped, writers: [pg('a:5432', 'n1'), pg('c:5432', 'n3')] }).splitBrain).toHaveLength(1);
    expect(analyze({ ...stopped, writers: [pg('a:5432', 'n1'), pg('x:5432', 'elsewhere')] }).splitBrain).toEqual([]);
  });
});

describe('detectSplitBrains', () => {
  it('names only the writers involved in a pair without contact, sorted by node', () => {
    // n0–n1 in contact, n2 apart from both: three primaries of one target.
    const graph = contactGraphFromEdges(3, [[0, 1]]);
    const index = new Map([
      ['n0', 0],
      ['n1', 1],
      ['n2', 2],
    ]);
    const split = detectSplitBrains([pg('c', 'n2'), pg('a', 'n0'), pg('b', 'n1')], graph, index);
    expect(split).toEqual([{ system: 'postgres', target: 'orders', writers: [pg('a', 'n0'), pg('b', 'n1'), pg('c', 'n2')] }]);
    expect(detectSplitBrains([pg('a', 'n0'), pg('b', 'n1')], graph, index)).toEqual([]);
  });
});

describe('mergeProbeFacts', () => {
  it('concatenates writers from every family instead of keeping the last one', () => {
    const etcd: Writer = { system: 'etcd', target: 'main', instance: 'etcd-n1', node: 'n1' };
    expect(mergeProbeFacts([{ writers: [etcd] }, {}, { writers: [pg('a', 'n2')], localConsensus: { reachable: true, hasLeader: true } }])).toEqual({
      writers: [etcd, pg('a', 'n2')],
      localConsensus: { reachable: true, hasLeader: true },
    });
  });
});

describe('netsplit_split_brain in the exposition', () => {
  it('is 1 with each writer named while the verdict holds a split brain, 0 and no writers otherwise', async () => {
    const metrics = createMetrics('test', 'n3');
    const view = { ...topology({ members, self: 'n3', cut: [['n1', 'n2']], relay: 'all' }), writers: [pg('10.0.0.1:5432', 'n1'), pg('10.0.0.2:5432', 'n2')] };
    publishVerdict(metrics, analyze(view), new Map());
    const text = await metrics.registry.metrics();
    expect(text).toContain('netsplit_split_brain{netsplit_cluster="test",netsplit_node="n3"} 1');
    expect(text).toContain('netsplit_split_brain_writer{system="postgres",target="orders",server="10.0.0.2:5432",writer_node="n2",netsplit_cluster="test",netsplit_node="n3"} 1');
    publishVerdict(metrics, analyze({ ...view, writers: [] }), new Map());
    const healed = await metrics.registry.metrics();
    expect(healed).toContain('netsplit_split_brain{netsplit_cluster="test",netsplit_node="n3"} 0');
    expect(healed).not.toContain('netsplit_split_brain_writer{');
  });
});
