/**
 * The lab network: one namespace per host, each with a veth whose other end sits on a bridge in a
 * namespace of its own. Nothing is added to the root namespace, so the lab's 10.200.0.0/24 never
 * meets the machine's own network and two labs never collide.
 */
import { runCommand } from './run-command';
import { LAB_PREFIX_LENGTH, hostAddress, hostName, type Host } from './host';
import { bridgeNamespace, hostNamespace, ownerPid, type LabId } from './lab-names';

export interface LabNetwork {
  hosts: Host[];
  bridgeNamespace: string;
  /** Every namespace this network created, bridge last (deleted in this order). */
  namespaces: string[];
}

const ip = (args: string[]) => runCommand('ip', args);

export async function createNetwork(id: LabId, size: number): Promise<LabNetwork> {
  if (!Number.isInteger(size) || size < 1 || size > 200) throw new Error(`lab size ${size}: use 1 to 200 hosts`);
  const bridgeNs = bridgeNamespace(id);
  const hosts: Host[] = [];
  for (let index = 1; index <= size; index++) {
    const name = hostName(index);
    hosts.push({ name, index, namespace: hostNamespace(id, name), address: hostAddress(index) });
  }
  const network: LabNetwork = { hosts, bridgeNamespace: bridgeNs, namespaces: [] };
  try {
    await ip(['netns', 'add', bridgeNs]);
    network.namespaces.push(bridgeNs);
    await ip(['-n', bridgeNs, 'link', 'add', 'br0', 'type', 'bridge']);
    await ip(['-n', bridgeNs, 'link', 'set', 'br0', 'up']);
    for (const host of hosts) {
      await ip(['netns', 'add', host.namespace]);
      network.namespaces.unshift(host.namespace);
      // Created inside the bridge namespace with its peer born in the host namespace: the
      // interface names live only there, so they cannot clash with anything on the machine.
      await ip(['-n', bridgeNs, 'link', 'add', `port${host.index}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.namespace]);
      await ip(['-n', bridgeNs, 'link', 'set', `port${host.index}`, 'master', 'br0', 'up']);
      await ip(['-n', host.namespace, 'addr', 'add', `${host.address}/${LAB_PREFIX_LENGTH}`, 'dev', 'eth0']);
      await ip(['-n', host.namespace, 'link', 'set', 'eth0', 'up']);
      await ip(['-n', host.namespace, 'link', 'set', 'lo', 'up']);
    }
  } catch (error) {
    await destroyNamespaces(network.namespaces);
    throw error;
  }
  return network;
}

/** Deletes namespaces (their interfaces and nftables tables go with them); missing ones are fine. */
export async function destroyNamespaces(namespaces: readonly string[]): Promise<void> {
  const existing = new Set(await listNamespaces());
  for (const ns of namespaces) {
    if (existing.has(ns)) await runCommand('ip', ['netns', 'delete', ns], { allowFailure: true });
  }
}

export async function listNamespaces(): Promise<string[]> {
  const { stdout } = await runCommand('ip', ['netns', 'list'], { allowFailure: true });
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== '');
}

export async function namespacePids(namespace: string): Promise<number[]> {
  const { stdout } = await runCommand('ip', ['netns', 'pids', namespace], { allowFailure: true });
  return stdout
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what labs of dead processes left behind (their processes were ours: they run in our
 * namespaces). Labs of living processes, this one included, are left alone.
 */
export async function sweepLeakedLabs(): Promise<string[]> {
  const leaked = (await listNamespaces()).filter((ns) => {
    const owner = ownerPid(ns);
    return owner !== undefined && !isAlive(owner);
  });
  for (const ns of leaked) {
    for (const pid of await namespacePids(ns)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  await destroyNamespaces(leaked);
  return leaked;
}
