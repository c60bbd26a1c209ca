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

import { refreshWindowMs } from '../../src/mesh/row-store';

describe('how often an unchanged row is renewed in deltas', () => {
  it('every heartbeat interval up to 100 members, a third of views.maxAge above', () => {
    expect(refreshWindowMs(5, 250, 2000)).toBe(250);
    expect(refreshWindowMs(100, 500, 4000)).toBe(500);
    expect(refreshWindowMs(101, 500, 4000)).toBe(1333);
    expect(refreshWindowMs(1000, 500, 4000)).toBe(1333);
    expect(refreshWindowMs(5, 500, 900)).toBe(300);
  });
});
