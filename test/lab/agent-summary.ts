/**
 * What one agent says, condensed to the facts the ground-truth table talks about, read from
 * both of its outputs: /metrics (role, level, flags) and /api/v1/view (names behind the counts).
 * Where the two disagree, `disagreements` says how — a test expects it to be empty.
 */
import type { WireView } from '../../exporter/src/mesh/view-codec';
import { select, valueOf, type Sample } from './prometheus-text';

export interface AgentSummary {
  /** The role whose netsplit_node_role series is 1, or `none` (warming up). */
  role: string;
  /** netsplit_degradation_level, null when absent. */
  level: number | null;
  /** Members without two-way contact, from the view (the metric count must match). */
  unreachable: string[];
  /** Members whose row is fresh, directly or relayed, from the view (metric count must match). */
  fresh: string[];
  /** Connected components among fresh nodes, from the view (metric count must match). */
  components: string[][];
  /** Directions down while their reverse is up, `source→target`, from netsplit_link_asymmetric. */
  asymmetric: string[];
  /** From netsplit_bridge_node. */
  bridges: string[];
  majoritiesRing: boolean;
  noQuorum: boolean;
  partitionDetected: boolean;
  disagreements: string[];
}

const flag = (samples: readonly Sample[], name: string) => valueOf(samples, name) === 1;

export function roleOf(samples: readonly Sample[]): string {
  const on = select(samples, 'netsplit_node_role').filter((s) => s.value === 1);
  return on.length === 1 ? on[0]!.labels.role! : on.length === 0 ? 'none' : `several: ${on.map((s) => s.labels.role).join(',')}`;
}

export function summarizeAgent(samples: readonly Sample[], view: WireView): AgentSummary {
  const verdict = view.verdict;
  const summary: AgentSummary = {
    role: roleOf(samples),
    level: valueOf(samples, 'netsplit_degradation_level') ?? null,
    unreachable: verdict?.unreachable ?? [],
    fresh: verdict?.freshNodes ?? [],
    components: verdict?.components ?? [],
    asymmetric: select(samples, 'netsplit_link_asymmetric')
      .filter((s) => s.value === 1)
      .map((s) => `${s.labels.source}→${s.labels.target}`)
      .sort(),
    bridges: select(samples, 'netsplit_bridge_node')
      .filter((s) => s.value === 1)
      .map((s) => s.labels.bridge!)
      .sort(),
    majoritiesRing: flag(samples, 'netsplit_majorities_ring'),
    noQuorum: flag(samples, 'netsplit_no_quorum'),
    partitionDetected: flag(samples, 'netsplit_partition_detected'),
    disagreements: [],
  };
  const disagree = (what: string, fromMetrics: unknown, fromView: unknown) => {
    if (JSON.stringify(fromMetrics) !== JSON.stringify(fromView)) summary.disagreements.push(`${what}: metrics ${JSON.stringify(fromMetrics)} vs view ${JSON.stringify(fromView)}`);
  };
  if (verdict === null) {
    summary.disagreements.push('view has no verdict (agent not ready)');
    return summary;
  }
  disagree('role', summary.role, verdict.role);
  disagree('level', summary.level, verdict.degradation);
  disagree('unreachable', valueOf(samples, 'netsplit_nodes_unreachable'), verdict.unreachable.length);
  disagree('fresh', valueOf(samples, 'netsplit_view_fresh_nodes'), verdict.freshNodes.length);
  disagree('components', valueOf(samples, 'netsplit_partition_components'), verdict.components.length);
  disagree('asymmetric', summary.asymmetric, verdict.asymmetricLinks.map((l) => `${l.source}→${l.target}`).sort());
  disagree('bridges', summary.bridges, [...verdict.bridges].sort());
  disagree('majoritiesRing', summary.majoritiesRing, verdict.majoritiesRing);
  disagree('noQuorum', summary.noQuorum, verdict.noQuorum);
  disagree('partitionDetected', summary.partitionDetected, verdict.partitionDetected);
  return summary;
}

/** The summary of an agent in a healthy 5-node lab (n1…n5), used as the expectation after heal. */
export function healthySummary(members: readonly string[]): AgentSummary {
  return {
    role: 'healthy',
    level: 0,
    unreachable: [],
    fresh: [...members],
    components: [[...members]],
    asymmetric: [],
    bridges: [],
    majoritiesRing: false,
    noQuorum: false,
    partitionDetected: false,
    disagreements: [],
  };
}
