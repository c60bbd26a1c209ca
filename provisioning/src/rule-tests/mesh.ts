/**
 * A 5-node cluster's mesh series for a topology given as groups of nodes with two-way contact
 * (docs/architecture.md § Partition semantics), from the agents Prometheus can scrape.
 */
import { agentLabels, constant, NODES, series, type InputSeries, type NodeName } from './series';

export type Role = 'healthy' | 'majority' | 'minority' | 'isolated';
const ROLES: readonly Role[] = ['healthy', 'majority', 'minority', 'isolated'];
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
      series('up', { job: labels.job ?? 'netsplit', instance: labels.instance ?? '' }, constant(1)),
    );
    for (const [source, target] of extra.asymmetric ?? []) {
      out.push(series('netsplit_link_asymmetric', { ...labels, source, target }, constant(1)));
    }
  }
  return out;
}

/** An agent whose process stopped 15 s into the test: its series go stale, its target down. */
export function stoppedAgent(node: NodeName): InputSeries[] {
  const labels = agentLabels(node);
  return [
    series('netsplit_ready', labels, '1x3 stale'),
    series('netsplit_build_info', { ...labels, version: '0.1.0' }, '1x3 stale'),
    series('up', { job: 'netsplit', instance: `${node}:9465` }, '1x3 0x117'),
  ];
}

export const HEALTHY: MeshSpec = { groups: [NODES] };
