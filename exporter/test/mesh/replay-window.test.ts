import { EPOCH_SILENCE_MS, ReplayWindow } from '../../src/mesh/replay-window';

describe('ReplayWindow', () => {
  it('accepts each sequence number once and reorderings within the window', () => {
    const w = new ReplayWindow();
    expect(w.admit(100, 1)).toBe('accepted');
    expect(w.admit(100, 3)).toBe('accepted');
    expect(w.admit(100, 2)).toBe('accepted');
    expect(w.admit(100, 2)).toBe('replayed');
    expect(w.admit(100, 3)).toBe('replayed');
  });

  it('adopts a newer epoch (the sender restarted) and still refuses replays of the older one', () => {
    const w = new ReplayWindow();
    w.admit(100, 50);
    expect(w.admit(101, 1)).toBe('accepted');
    expect(w.admit(100, 50)).toBe('replayed');
    expect(w.admit(100, 51)).toBe('accepted'); // in flight over the restart
  });

  it('F5: one far-future epoch does not lock out the real one (windows per epoch)', () => {
    const w = new ReplayWindow();
    for (let seq = 1; seq <= 10; seq++) w.admit(100, seq);
    expect(w.admit(9_999_999_999_999, 1)).toBe('accepted');
    expect([11, 12, 13].map((seq) => w.admit(100, seq))).toEqual(['accepted', 'accepted', 'accepted']);
  });

  it('holds three epochs, evicts the least recently used, and refuses an unheld older epoch until all held ones are silent', () => {
    const w = new ReplayWindow();
    w.admit(100, 1, 0);
    w.admit(200, 1, 10);
    w.admit(300, 1, 20);
    expect(w.admit(50, 1, 30)).toBe('stale');
    expect(w.admit(100, 2, 40)).toBe('accepted'); // 100 is now the most recently used
    expect(w.admit(400, 1, 50)).toBe('accepted'); // evicts 200
    expect(w.admit(200, 2, 60)).toBe('stale');
    expect(w.admit(100, 2, 70)).toBe('replayed');
    expect(w.admit(200, 2, 40 + EPOCH_SILENCE_MS)).toBe('stale'); // 400 was used at 50: not silent long enough
    expect(w.admit(200, 2, 50 + EPOCH_SILENCE_MS)).toBe('accepted');
  });

  it('calls a sequence number behind the window stale', () => {
    const w = new ReplayWindow();
    w.admit(1, 1);
    w.admit(1, 100);
    expect(w.admit(1, 36)).toBe('stale');
    expect(w.admit(1, 37)).toBe('accepted');
  });

  it('measures loss from sequence gaps', () => {
    const w = new ReplayWindow();
    expect(w.lossRatio()).toBe(0);
    for (const seq of [1, 2, 4, 5, 8]) w.admit(7, seq);
    expect(w.lossRatio()).toBe(3 / 8);
    for (let seq = 9; seq <= 72; seq++) w.admit(7, seq);
    expect(w.lossRatio()).toBe(0);
  });

  it('keeps every bit across shifts of 1 to 70, the 32-bit word boundary included (against a set of seen numbers)', () => {
    const w = new ReplayWindow();
    const seen = new Set<number>();
    let highest = 1000;
    w.admit(3, highest);
    seen.add(highest);
    const verdicts: string[] = [];
    // A fixed walk: forward jumps of every size, then every offset inside the window probed twice.
    for (let jump = 1; jump <= 70; jump++) {
      highest += jump;
      expect(w.admit(3, highest)).toBe('accepted');
      seen.add(highest);
      for (const offset of [1, 31, 32, 33, 63, 64]) {
        const seq = highest - offset;
        const expected = offset >= 64 ? 'stale' : seen.has(seq) ? 'replayed' : 'accepted';
        const got = w.admit(3, seq);
        if (got !== expected) verdicts.push(`jump ${jump} offset ${offset}: ${got}, expected ${expected}`);
        if (got === 'accepted') seen.add(seq);
      }
    }
    expect(verdicts).toEqual([]);
    expect(w.admit(3, highest - 32)).toBe('replayed');
    expect(w.admit(3, highest - 63)).toBe('replayed');
  });
});
