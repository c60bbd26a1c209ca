/**
 * A lab: N hosts on a private bridge, the processes started on them, the gateways into them and
 * the nemesis. Everything it creates it removes on teardown — on a normal end, a thrown error, a
 * failed assertion (call teardown from afterAll), SIGINT/SIGTERM and process exit.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createNetwork, destroyNamespaces, listNamespaces, sweepLeakedLabs, type LabNetwork } from './network';
import type { Host } from './host';
import { LabProcess } from './lab-process';
import { startGateway, type Gateway } from './gateway';
import { Nemesis } from './nemesis';
import type { HostService, RunningService, ServiceContext } from './host-service';
import { registerLab, runSync, unregisterLab } from './teardown-on-exit';
import { requireLabPrerequisites } from './preflight';
import { bridgeNamespace, hostNamespace, labStem, type LabId } from './lab-names';
import { hostName } from './host';

const WATCHDOG_SCRIPT = join(__dirname, 'lab-watchdog.mjs');

/**
 * A detached process that removes the lab if its owner dies without a teardown (see
 * lab-watchdog.mjs). Started before the first namespace exists, with every name the lab will use.
 */
function startWatchdog(id: LabId, size: number, dir: string): ChildProcess {
  const namespaces = [...Array.from({ length: size }, (_, i) => hostNamespace(id, hostName(i + 1))), bridgeNamespace(id)];
  const watchdog = spawn(process.execPath, [WATCHDOG_SCRIPT, String(process.pid), dir, ...namespaces], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return watchdog;
}

export interface LabOptions {
  /** Number of hosts (n1…nN, 10.200.0.1…N). */
  size: number;
}

/**
 * A serial no other lab of this process uses. Not a module counter: jest gives every test file a
 * fresh module registry in the same process, so a counter would restart at 1 for each file.
 */
async function unusedLabId(): Promise<LabId> {
  const existing = await listNamespaces();
  for (;;) {
    const id = { pid: process.pid, serial: randomInt(1, 1_000_000) };
    if (!existing.some((ns) => ns.startsWith(`${labStem(id)}-`))) return id;
  }
}

export class Lab {
  readonly hosts: Host[];
  readonly dir: string;
  readonly nemesis: Nemesis;
  private readonly processes = new Set<LabProcess>();
  private readonly services: RunningService[] = [];
  private tornDown: Promise<void> | undefined;

  private constructor(
    private readonly network: LabNetwork,
    dir: string,
    private readonly watchdog: ChildProcess,
  ) {
    this.hosts = network.hosts;
    this.dir = dir;
    this.nemesis = new Nemesis(this.hosts, (name, kind) => this.services.find((s) => s.host.name === name && s.kind === kind)?.mainProcess);
  }

  static async create(options: LabOptions): Promise<Lab> {
    requireLabPrerequisites();
    await sweepLeakedLabs();
    const id = await unusedLabId();
    const dir = mkdtempSync(join(tmpdir(), `nslab-${id.pid}-${id.serial}-`));
    const watchdog = startWatchdog(id, options.size, dir);
    let network: LabNetwork;
    try {
      network = await createNetwork(id, options.size);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      watchdog.kill('SIGTERM');
      throw error;
    }
    const lab = new Lab(network, dir, watchdog);
    registerLab(lab);
    return lab;
  }

  host(name: string): Host {
    const host = this.hosts.find((h) => h.name === name);
    if (host === undefined) throw new Error(`no host ${name} in this lab (${this.hosts.map((h) => h.name).join(', ')})`);
    return host;
  }

  get hostNames(): string[] {
    return this.hosts.map((h) => h.name);
  }

  /** Starts a program inside a host's namespace; it is stopped on teardown at the latest. */
  spawn(host: Host, label: string, command: string, args: readonly string[], env?: NodeJS.ProcessEnv): LabProcess {
    if (this.tornDown !== undefined) throw new Error(`lab is torn down: cannot start ${label}`);
    const child = new LabProcess({ host, label, command, args, env });
    this.processes.add(child);
    return child;
  }

  /** Starts `service` on `host` (the plug-in point: agents, etcd members, database pairs). */
  async startService<Running extends RunningService>(service: HostService<Running>, host: Host): Promise<Running> {
    const dir = join(this.dir, host.name, service.kind);
    mkdirSync(dir, { recursive: true });
    const context: ServiceContext = {
      host,
      hosts: this.hosts,
      dir,
      spawn: (label, command, args, env) => this.spawn(host, label, command, args, env),
      openGateway: (port) => this.openGateway(host, port, join(dir, `gateway-${port}.sock`)),
    };
    const running = await service.start(context);
    this.services.push(running);
    return running;
  }

  /** Starts `service` on every host, in parallel. */
  startOnEveryHost<Running extends RunningService>(service: HostService<Running>): Promise<Running[]> {
    return Promise.all(this.hosts.map((host) => this.startService(service, host)));
  }

  async openGateway(host: Host, port: number, socketPath: string): Promise<Gateway> {
    return startGateway((h, label, command, args, env) => this.spawn(h, label, command, args, env), host, socketPath, port);
  }

  /**
   * Stops services and processes (waiting for every pid to exit), removes the firewall tables
   * with their namespaces, then the lab directory. Safe to call more than once.
   */
  teardown(): Promise<void> {
    this.tornDown ??= (async () => {
      try {
        await this.nemesis.reset().catch(() => undefined);
        await Promise.allSettled(this.services.map((s) => s.stop()));
        await Promise.allSettled([...this.processes].map((p) => p.stop()));
        await destroyNamespaces(this.network.namespaces);
        rmSync(this.dir, { recursive: true, force: true });
      } finally {
        this.watchdog.kill('SIGTERM');
        unregisterLab(this);
      }
    })();
    return this.tornDown;
  }

  teardownSync(): void {
    for (const child of this.processes) {
      if (!child.running) continue;
      child.signal('SIGCONT');
      child.signal('SIGKILL');
    }
    for (const child of this.processes) waitForDeathSync(child.pid, 2000);
    for (const ns of this.network.namespaces) runSync('ip', ['netns', 'delete', ns]);
    rmSync(this.dir, { recursive: true, force: true });
    this.watchdog.kill('SIGTERM');
  }
}

/** In an 'exit' handler nothing reaps children, so a killed child shows as a zombie: that is dead enough. */
function waitForDeathSync(pid: number, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return;
    }
    if (/^\d+ \(.*\) [ZX]/.test(stat)) return;
  }
}
