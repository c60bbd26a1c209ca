/**
 * Asymmetric pairs: a→b 'up' while b→a is 'down', both known (so both rows fresh: a non-fresh
 * row holds only unknowns). Reported as the
 * failing direction {source: b, target: a}, sorted by source then target.
 *
 * Row t of `down` holds the sources whose link into t is down; row t of the transpose of `up`
 * holds the targets t reaches. Their AND is, 32 pairs per word operation, the failing links into
 * t whose reverse works.
 */
import { transposeBits, type LinkMatrix } from './links';
import type { AsymmetricLink, NodeName } from './types';

/** Failing directions as [source, target] index pairs, sorted. */
export function asymmetricPairs(links: LinkMatrix, upOut: Uint32Array = transposeBits(links.up, links.n, links.words)): Array<[number, number]> {
  const { n, words, down } = links;
  const out: Array<[number, number]> = [];
  if (links.downCount === 0) return out;
  for (let target = 0; target < n; target++) {
    const base = target * words;
    for (let w = 0; w < words; w++) {
      let bits = down[base + w]! & upOut[base + w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        out.push([(w << 5) + 31 - Math.clz32(low), target]);
        bits ^= low;
      }
    }
  }
  return out.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

export function asymmetricLinks(links: LinkMatrix, names: readonly NodeName[], upOut?: Uint32Array): AsymmetricLink[] {
  return asymmetricPairs(links, upOut).map(([source, target]) => ({ source: names[source]!, target: names[target]! }));
}
