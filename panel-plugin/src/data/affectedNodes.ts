import { MatrixView, NodeView, UNKNOWN } from './matrixView';
import { naturalCompare } from './naturalOrder';

export type AffectedReason = 'isolated' | 'minority' | 'no data' | 'starting' | 'bridge' | 'one-way' | 'unknown links' | 'writer';

export interface AffectedNode {
  index: number;
  node: NodeView;
  reason: AffectedReason;
}

const rank: Readonly<Record<AffectedReason, number>> = {
  writer: 0,
  isolated: 1,
  'no data': 2,
  minority: 3,
  bridge: 4,
  'one-way': 5,
  'unknown links': 6,
  starting: 7,
};

/**
 * Nodes an operator must find among hundreds: split-brain writers, isolated, silent, minority,
 * bridge, ends of a one-way link, nodes with unknown links. Worst first, then by name. Each
 * gets an edge marker on the matrix and a line in the list beside it.
 */
export function affectedNodes(view: MatrixView): AffectedNode[] {
  const { oneWay, unknownInbound: unknown } = view.nodeLinks ?? nodeLinksOf(view);
  const writers = new Set(view.writers);
  const affected: AffectedNode[] = [];
  view.nodes.forEach((node, index) => {
    const reason: AffectedReason | null = writers.has(node.name)
      ? 'writer'
      : node.role === 'isolated'
        ? 'isolated'
        : node.role === 'unknown'
          ? 'no data'
          : node.role === 'minority'
            ? 'minority'
            : node.bridge
              ? 'bridge'
              : oneWay[index]
                ? 'one-way'
                : unknown[index]
                  ? 'unknown links'
                  : node.role === 'warming'
                    ? 'starting'
                    : null;
    if (reason) affected.push({ index, node, reason });
  });
  return affected.sort((a, b) => rank[a.reason] - rank[b.reason] || naturalCompare(a.node.name, b.node.name));
}

/** Per node: ends a one-way link; has an unknown inbound link — read from the cells. */
function nodeLinksOf(view: MatrixView): { oneWay: Uint8Array; unknownInbound: Uint8Array } {
  const count = view.nodes.length;
  const oneWay = new Uint8Array(count);
  const unknownInbound = new Uint8Array(count);
  const { states, oneWay: oneWayCells } = view;
  for (let row = 0; row < count; row++) {
    const start = row * count;
    for (let column = 0; column < count; column++) {
      if (oneWayCells[start + column] === 1) oneWay[row] = oneWay[column] = 1;
      if (states[start + column] === UNKNOWN) unknownInbound[column] = 1;
    }
  }
  return { oneWay, unknownInbound };
}
