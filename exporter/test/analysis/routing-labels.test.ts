/** Routing labels: one writer on the side with quorum, every member's side, nothing when healthy. */
import { analyze } from '../../src/analysis';
import { routingPlan } from '../../src/analysis/routing-labels';
import { between, nodes, topology } from './topology';

const N5 = nodes(5);
const halves = between(['n1', 'n2', 'n3'], ['n4', 'n5']);
const plan = (self: string, cut = halves) => {
  const result = routingPlan(analyze(topology({ members: N5, self, cut, relay: 'all' })), N5);
  return { writer: result.writer, labels: Object.fromEntries(result.labels) };
};

describe('routingPlan', () => {
  it('lets only the first node of the majority write, and labels every member with its side', () => {
    const labels = { n1: 'majority', n2: 'majority', n3: 'majority', n4: 'minority', n5: 'minority' };
    expect(plan('n1')).toEqual({ writer: true, labels });
    expect(plan('n2')).toEqual({ writer: false, labels });
    expect(plan('n4').writer).toBe(false);
  });

  it('labels a node cut from everyone isolated, and no writer exists where nobody holds quorum', () => {
    expect(plan('n1', between(['n1', 'n2', 'n3', 'n4'], ['n5'])).labels.n5).toBe('isolated');
    const threeWay = [...between(['n1', 'n2'], ['n3', 'n4']), ...between(['n1', 'n2', 'n3', 'n4'], ['n5'])];
    expect(N5.map((self) => plan(self, threeWay).writer)).toEqual([false, false, false, false, false]);
  });

  it('asks for no labels on a healthy cluster, written by its first node', () => {
    expect(plan('n1', [])).toEqual({ writer: true, labels: { n1: null, n2: null, n3: null, n4: null, n5: null } });
    expect(plan('n3', []).writer).toBe(false);
  });
});
