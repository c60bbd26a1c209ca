import { GlyphMode } from '../options';
import { DOWN, SELF, UNKNOWN, UP } from './matrixView';

/** What a cell says without colour: state is always readable from the glyph alone. */
export interface GlyphSet {
  up: string;
  down: string;
  unknown: string;
  oneWay: string;
  self: string;
}

export const glyphSets: Readonly<Record<GlyphMode, GlyphSet>> = {
  symbols: { up: '✓', down: '✗', unknown: '?', oneWay: '↛', self: '·' },
  letters: { up: 'U', down: 'D', unknown: '?', oneWay: '1', self: '·' },
};

export function glyphFor(state: number, oneWay: boolean, set: GlyphSet): string {
  if (state === SELF) return set.self;
  if (state === UP) return set.up;
  if (state === UNKNOWN) return set.unknown;
  if (state === DOWN) return oneWay ? set.oneWay : set.down;
  return set.unknown;
}
