/**
 * A 5-node cluster's mesh series for a topology given as groups of nodes with two-way contact
 * (docs/architecture.md § Partition semantics), from the agents Prometheus can scrape.
 */
import { agentLabels, constant, NODES, series, targetLabels, type InputSeries, type NodeName } from './series';

import { ROLES, type Role } from '../../../exporter/src/contract/vocabulary';

export type { Role };
const DEGRADATION: Record<Role, number> = { healthy: 0, majority: 0, minority: 1, isolated: 2 };

export interface AgentOverrides {
  readonly partitionDetected?: number;
  readonly noQuorum?: number;
  readonly majoritiesRing?: number;
  readonly splitBrain?: number;
  readonly ready?: number;
  readonly role?: Role;
  /** Sources this agent hears even though the groups say otherwise (one-way links). */
  readonly alsoHears?: readonly NodeName[];
  /** Sources this agent does not hear although the groups say it does. */
  readonly deaf?: readonly NodeName[];
  /** Sources whose link state this agent does not know yet (no series). */
  readonly unknown?: readonly NodeName[];
  readonly asymmetric?: ReadonlyArray<readonly [NodeName, NodeName]>;
  /** Members this agent's config lists under maintenance. */
  readonly maintenance?: readonly NodeName[];
  /** process_start_time_seconds, as promtool values (default: started a day before the test). */
  readonly startTime?: string;
}

export interface MeshSpec {
  readonly groups: ReadonlyArray<readonly NodeName[]>;
  /** Agents Prometheus scrapes; the others export nothing. Default: all. */
  readonly scraped?: readonly NodeName[];
  readonly overrides?: Partial<Record<NodeName, AgentOverrides>>;
}

function roleOf(groupSize: number): Role {
  if (groupSize === NODES.length) return 'healthy';
  if (groupSize >= 3) return 'majority';
  return groupSize >= 2 ? 'minority' : 'isolated';
}

export function meshSeries(spec: MeshSpec): InputSeries[] {
  const scraped = spec.scraped ?? NODES;
  const out: InputSeries[] = [];
  for (const node of scraped) {
    const group = spec.groups.find((members) => members.includes(node)) ?? [node];
    const extra = spec.overrides?.[node] ?? {};
    const role = extra.role ?? roleOf(group.length);
    const labels = agentLabels(node);
    for (const source of NODES) {
      if (source === node || extra.unknown?.includes(source)) continue;
      const heard = (group.includes(source) || extra.alsoHears?.includes(source) === true) && extra.deaf?.includes(source) !== true;
      out.push(series('netsplit_link_up', { ...labels, source, target: node }, constant(heard ? 1 : 0)));
    }
    for (const candidate of ROLES) out.push(series('netsplit_node_role', { ...labels, role: candidate }, constant(candidate === role ? 1 : 0)));
    const split = group.length < NODES.length ? 1 : 0;
    out.push(
      series('netsplit_partition_detected', labels, constant(extra.partitionDetected ?? split)),
      series('netsplit_no_quorum', labels, constant(extra.noQuorum ?? 0)),
      series('netsplit_majorities_ring', labels, constant(extra.majoritiesRing ?? 0)),
      series('netsplit_split_brain', labels, constant(extra.splitBrain ?? 0)),
      series('netsplit_ready', labels, constant(extra.ready ?? 1)),
      series('netsplit_degradation_level', labels, constant(DEGRADATION[role])),
      series('netsplit_quorum_size', labels, constant(3)),
      series('netsplit_cluster_members', labels, constant(5)),
      series('netsplit_build_info', { ...labels, version: '0.1.0' }, constant(1)),
      series('up', targetLabels(node), constant(1)),
      series('process_start_time_seconds', labels, extra.startTime ?? constant(-86400)),
    );
    for (const member of NODES) {
      out.push(series('netsplit_node_maintenance', { ...labels, member }, constant(extra.maintenance?.includes(member) === true ? 1 : 0)));
    }
    for (const [source, target] of extra.asymmetric ?? []) {
      out.push(series('netsplit_link_asymmetric', { ...labels, source, target }, constant(1)));
    }
  }
  return out;
}

/** An agent whose process stopped 45 s into the test: its series go stale, its target down. */
export function stoppedAgent(node: NodeName): InputSeries[] {
  const labels = agentLabels(node);
  return [
    series('netsplit_ready', labels, '1x3 stale'),
    series('netsplit_build_info', { ...labels, version: '0.1.0' }, '1x3 stale'),
    series('up', targetLabels(node), '1x3 0x117'),
  ];
}

export const HEALTHY: MeshSpec = { groups: [NODES] };

/**
 * A rolling restart of one agent as Prometheus stores it, one sample per 15 s scrape: at 60 s
 * the old process is gone (scrape fails: stale series, up 0); at 75 s the new one answers, not
 * ready yet, with a fresh process_start_time_seconds and every inbound link down (it has heard
 * no heartbeat yet); from 90 s it is ready and hears everyone. Its peers stop hearing it from
 * 60 s to 90 s (their damping marks it down after a few silent intervals).
 */
export function rollingRestart(restarted: NodeName): InputSeries[] {
  const out = meshSeries({ groups: [NODES], scraped: NODES.filter((node) => node !== restarted) }).map((input) =>
    input.series.startsWith('netsplit_link_up{') && input.series.includes(`source="${restarted}"`) ? { ...input, values: '1x3 0x2 1x115' } : input,
  );
  const labels = agentLabels(restarted);
  const gone = 'stale'; // the scrape at 60 s fails
  for (const source of NODES) {
    if (source === restarted) continue;
    out.push(series('netsplit_link_up', { ...labels, source, target: restarted }, `1x3 ${gone} 0 1x114`));
  }
  for (const role of ROLES) {
    // No role until its first full round, then healthy again.
    out.push(series('netsplit_node_role', { ...labels, role }, role === 'healthy' ? `1x3 ${gone} 0 1x114` : `0x3 ${gone} 0 0x114`));
  }
  out.push(
    series('netsplit_ready', labels, `1x3 ${gone} 0 1x114`),
    series('netsplit_partition_detected', labels, `0x3 ${gone} 0 0x114`),
    series('netsplit_no_quorum', labels, constant(0)),
    series('netsplit_majorities_ring', labels, constant(0)),
    series('netsplit_split_brain', labels, constant(0)),
    series('netsplit_degradation_level', labels, constant(0)),
    series('netsplit_quorum_size', labels, constant(3)),
    series('netsplit_cluster_members', labels, constant(5)),
    series('netsplit_build_info', { ...labels, version: '0.1.0' }, `1x3 ${gone} 1x115`),
    series('up', targetLabels(restarted), '1x3 0 1x115'),
    series('process_start_time_seconds', labels, `-86400x3 ${gone} 70x115`),
  );
  for (const member of NODES) out.push(series('netsplit_node_maintenance', { ...labels, member }, `0x3 ${gone} 0x115`));
  return out;
}
