import { levelName } from './banner';
import { MatrixView, NodeView, Role } from './matrixView';

export interface GroupSummary {
  /** Index into the display order of the group's first row (groups are contiguous in partition order). */
  first: number;
  size: number;
  role: Role;
  level: number | null;
  /** "MINORITY · 99 nodes · L1 read-only": what a block says from across the room. */
  text: string;
}

/**
 * One line per partition group, from its members' roles (the most common) and worst level,
 * biggest group first. `first` and `size` describe a block of rows only in partition order
 * (each group contiguous). Nodes without data are no side of the cut: they get no line.
 */
export function groupSummaries(view: MatrixView): GroupSummary[] {
  const members: NodeView[][] = view.groups.map(() => []);
  const first: number[] = view.groups.map(() => -1);
  view.nodes.forEach((node, index) => {
    if (node.group >= view.groups.length) return;
    members[node.group]!.push(node);
    if (first[node.group] === -1) first[node.group] = index;
  });
  return members
    .map((group, index) => ({ group, first: first[index]! }))
    .filter(({ group }) => group.length > 0)
    .map(({ group, first: start }) => {
      const counts = new Map<Role, number>();
      for (const member of group) counts.set(member.role, (counts.get(member.role) ?? 0) + 1);
      const role = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
      const levels = group.map((member) => member.level).filter((level): level is number => level !== null);
      const level = levels.length > 0 ? Math.max(...levels) : null;
      const roleWord = role === 'unknown' ? 'NO DATA' : role === 'warming' ? 'STARTING' : role.toUpperCase();
      const levelWord = level === null ? '' : ` · L${level} ${levelName(level)}`;
      return { first: start, size: group.length, role, level, text: `${roleWord} · ${group.length} ${group.length === 1 ? 'node' : 'nodes'}${levelWord}` };
    });
}
