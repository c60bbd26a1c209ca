/** The agent's clock for ages and timeouts: monotonic, so a wall-clock step never ages a row. */
import { performance } from 'node:perf_hooks';

export const monotonic = (): number => performance.now();
