/** The topologies as data (no namespaces needed): exactly the drops the ground-truth table of docs/architecture.md describes. */
import { bridge, cutBetweenGroups, dropKey, halves, isolated, majoritiesRing, oneWay, threeWay } from './topology';

const ALL = ['n1', 'n2', 'n3', 'n4', 'n5'];
const keys = (drops: { source: string; target: string }[]) => drops.map(dropKey).sort();

describe('topologies of a 5-node lab', () => {
  it('halves cuts every link between {n1,n2,n3} and {n4,n5}, both ways', () => {
    const t = halves(ALL);
    expect(t.description).toBe('{n1,n2,n3} | {n4,n5}');
    expect(keys(t.drops)).toEqual(['n1>n4', 'n1>n5', 'n2>n4', 'n2>n5', 'n3>n4', 'n3>n5', 'n4>n1', 'n4>n2', 'n4>n3', 'n5>n1', 'n5>n2', 'n5>n3']);
  });

  it('isolated n5 loses its four links both ways', () => {
    expect(keys(isolated(ALL, 'n5').drops)).toEqual(['n1>n5', 'n2>n5', 'n3>n5', 'n4>n5', 'n5>n1', 'n5>n2', 'n5>n3', 'n5>n4']);
  });

  it('three-way cuts between all three groups', () => {
    const t = threeWay([['n1', 'n2'], ['n3', 'n4'], ['n5']]);
    expect(t.description).toBe('{n1,n2} | {n3,n4} | {n5}');
    expect(t.drops).toHaveLength(2 * (2 * 2 + 2 * 1 + 2 * 1));
  });

  it('bridge keeps n3 linked to both sides and cuts 1–4, 1–5, 2–4, 2–5', () => {
    const t = bridge(['n1', 'n2'], 'n3', ['n4', 'n5']);
    expect(t.description).toBe('{n1,n2} – n3 – {n4,n5}');
    expect(keys(t.drops)).toEqual(keys(cutBetweenGroups([['n1', 'n2'], ['n4', 'n5']])));
    expect(keys(t.drops).filter((k) => k.includes('n3'))).toEqual([]);
  });

  it('majorities ring cuts 1–3, 1–4, 2–4, 2–5, 3–5', () => {
    const t = majoritiesRing(ALL);
    expect(t.description).toBe('cut n1–n3, n1–n4, n2–n4, n2–n5, n3–n5');
    expect(keys(t.drops)).toEqual(['n1>n3', 'n1>n4', 'n2>n4', 'n2>n5', 'n3>n1', 'n3>n5', 'n4>n1', 'n4>n2', 'n5>n2', 'n5>n3']);
  });

  it('one-way drops a single direction', () => {
    expect(keys(oneWay('n5', 'n1').drops)).toEqual(['n5>n1']);
    expect(keys(oneWay('n1', 'n5').drops)).toEqual(['n1>n5']);
  });
});
