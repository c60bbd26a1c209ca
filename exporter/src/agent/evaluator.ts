/**
 * Turns the mesh into a verdict: checks damping five times per interval so a silent link is
 * declared down promptly, recomputes the verdict when an input changed — the mesh's version
 * (links, row states, rows expiring: the only way time enters the analysis), the probe facts,
 * readiness — and at least every SAFETY_NET_INTERVALS intervals, and logs role and split-brain
 * changes. Holds the latest verdict for the parts that read it (/metrics, the view, probes);
 * undefined until ready.
 */
import { analyze } from '../analysis';
import type { Role, Verdict } from '../analysis/types';
import type { Config } from '../config/load';
import type { Logger } from '../log';
import type { LinkEvent, Mesh } from '../mesh/mesh';
import { linkSeriesPolicy } from '../metrics/link-series';
import type { Metrics } from '../metrics/registry';
import type { ProbeFacts } from '../probes/service';
import { monotonic } from './clock';

/** Damping checks per heartbeat interval. */
const TICKS_PER_INTERVAL = 5;
/**
 * An unchanged input gives the same verdict, so the periodic recomputation is only a safety net.
 * It used to run every interval: at 1000 peers one analysis is ~5 ms, 1 % of a core at 500 ms.
 */
const SAFETY_NET_INTERVALS = 10;
const MIN_TICK_MS = 20;

export interface Evaluator {
  verdict(): Verdict | undefined;
  /** Ready once damping has had its full window, with peers one view round is done, and the membership settled. */
  isReady(): boolean;
  /** Links changed: count and log each, then re-evaluate at once. */
  onLinkEvents(events: readonly LinkEvent[]): void;
  stop(): void;
}

export interface EvaluatorDeps {
  config: Config;
  mesh: Mesh;
  metrics: Metrics;
  log: Logger;
  startedAt: number;
  hasPeers: boolean;
  /** True once the first view-pull round has ended. */
  pulledOnce(): boolean;
  /** True once the membership has settled (discovery: the first snapshot and the join window). */
  membershipSettled(): boolean;
  probeFacts(): ProbeFacts;
  /** After every evaluation, with its verdict (undefined while not ready). */
  onEvaluated?(verdict: Verdict | undefined): void;
  /** Links towards this node changed state (its own row is refreshed by then); `cameUp`: at least one came up. */
  onLinkChanges?(cameUp: boolean): void;
}

export function startEvaluator(deps: EvaluatorDeps): Evaluator {
  const { config, mesh, metrics, log } = deps;
  // Every link comes up once at start: counted per peer, that alone is N−1 series outside `all` mode.
  const series = linkSeriesPolicy(config.metrics.links);
  const intervalMs = config.heartbeat.intervalMs;
  const readyAfter = deps.startedAt + (config.heartbeat.downAfter + 1) * intervalMs;
  const isReady = () => monotonic() >= readyAfter && (!deps.hasPeers || deps.pulledOnce()) && deps.membershipSettled();

  let verdict: Verdict | undefined;
  let evaluatedVersion = -1;
  let evaluatedFacts = '';
  let lastEvaluation = -Infinity;
  let lastRole: Role | undefined;
  let lastSplitBrain = '[]';
  let stopped = false;

  /** `facts` and their JSON when the caller already read them (a tick compares them first). */
  function evaluate(facts = deps.probeFacts(), factsJson = JSON.stringify(facts)): void {
    const now = monotonic();
    lastEvaluation = now;
    mesh.refreshOwnRow(now);
    evaluatedVersion = mesh.version;
    evaluatedFacts = factsJson;
    verdict = isReady() ? analyze({ ...mesh.clusterView(now), ...facts }) : undefined;
    deps.onEvaluated?.(verdict);
    if (verdict === undefined) return;
    if (verdict.role !== lastRole) {
      if (lastRole !== undefined) metrics.roleTransitions.inc();
      log.info('role', { role: verdict.role, previous: lastRole ?? null, degradation: verdict.degradation, contacts: verdict.contacts, unreachable: verdict.unreachable });
      lastRole = verdict.role;
    }
    const splitBrain = JSON.stringify(verdict.splitBrain ?? []);
    if (splitBrain !== lastSplitBrain) {
      if (verdict.splitBrain?.length) log.error('split brain', { splitBrain: verdict.splitBrain });
      else log.info('split brain over');
      lastSplitBrain = splitBrain;
    }
  }

  /**
   * Link changes are logged at once and evaluated together right after the datagrams already
   * waiting are read: when 1000 links come up at start, or many go down in a cut, one analysis
   * serves them all instead of one per datagram (which at 1000 peers blocked the socket long
   * enough to lose heartbeats, and the losses made more link changes).
   */
  let evaluationDue = false;
  let cameUp = false;
  function onLinkEvents(events: readonly LinkEvent[]): void {
    for (const { source, transition } of events) {
      metrics.linkTransitions.inc({ source: series.peerLabel(source), target: config.node });
      log.info('link', { source, target: config.node, state: transition.to, previous: transition.from });
      if (transition.to === 'up') cameUp = true;
    }
    if (evaluationDue) return;
    evaluationDue = true;
    setImmediate(() => {
      evaluationDue = false;
      if (stopped) return;
      evaluate();
      deps.onLinkChanges?.(cameUp);
      cameUp = false;
    });
  }

  function tick(): void {
    if (stopped) return;
    const now = monotonic();
    const events = mesh.tick(now);
    if (events.length > 0) {
      onLinkEvents(events);
      return;
    }
    const facts = deps.probeFacts();
    const factsJson = JSON.stringify(facts);
    if (mesh.version !== evaluatedVersion || factsJson !== evaluatedFacts || now - lastEvaluation >= SAFETY_NET_INTERVALS * intervalMs || (verdict === undefined && isReady())) evaluate(facts, factsJson);
  }
  // Deferred with setImmediate so that datagrams already waiting in the socket are read first:
  // after a stall of this process (GC, CPU starvation) timers run before I/O, and a link would
  // be declared down for a silence that was ours, not the network's.
  const timer = setInterval(() => setImmediate(tick), Math.max(MIN_TICK_MS, Math.round(intervalMs / TICKS_PER_INTERVAL)));
  evaluate();

  return {
    verdict: () => verdict,
    isReady,
    onLinkEvents,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
