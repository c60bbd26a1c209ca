/**
 * A HostService running the beacon stand-in (beacon.mjs): it proves the nemesis makes exactly
 * the directed drops it claims, independently of the agent under test.
 */
import { join } from 'node:path';
import type { HostService, RunningService } from './host-service';
import type { Gateway } from './gateway';
import { httpGetUnix } from './unix-http';

export const BEACON_PORT = 7946;
const BEACON_SCRIPT = join(__dirname, 'beacon.mjs');

export interface RunningBeacon extends RunningService {
  gateway: Gateway;
  /** Peers heard within the last `withinMs`, sorted. */
  hears(withinMs: number): Promise<string[]>;
}

export function beaconService(): HostService<RunningBeacon> {
  return {
    kind: 'beacon',
    async start(context) {
      const peers = context.hosts.map((h) => `${h.name}=${h.address}`).join(',');
      const child = context.spawn(`beacon ${context.host.name}`, process.execPath, [BEACON_SCRIPT, context.host.name, context.host.address, String(BEACON_PORT), peers]);
      await child.waitForLine((l) => l.text.includes('beacon ready'), 10_000, 'ready line');
      const gateway = await context.openGateway(BEACON_PORT);
      return {
        kind: 'beacon',
        host: context.host,
        mainProcess: child,
        gateway,
        async hears(withinMs) {
          const response = await httpGetUnix(gateway.socketPath, '/');
          const heard = (JSON.parse(response.body) as { heardMsAgo: Record<string, number> }).heardMsAgo;
          return Object.entries(heard)
            .filter(([, ago]) => ago <= withinMs)
            .map(([peer]) => peer)
            .sort();
        },
        async stop() {
          await child.stop();
          await gateway.process.stop();
        },
      };
    },
  };
}
