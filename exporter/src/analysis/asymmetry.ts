/**
 * Asymmetric pairs: a→b 'up' while b→a is 'down', both known (so both rows fresh: a non-fresh
 * row holds only unknowns). Reported as the
 * failing direction {source: b, target: a}, sorted by source then target.
 */
import { forEachUpperTile, LINK_DOWN, LINK_UP, type LinkMatrix } from './links';
import type { AsymmetricLink, NodeName } from './types';

/** Failing directions as [source, target] index pairs, sorted. */
export function asymmetricPairs(links: LinkMatrix): Array<[number, number]> {
  const { n, inbound } = links;
  const UP = LINK_UP; // local copies: an imported binding is a property load in CommonJS output
  const DOWN = LINK_DOWN;
  const out: Array<[number, number]> = [];
  forEachUpperTile(n, (a0, a1, b0, b1) => {
    for (let a = a0; a < a1; a++) {
      const rowA = a * n;
      for (let b = b0 > a ? b0 : a + 1; b < b1; b++) {
        const ba = inbound[rowA + b]; // b→a, from a's row
        if (ba === 0) continue;
        const ab = inbound[b * n + a]; // a→b, from b's row
        if (ab === UP && ba === DOWN) out.push([b, a]);
        else if (ab === DOWN && ba === UP) out.push([a, b]);
      }
    }
  });
  return out.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

export function asymmetricLinks(links: LinkMatrix, names: readonly NodeName[]): AsymmetricLink[] {
  return asymmetricPairs(links).map(([source, target]) => ({ source: names[source]!, target: names[target]! }));
}
