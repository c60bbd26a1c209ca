/**
 * Geometry of the matrix for a panel size: square cells, a header band for node names when
 * they fit, text that scales with the cell (wall screens), and hit-testing for the canvas.
 */
export interface MatrixLayout {
  count: number;
  cell: number;
  /** Width of the row-name column and height of the column-name band; 0 when names do not fit. */
  header: number;
  fontSize: number;
  /** Whether cells are big enough to carry a readable glyph. */
  glyphs: boolean;
  width: number;
  height: number;
}

const minGlyphCell = 10;
const minHeaderFont = 9;

export function matrixLayout(count: number, width: number, height: number, longestName: number): MatrixLayout {
  const side = Math.max(0, Math.min(width, height));
  // First guess without headers, then reserve room for names if the font would be readable.
  const bare = count > 0 ? side / count : 0;
  const headerFont = Math.min(28, Math.max(minHeaderFont, bare * 0.45));
  // Room for the name plus the role and level badges ("n12 MIN L1"): about eight more characters.
  const header = bare * 0.6 >= minHeaderFont ? Math.ceil(Math.min(side * 0.3, headerFont * 0.5 * (longestName + 8) + 8)) : 0;
  const cell = count > 0 ? Math.max(1, Math.floor((side - header) / count * 100) / 100) : 0;
  const fontSize = Math.max(6, Math.min(40, Math.floor(cell * 0.6)));
  return { count, cell, header, fontSize, glyphs: cell >= minGlyphCell, width: header + cell * count, height: header + cell * count };
}

/** Row and column under a point of the matrix, or null outside the cells. */
export function cellAtPoint(layout: MatrixLayout, x: number, y: number): { row: number; column: number } | null {
  const column = Math.floor((x - layout.header) / layout.cell);
  const row = Math.floor((y - layout.header) / layout.cell);
  if (x < layout.header || y < layout.header || row >= layout.count || column >= layout.count) return null;
  return { row, column };
}
