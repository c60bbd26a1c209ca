/**
 * The way in from the root namespace: one forwarder per host, started inside the host's
 * namespace, listening on a unix socket in the lab directory and piping to an address:port that
 * exists only in that namespace.
 */
import { join } from 'node:path';
import type { Host } from './host';
import { LabProcess } from './lab-process';

export const FORWARDER_SCRIPT = join(__dirname, 'forwarder.mjs');

export interface Gateway {
  host: Host;
  socketPath: string;
  process: LabProcess;
}

export type SpawnInHost = (host: Host, label: string, command: string, args: readonly string[], env?: NodeJS.ProcessEnv) => LabProcess;

export async function startGateway(spawnInHost: SpawnInHost, host: Host, socketPath: string, port: number): Promise<Gateway> {
  const forwarder = spawnInHost(host, `gateway ${host.name}`, process.execPath, [FORWARDER_SCRIPT, socketPath, host.address, String(port)]);
  await forwarder.waitForLine((line) => line.text.includes('"forwarding"'), 10_000, 'forwarding line');
  return { host, socketPath, process: forwarder };
}
