import { levelName } from './banner';
import { MatrixView, Role } from './matrixView';

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
 * One line per partition group, from its members' roles (the most common) and worst level.
 * Only meaningful in partition order, where each group's rows are contiguous. Nodes without
 * data are drawn after the groups but are no side of the cut: they get no line.
 */
export function groupSummaries(view: MatrixView): GroupSummary[] {
  const summaries: GroupSummary[] = [];
  let start = 0;
  for (let index = 1; index <= view.nodes.length; index++) {
    if (index < view.nodes.length && view.nodes[index]!.group === view.nodes[start]!.group) continue;
    const members = view.nodes.slice(start, index);
    if (members[0]!.group >= view.groups.length) {
      start = index;
      continue;
    }
    const counts = new Map<Role, number>();
    for (const member of members) counts.set(member.role, (counts.get(member.role) ?? 0) + 1);
    const role = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const levels = members.map((member) => member.level).filter((level): level is number => level !== null);
    const level = levels.length > 0 ? Math.max(...levels) : null;
    const roleWord = role === 'unknown' ? 'NO DATA' : role === 'warming' ? 'STARTING' : role.toUpperCase();
    const levelWord = level === null ? '' : ` · L${level} ${levelName(level)}`;
    summaries.push({ first: start, size: members.length, role, level, text: `${roleWord} · ${members.length} ${members.length === 1 ? 'node' : 'nodes'}${levelWord}` });
    start = index;
  }
  return summaries;
}
