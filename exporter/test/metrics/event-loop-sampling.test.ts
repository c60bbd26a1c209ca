/**
 * The event loop's delay is sampled every EVENT_LOOP_SAMPLE_MS, not every 10 ms (prom-client's
 * default): each sample is the time between two timer firings, so the smallest one recorded tells
 * the resolution the agent runs with. At 10 ms the idle agent woke 100 times a second.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { EVENT_LOOP_SAMPLE_MS, createMetrics } from '../../src/metrics/registry';
import { sample } from '../agent/helpers';

describe('event loop delay sampling', () => {
  it('samples every 100 ms: the shortest gap between samples is about 0.1 s, not 0.01 s', async () => {
    const { registry } = createMetrics('prod-eu', 'n1');
    // Five resolutions: at least four samples whatever the timer's phase.
    await sleep(5 * EVENT_LOOP_SAMPLE_MS);
    const shortest = sample(await registry.metrics(), 'nodejs_eventloop_lag_min_seconds')!;
    // A libuv timer may fire up to a millisecond early against the high-resolution clock.
    expect(shortest).toBeGreaterThanOrEqual(0.098);
    expect(shortest).toBeLessThan(1);
  });
});
