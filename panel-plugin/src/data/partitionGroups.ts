/**
 * Connected components of the two-way contact graph: a and b are joined when a→b and b→a
 * are both up. `twoWay(i, j)` answers for node indexes; the result lists indexes per group.
 * Groups come biggest first (the side that can hold quorum), ties by their first member.
 */
export function partitionGroups(count: number, twoWay: (i: number, j: number) => boolean, order: (a: number, b: number) => number): number[][] {
  const parent = Array.from({ length: count }, (_, index) => index);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[index] !== root) {
      const next = parent[index]!;
      parent[index] = root;
      index = next;
    }
    return root;
  };
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      if (twoWay(i, j)) {
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[a] = b;
      }
    }
  }
  const byRoot = new Map<number, number[]>();
  for (let index = 0; index < count; index++) {
    const root = find(index);
    const group = byRoot.get(root);
    if (group) group.push(index);
    else byRoot.set(root, [index]);
  }
  const groups = [...byRoot.values()].map((group) => group.sort(order));
  return groups.sort((a, b) => b.length - a.length || order(a[0]!, b[0]!));
}
