import { glyphFor, glyphSets } from './glyphs';
import { MatrixView } from './matrixView';

/** The matrix as glyph rows ("·✓✓✗✗"): what tests compare, and a compact debugging view. */
export function matrixText(view: MatrixView): string[] {
  const count = view.nodes.length;
  return view.nodes.map((_, row) => {
    let line = '';
    for (let column = 0; column < count; column++) {
      const index = row * count + column;
      line += glyphFor(view.states[index]!, view.oneWay[index] === 1, glyphSets.symbols);
    }
    return line;
  });
}
