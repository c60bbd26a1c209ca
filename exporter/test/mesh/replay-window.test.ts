import { ReplayWindow } from '../../src/mesh/replay-window';

describe('ReplayWindow', () => {
  it('accepts each sequence number once and reorderings within the window', () => {
    const w = new ReplayWindow();
    expect(w.admit(100, 1)).toBe('accepted');
    expect(w.admit(100, 3)).toBe('accepted');
    expect(w.admit(100, 2)).toBe('accepted');
    expect(w.admit(100, 2)).toBe('replayed');
    expect(w.admit(100, 3)).toBe('replayed');
  });

  it('calls an older epoch stale and adopts a newer one (the sender restarted)', () => {
    const w = new ReplayWindow();
    w.admit(100, 50);
    expect(w.admit(99, 51)).toBe('stale');
    expect(w.admit(101, 1)).toBe('accepted');
    expect(w.admit(100, 52)).toBe('stale');
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
});
