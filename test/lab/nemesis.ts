/**
 * The nemesis: puts the lab into a topology, heals it, flaps a link, freezes and thaws agents.
 * It holds the set of directed drops in force and keeps every host's firewall equal to it;
 * changes are serialised, so a flapping link and a topology change never race.
 */
import type { Host } from './host';
import type { LabProcess } from './lab-process';
import { setDroppedSources } from './firewall';
import { cutBetween, dropKey, type Drop, type Topology } from './topology';

export interface FlapOptions {
  /** How long each cut lasts. */
  cutMs: number;
  /** How long the link works between cuts. */
  healMs: number;
}

export interface Flapping {
  /** Stops flapping and leaves the link healed; resolves with the number of cuts made. */
  stop(): Promise<number>;
}

export class Nemesis {
  private readonly drops = new Map<string, Drop>();
  private readonly byName: Map<string, Host>;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly flapping = new Set<Flapping>();
  /** `host/kind` of every frozen service, thawed by reset(). */
  private readonly frozen = new Set<string>();
  /** What each host's firewall holds now, so a change rewrites only the hosts it concerns. */
  private readonly written = new Map<string, string>();

  constructor(
    hosts: readonly Host[],
    /** The main process of a service on a host (what freeze/thaw signal). */
    private readonly processOf: (hostName: string, kind: string) => LabProcess | undefined,
  ) {
    this.byName = new Map(hosts.map((h) => [h.name, h]));
    for (const host of hosts) this.written.set(host.name, ''); // a new host has no table
  }

  /** The drops in force, sorted, as `source>target`. */
  get current(): string[] {
    return [...this.drops.keys()].sort();
  }

  /**
   * Replaces every drop with the topology's. Resolves once every firewall holds its rules, with
   * that time (Date.now()): the moment from which detection is timed.
   */
  apply(topology: Topology): Promise<number> {
    return this.change(() => {
      this.drops.clear();
      for (const drop of topology.drops) this.add(drop);
    });
  }

  /** Removes every drop; resolves with the time the last firewall was cleared. */
  heal(): Promise<number> {
    return this.change(() => this.drops.clear());
  }

  /** Adds drops to those in force (e.g. a one-way drop on top of a partition). */
  addDrops(drops: readonly Drop[]): Promise<number> {
    return this.change(() => drops.forEach((d) => this.add(d)));
  }

  removeDrops(drops: readonly Drop[]): Promise<number> {
    return this.change(() => drops.forEach((d) => this.drops.delete(dropKey(d))));
  }

  /** Cuts a–b (both directions) for `cutMs`, heals it for `healMs`, again and again until stopped. */
  flap(a: string, b: string, options: FlapOptions): Flapping {
    const link = cutBetween(a, b);
    let running = true;
    let cuts = 0;
    let wake: (() => void) | undefined;
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    const loop = (async () => {
      while (running) {
        await this.addDrops(link);
        cuts++;
        await sleep(options.cutMs);
        await this.removeDrops(link);
        if (running) await sleep(options.healMs);
      }
    })();
    const handle: Flapping = {
      stop: async () => {
        running = false;
        wake?.();
        await loop;
        await this.removeDrops(link);
        this.flapping.delete(handle);
        return cuts;
      },
    };
    this.flapping.add(handle);
    return handle;
  }

  /**
   * Freezes a service on a host with SIGSTOP (the agent unless `kind` says otherwise): it neither
   * sends nor answers, like a hung machine, while its sockets stay open.
   */
  freeze(hostName: string, kind = 'agent'): void {
    this.processFor(hostName, kind).signal('SIGSTOP');
    this.frozen.add(`${hostName}/${kind}`);
  }

  /** Resumes a frozen service with SIGCONT. */
  thaw(hostName: string, kind = 'agent'): void {
    this.processFor(hostName, kind).signal('SIGCONT');
    this.frozen.delete(`${hostName}/${kind}`);
  }

  /** Stops any flapping, thaws every agent and removes every drop. */
  async reset(): Promise<void> {
    await Promise.all([...this.flapping].map((f) => f.stop()));
    for (const key of [...this.frozen]) {
      const [hostName, kind] = key.split('/') as [string, string];
      this.thaw(hostName, kind);
    }
    await this.heal();
  }

  private processFor(hostName: string, kind: string): LabProcess {
    const process = this.processOf(hostName, kind);
    if (process === undefined) throw new Error(`nemesis: host ${hostName} runs no ${kind} with a main process`);
    return process;
  }

  private add(drop: Drop): void {
    for (const name of [drop.source, drop.target]) {
      if (!this.byName.has(name)) throw new Error(`nemesis: unknown host ${name} (hosts: ${[...this.byName.keys()].join(', ')})`);
    }
    if (drop.source === drop.target) throw new Error(`nemesis: cannot drop ${drop.source}'s traffic to itself`);
    this.drops.set(dropKey(drop), drop);
  }

  private change(mutate: () => void): Promise<number> {
    const next = this.queue.then(async () => {
      mutate();
      await this.sync();
      return Date.now();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Writes every host's firewall from the drops in force (all hosts, in parallel). */
  private async sync(): Promise<void> {
    const sourcesByTarget = new Map<string, string[]>([...this.byName.keys()].map((name) => [name, []]));
    for (const drop of this.drops.values()) sourcesByTarget.get(drop.target)!.push(this.byName.get(drop.source)!.address);
    const changed = [...sourcesByTarget].filter(([name, sources]) => this.written.get(name) !== [...sources].sort().join(','));
    await Promise.all(
      changed.map(async ([name, sources]) => {
        this.written.delete(name); // unknown until the write succeeds
        await setDroppedSources(this.byName.get(name)!, sources);
        this.written.set(name, [...sources].sort().join(','));
      }),
    );
  }
}
