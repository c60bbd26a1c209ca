/**
 * The plug-in point for what runs on a lab host. The agent is one service; etcd members and
 * database pairs will be others. A service starts its processes through the context (so the lab
 * tracks them and kills them on teardown), may open a gateway to reach a port from outside the
 * namespace, and stops on request.
 */
import type { Host } from './host';
import type { LabProcess } from './lab-process';
import type { Gateway } from './gateway';

export interface ServiceContext {
  host: Host;
  /** Every host of the lab (peers, cluster members). */
  hosts: readonly Host[];
  /** A directory of the lab's own for this service on this host (configs, data, sockets). */
  dir: string;
  /** Starts a program inside the host's namespace; the lab stops it on teardown. */
  spawn(label: string, command: string, args: readonly string[], env?: NodeJS.ProcessEnv): LabProcess;
  /** Makes `host.address:port` reachable from the root namespace through a unix socket. */
  openGateway(port: number): Promise<Gateway>;
}

export interface RunningService {
  /** e.g. `agent`, `etcd`, `postgres-primary`. */
  kind: string;
  host: Host;
  /** The service's main process (what the nemesis freezes), if it has one. */
  mainProcess?: LabProcess;
  /** Stops the service's processes and waits for their exit. */
  stop(): Promise<void>;
}

export interface HostService<Running extends RunningService = RunningService> {
  kind: string;
  start(context: ServiceContext): Promise<Running>;
}
