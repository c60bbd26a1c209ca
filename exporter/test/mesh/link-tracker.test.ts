import { LinkTracker } from '../../src/mesh/link-tracker';

const damping = { intervalMs: 100, downAfter: 3, upAfter: 2 };

describe('LinkTracker damping', () => {
  it('is unknown at start, up after upAfter heartbeats', () => {
    const t = new LinkTracker(damping, 0);
    expect(t.state).toBe('unknown');
    expect(t.heard(100)).toBeUndefined();
    expect(t.heard(200)).toEqual({ from: 'unknown', to: 'up', at: 200 });
    expect(t.state).toBe('up');
  });

  it('goes down only after downAfter silent intervals', () => {
    const t = new LinkTracker(damping, 0);
    t.heard(100);
    t.heard(200);
    expect(t.tick(500)).toBeUndefined();
    expect(t.tick(501)).toEqual({ from: 'up', to: 'down', at: 501 });
    expect(t.tick(600)).toBeUndefined();
    expect(t.lossRatio()).toBe(1);
  });

  it('declares a never-heard source down after the first silent window', () => {
    const t = new LinkTracker(damping, 1000);
    expect(t.tick(1300)).toBeUndefined();
    expect(t.tick(1301)).toEqual({ from: 'unknown', to: 'down', at: 1301 });
  });

  it('needs upAfter heartbeats without a long gap to come back', () => {
    const t = new LinkTracker(damping, 0);
    t.heard(100);
    t.heard(200);
    t.tick(600); // down
    expect(t.heard(700)).toBeUndefined();
    // a second heartbeat after a silence longer than the down threshold restarts the count
    expect(t.heard(1100)).toBeUndefined();
    expect(t.heard(1200)).toEqual({ from: 'down', to: 'up', at: 1200 });
  });

  it('does not flap faster than damping allows under a link cut and healed every 150 ms', () => {
    const t = new LinkTracker(damping, 0);
    const transitions: string[] = [];
    // heartbeats every 100 ms, delivered only in alternating 150 ms windows
    for (let now = 0; now <= 3000; now += 10) {
      const delivered = Math.floor(now / 150) % 2 === 0;
      if (now % 100 === 0 && delivered) {
        const tr = t.heard(now);
        if (tr) transitions.push(`${tr.to}@${tr.at}`);
      }
      const tr = t.tick(now);
      if (tr) transitions.push(`${tr.to}@${tr.at}`);
    }
    // gaps never exceed 300 ms, so once up it stays up
    expect(transitions).toEqual(['up@100']);
  });
});
