/**
 * One probe service per replication system (PostgreSQL, MySQL/MariaDB, Redis) on the probe
 * runner: every probes.interval each configured instance is observed through its long-lived
 * client under the runner's deadline; link states are fused with the latest mesh verdict at every
 * scrape (so a cut shows as soon as the mesh knows it, not at the next round); reachable writers
 * go to the verdict as facts for split-brain detection.
 */
import { performance } from 'node:perf_hooks';
import type { Writer } from '../analysis/types';
import type { Logger } from '../log';
import type { ClientTls } from '../config/load';
import { createPatternCounters } from '../metrics/patterns';
import { createReplicationMetrics, type ReplicationMetrics } from '../metrics/replication';
import { classify } from '../patterns/classify';
import { cutIsProven, pairContact } from '../analysis/pair-contact';
import { placeInstance } from './placement';
import { DOWN_REASONS, linkState, type LinkState, type TimedObservation } from './replication-links';
import {
  INSTANCE_ROLES,
  IO_STATES,
  instanceAddress,
  type InstanceAddress,
  type InstanceObservation,
  type ReplicationSystem,
} from './replication-model';
import { HostResolver } from './resolver';
import { createProbeRunner, type ProbeOutcome, type ProbeRunner } from './runner';
import type { ProbeServiceDeps, ProbeServiceFactory } from './service';

/** A long-lived client of one instance. `observe` must settle; the runner still bounds it. */
export interface InstanceProbe {
  observe(deadlineMs: number): Promise<InstanceObservation>;
  close(): Promise<void>;
}

export interface ReplicationDriver {
  system: ReplicationSystem;
  defaultPort: number;
  connect(url: string, options: { timeoutMs: number; log: Logger; tls?: ClientTls }): InstanceProbe;
}

interface Instance {
  target: string;
  address: InstanceAddress;
  node: string | undefined;
  probe: InstanceProbe;
  last?: TimedObservation;
}

interface Link {
  target: string;
  primary: Instance;
  replica: Instance;
  replicaName: string | undefined;
  cutSince?: number;
  downSince?: number;
  lastState?: LinkState;
}

const monotonic = () => performance.now();

export function replicationServiceFactory(driver: ReplicationDriver): ProbeServiceFactory {
  return (deps) => {
    const targets = deps.config.targets[driver.system];
    if (targets.length === 0) return undefined;
    return new ReplicationService(driver, deps);
  };
}

class ReplicationService {
  readonly name: string;
  private readonly metrics: ReplicationMetrics;
  private readonly patterns;
  private readonly instances: Instance[] = [];
  private readonly links: Link[] = [];
  private readonly resolver = new HostResolver();
  private readonly runner: ProbeRunner;
  private unsubscribe: (() => void) | undefined;
  private readonly timeoutMs: number;

  constructor(
    private readonly driver: ReplicationDriver,
    private readonly deps: ProbeServiceDeps,
  ) {
    this.name = driver.system;
    this.metrics = createReplicationMetrics(deps.registry);
    this.patterns = createPatternCounters(deps.registry).errorPatterns;
    this.timeoutMs = deps.config.probes.timeoutMs;
    for (const target of deps.config.targets[driver.system]) {
      const tls = deps.config.targetTls[driver.system][target.name];

      const instanceOf = (url: string): Instance => {
        const address = instanceAddress(url, driver.defaultPort);
        const existing = this.instances.find((i) => i.target === target.name && i.address.id === address.id);
        if (existing) return existing;
        const created: Instance = {
          target: target.name,
          address,
          node: placeInstance(address.host, deps.config.peers, target.nodes),
          probe: driver.connect(url, { timeoutMs: this.timeoutMs, log: deps.log, ...(tls === undefined ? {} : { tls }) }),
        };
        this.instances.push(created);
        return created;
      };
      const primary = instanceOf(target.primary);
      for (const url of target.replicas) {
        const replicaName = new URL(url).searchParams.get('application_name') ?? undefined;
        this.links.push({ target: target.name, primary, replica: instanceOf(url), replicaName });
      }
    }
    this.runner = createProbeRunner<Instance, InstanceObservation>(
      {
        name: driver.system,
        subject: 'replication',
        targets: this.instances,
        host: (instance) => instance.address.host,
        deadlineMs: () => this.timeoutMs,
        probe: (instance) => instance.probe.observe(this.timeoutMs),
        failed: (_instance, failure) => ({ reached: false, kind: failure.kind, message: failure.message }),
        labels: (instance) => this.labelsOf(instance),
        failureOf: (o) => (o.reached ? undefined : { kind: o.kind, message: o.message }),
        onResult: (instance, outcome) => this.record(instance, outcome),
        onRoundEnd: () => {
          this.refresh();
          this.countLinkPatterns();
        },
      },
      { intervalMs: deps.config.probes.intervalMs, log: deps.log, resolver: this.resolver },
    );
  }

  private labelsOf(instance: Instance): { system: string; target: string; server: string } {
    return { system: this.driver.system, target: instance.target, server: instance.address.id };
  }

  start(): void {
    this.unsubscribe = this.deps.registry.beforeScrape(() => this.refresh());
    this.runner.start();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.runner.stop();
    await Promise.all(this.instances.map((i) => i.probe.close().catch(() => undefined)));
  }

  facts(): { writers?: Writer[] } {
    const writers: Writer[] = [];
    for (const instance of this.instances) {
      const o = instance.last?.observation;
      if (o?.reached && o.writable && instance.node !== undefined) writers.push({ system: this.driver.system, target: instance.target, instance: instance.address.id, node: instance.node });
    }
    return writers.length > 0 ? { writers } : {};
  }

  private record(instance: Instance, { observation, startedAt, durationSeconds }: ProbeOutcome<InstanceObservation>): void {
    const labels = this.labelsOf(instance);
    const previous = instance.last?.observation;
    instance.last = { observation, startedAt };
    this.metrics.probeDuration.set(labels, durationSeconds);
    this.metrics.instanceUp.set(labels, observation.reached ? 1 : 0);
    // An info metric: only the role the instance reports now, absent while it does not answer.
    for (const role of INSTANCE_ROLES) {
      if (observation.reached && observation.role === role) this.metrics.roleInfo.set({ ...labels, role }, 1);
      else this.metrics.roleInfo.remove({ ...labels, role });
    }
    if (!observation.reached) {
      this.metrics.probeFailures.inc({ ...labels, kind: observation.kind });
      const pattern = classify(this.driver.system, observation.message);
      if (pattern) this.patterns.inc({ pattern: pattern.id, system: this.driver.system, target: instance.target });
    } else if (previous !== undefined && (!previous.reached || previous.role !== observation.role)) {
      // The runner logs that the probe answers again; the role it answers with is this family's word.
      this.deps.log.info('replication instance answers', { ...labels, role: observation.role, writable: observation.writable, previousRole: previous.reached ? previous.role : null });
    }
  }

  /** Recomputes every link from the latest observations and verdict; cheap, runs at each scrape. */
  private refresh(): void {
    const now = monotonic();
    const verdict = this.deps.verdict?.();
    const view = this.deps.clusterView?.();
    for (const link of this.links) {
      const contact = pairContact(verdict, link.primary.node, link.replica.node, view);
      if (contact === 'cut') link.cutSince ??= now;
      else link.cutSince = undefined;
      const state = linkState({
        primary: link.primary.address,
        replica: link.replica.address,
        replicaIp: this.resolver.known(link.replica.address.host),
        replicaName: link.replicaName,
        primaryObserved: link.primary.last,
        replicaObserved: link.replica.last,
        contact,
        cutSince: link.cutSince,
        cutProven: contact === 'cut' && cutIsProven(verdict, link.primary.node, link.replica.node),
      });
      if (state.up) link.downSince = undefined;
      else link.downSince ??= now;
      this.publish(link, state, now);
      this.logTransition(link, state);
      link.lastState = state;
    }
  }

  private publish(link: Link, state: LinkState, now: number): void {
    const labels = { system: this.driver.system, target: link.target, replica: link.replica.address.id };
    const m = this.metrics;
    m.up.set(labels, state.up ? 1 : 0);
    m.lagSeconds.set(labels, state.lagSeconds);
    m.lagBytes.set(labels, state.lagBytes);
    m.lastMessageAge.set(labels, state.lastMessageAgeSeconds ?? Number.NaN);
    const downFor = state.up ? 0 : (state.databaseDownSeconds ?? (now - (link.downSince ?? now)) / 1000);
    m.linkDownSeconds.set(labels, downFor);
    for (const reason of DOWN_REASONS) m.downReason.set({ ...labels, reason }, state.reason === reason ? 1 : 0);
    for (const ioState of IO_STATES) {
      if (state.ioState === undefined) m.ioState.remove({ ...labels, state: ioState });
      else m.ioState.set({ ...labels, state: ioState }, state.ioState === ioState ? 1 : 0);
    }
    if (state.sqlRunning === undefined) m.sqlRunning.remove(labels);
    else m.sqlRunning.set(labels, state.sqlRunning ? 1 : 0);
  }

  private logTransition(link: Link, state: LinkState): void {
    const before = link.lastState;
    if (before !== undefined && before.up === state.up && before.reason === state.reason) return;
    const fields = { system: this.driver.system, target: link.target, primary: link.primary.address.id, replica: link.replica.address.id };
    if (state.up) this.deps.log.info('replication link up', fields);
    else this.deps.log.warn('replication link down', { ...fields, reason: state.reason, detail: state.signature ?? null, primaryNode: link.primary.node ?? null, replicaNode: link.replica.node ?? null });
  }

  /** Once per round (not per scrape): the counter counts probe rounds that saw the signature. */
  private countLinkPatterns(): void {
    for (const link of this.links) {
      const signature = link.lastState?.up === false ? link.lastState.signature : undefined;
      if (signature === undefined) continue;
      const pattern = classify(this.driver.system, signature);
      if (pattern) this.patterns.inc({ pattern: pattern.id, system: this.driver.system, target: link.target });
    }
  }
}
