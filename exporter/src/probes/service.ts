/**
 * A probe service owns one family of probes (tcp, etcd, postgres, …): its targets, its metrics
 * and the facts it hands the verdict; the probe runner (runner.ts) runs its rounds. The agent
 * starts every configured service and, at each evaluation, reads the facts the verdict needs from
 * them. Services never throw past start/stop and never block evaluation.
 */
import type { ClusterView, Verdict } from '../analysis/types';
import type { Config } from '../config/load';
import type { Logger } from '../log';
import type { ScrapeRegistry } from '../metrics/scrape-registry';

/** The parts of a ClusterView that probes contribute (everything beyond the mesh's rows). */
export type ProbeFacts = Partial<Omit<ClusterView, 'self' | 'members' | 'now' | 'maxAgeMs' | 'rows'>>;

export interface ProbeServiceDeps {
  config: Config;
  /**
   * The agent's registry (default labels cluster and node already set): declare family metrics
   * here (metrics/declare.ts); values that derive from the verdict are filled `beforeScrape`.
   */
  registry: ScrapeRegistry;
  log: Logger;
  /** The latest verdict (undefined while warming up): probes fuse the mesh's view into theirs. */
  verdict?: () => Verdict | undefined;
  /** The mesh's rows now (cheap: no copy): pair-level link states the verdict does not list. */
  clusterView?: () => ClusterView | undefined;
}

export interface ProbeService {
  readonly name: string;
  start(): void;
  stop(): Promise<void>;
  /** Cheap: what the last probe round saw, for the next verdict. */
  facts(): ProbeFacts;
}

/** Returns undefined when the config has nothing for this family. */
export type ProbeServiceFactory = (deps: ProbeServiceDeps) => ProbeService | undefined;

/**
 * Start and stop of a family whose gauges fuse the latest probe round with the latest verdict:
 * `fill` runs at every scrape while the family runs (ScrapeRegistry.beforeScrape).
 */
export function filledAtScrape(registry: ScrapeRegistry, fill: () => void, runner: { start(): void; stop(): Promise<void> }): Pick<ProbeService, 'start' | 'stop'> {
  let stopFilling: (() => void) | undefined;
  return {
    start() {
      stopFilling = registry.beforeScrape(fill);
      runner.start();
    },
    async stop() {
      stopFilling?.();
      await runner.stop();
    },
  };
}
