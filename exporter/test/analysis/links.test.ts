/** `links`: every ordered pair, sorted, built lazily (or not at all with includeLinks: false). */
import { analyze } from '../../src/analysis';
import { between, nodes, topology } from './topology';

const view = topology({ members: nodes(3), self: 'n1', cut: between(['n1', 'n2'], ['n3']) });
const expected = [
  { source: 'n1', target: 'n2', state: 'up' },
  { source: 'n1', target: 'n3', state: 'unknown' },
  { source: 'n2', target: 'n1', state: 'up' },
  { source: 'n2', target: 'n3', state: 'unknown' },
  { source: 'n3', target: 'n1', state: 'down' },
  { source: 'n3', target: 'n2', state: 'down' },
];

describe('links', () => {
  it('reads like a plain property, the same array every time', () => {
    const v = analyze(view);
    expect(v.links).toEqual(expected);
    expect(v.links).toBe(v.links);
  });

  it('is serialised by JSON.stringify and copied by spread, in its place among the keys', () => {
    const v = analyze(view);
    const json = JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
    expect(json.links).toEqual(expected);
    expect(Object.keys(json).slice(0, 5)).toEqual(['self', 'memberCount', 'quorum', 'freshNodes', 'links']);
    expect({ ...v }.links).toEqual(expected);
    expect(structuredClone(v).links).toEqual(expected);
  });

  it('can be replaced by assignment', () => {
    const v = analyze(view);
    v.links = [];
    expect(v.links).toEqual([]);
  });

  it('is empty with includeLinks: false, the rest unchanged', () => {
    const { links, ...rest } = analyze(view, { includeLinks: false });
    const { links: _full, ...same } = analyze(view);
    expect(links).toEqual([]);
    expect(rest).toEqual(same);
  });
});
