/** `linksOf`: every ordered pair of members with its state as the view's fresh rows know it, sorted. */
import { analyze, linksOf } from '../../src/analysis';
import { between, nodes, topology } from './topology';

const view = topology({ members: nodes(3), self: 'n1', cut: between(['n1', 'n2'], ['n3']) });

describe('linksOf', () => {
  it('lists every ordered pair, sorted by source then target, unknown where no fresh row says', () => {
    expect(linksOf(view)).toEqual([
      { source: 'n1', target: 'n2', state: 'up' },
      { source: 'n1', target: 'n3', state: 'unknown' },
      { source: 'n2', target: 'n1', state: 'up' },
      { source: 'n2', target: 'n3', state: 'unknown' },
      { source: 'n3', target: 'n1', state: 'down' },
      { source: 'n3', target: 'n2', state: 'down' },
    ]);
  });

  it('agrees with the verdict it sits beside: the down links are why the partition is detected', () => {
    const verdict = analyze(view);
    expect(verdict.partitionDetected).toBe(true);
    expect(linksOf(view).filter((link) => link.state === 'down').map((link) => `${link.source}>${link.target}`)).toEqual(['n3>n1', 'n3>n2']);
    expect(verdict.unreachable).toEqual(['n3']);
  });

  it('is not part of the verdict: the agent never builds the N² list', () => {
    expect(Object.keys(analyze(view))).not.toContain('links');
  });
});
