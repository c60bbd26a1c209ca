import { decodeRuns, encodeRuns } from '../../src/mesh/state-runs';

describe('states in runs', () => {
  it('writes a run of one without its count and a long run in a few characters', () => {
    expect(encodeRuns('')).toBe('');
    expect(encodeRuns('uuuduu')).toBe('u3du2');
    expect(encodeRuns('u?d')).toBe('u?d');
    expect(encodeRuns('u'.repeat(1000))).toBe('u1000');
    expect(encodeRuns(`${'u'.repeat(499)}d${'u'.repeat(500)}`)).toBe('u499du500');
  });

  it('reads back exactly the states it wrote', () => {
    for (const states of ['', 'u', '??', 'ud?ud?', `${'d'.repeat(70)}${'u'.repeat(3)}?`]) expect(decodeRuns(encodeRuns(states), states.length)).toBe(states);
  });

  it('refuses runs that are not u d ? with counts, or do not add up to the member count, before allocating', () => {
    expect(decodeRuns('u3du2', 5)).toBeUndefined();
    expect(decodeRuns('u3du2', 7)).toBeUndefined();
    expect(decodeRuns('x3', 3)).toBeUndefined();
    expect(decodeRuns('u0u3', 3)).toBeUndefined();
    expect(decodeRuns('3u', 3)).toBeUndefined();
    expect(decodeRuns('u99999', 1000)).toBeUndefined();
    expect(decodeRuns('u3 ', 3)).toBeUndefined();
  });
});
