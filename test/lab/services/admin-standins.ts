/**
 * The Kubernetes API server, Consul and Envoy stand-ins (admin-standins-server.mjs) as a lab
 * HostService: one process per host serving Consul (8500) and an Envoy admin API (15000), and
 * the API server (6443) on the host named for it, all on the host's address so the nemesis cuts
 * them like any service. Their answers are built from the vendored fixtures.
 */
import { join } from 'node:path';
import type { HostService, RunningService } from '../host-service';

export const STANDIN_PORTS = { consul: 8500, envoy: 15000, apiserver: 6443 } as const;
const SCRIPT = join(__dirname, 'admin-standins-server.mjs');

export interface AdminStandinsOptions {
  /** The host that serves the API server. */
  apiserverOn: string;
  /** Envoy upstream clusters every proxy has: name → the hosts its endpoints run on. */
  upstreams: Readonly<Record<string, readonly string[]>>;
}

export function adminStandinsService(options: AdminStandinsOptions): HostService {
  return {
    kind: 'admin-standins',
    async start(context) {
      const peers = context.hosts.map((h) => `${h.name}=${h.address}`).join(',');
      const upstreams = Object.entries(options.upstreams)
        .map(([name, hosts]) => `${name}=${hosts.join('+')}`)
        .join(',');
      const child = context.spawn(`admin stand-ins ${context.host.name}`, process.execPath, [SCRIPT, context.host.name, context.host.address, peers, options.apiserverOn, upstreams]);
      await child.waitForLine((l) => l.text.includes('admin stand-ins ready'), 10_000, 'ready line');
      const running: RunningService = { kind: 'admin-standins', host: context.host, mainProcess: child, stop: async () => void (await child.stop()) };
      return running;
    },
  };
}
