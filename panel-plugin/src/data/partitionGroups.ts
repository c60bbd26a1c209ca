/**
 * Connected components of the two-way contact graph: a and b are joined when a→b and b→a
 * are both up. `twoWay(i, j)` answers for node indexes, asked with i < j; the result
 * lists indexes per group. Groups come biggest first (the side that can hold quorum), ties by
 * their first member.
 *
 * A breadth-first search over the nodes not yet placed: each node reached is tested only
 * against those, so a cluster that is mostly one side costs about n tests, not the n²/2 of
 * testing every pair (500 000 at 1000 nodes).
 */
export function partitionGroups(count: number, twoWay: (i: number, j: number) => boolean, order: (a: number, b: number) => number): number[][] {
  const unplaced = new Int32Array(count);
  for (let index = 0; index < count; index++) unplaced[index] = count - 1 - index;
  let remaining = count;
  const queue = new Int32Array(count);
  const components: number[][] = [];
  while (remaining > 0) {
    const start = unplaced[--remaining]!;
    const group = [start];
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    while (head < tail) {
      const node = queue[head++]!;
      let at = 0;
      while (at < remaining) {
        const other = unplaced[at]!;
        if (node < other ? twoWay(node, other) : twoWay(other, node)) {
          queue[tail++] = other;
          group.push(other);
          unplaced[at] = unplaced[--remaining]!;
        } else at++;
      }
    }
    components.push(group.sort((a, b) => a - b));
  }
  // Index order first, as members and groups were met before: `order` may call two nodes equal.
  components.sort((a, b) => a[0]! - b[0]!);
  const groups = components.map((group) => group.sort(order));
  return groups.sort((a, b) => b.length - a.length || order(a[0]!, b[0]!));
}
