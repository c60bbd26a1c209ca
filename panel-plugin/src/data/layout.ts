/**
 * Geometry of the matrix for the space the panel gives it (the banner's measured height already
 * taken off): square cells, a header band for node names when they fit, text that scales with
 * the cell (wall screens), a marker gutter when cells get too thin to see one row, and
 * hit-testing for the canvas. The result never exceeds `width` × `height`: nothing is clipped.
 */
export interface MatrixLayout {
  count: number;
  cell: number;
  /** Width of the row-name column and height of the column-name band; 0 when names do not fit. */
  header: number;
  fontSize: number;
  /** Whether cells are big enough to carry a readable glyph. */
  glyphs: boolean;
  /** Characters of a name the header band holds; longer names are elided in the middle. */
  nameChars: number;
  /** Font size of names in the header band: 0.7 of the cell font, smaller for long names, never under 9 px. */
  nameFont: number;
  /**
   * Band right of the rows and below the columns where affected nodes get a marker at least
   * `minMarker` px long: at 200 nodes one isolated row would otherwise be a 4-px line.
   */
  gutter: number;
  width: number;
  height: number;
}

const minGlyphCell = 10;
const minHeaderFont = 9;
/** Names are cut to this many characters before sizing the header: ids end, names are elided. */
const maxNameChars = 18;
/** Room beside the name for the role and level badges ("MIN L1"). */
const badgeChars = 7;
const thinCell = 8;
export const markerGutter = 10;
export const minMarker = 6;

export function matrixLayout(count: number, width: number, height: number, longestName: number): MatrixLayout {
  const side = Math.max(0, Math.min(width, height));
  const bare = count > 0 ? side / count : 0;
  const gutter = count > 0 && bare < thinCell ? markerGutter : 0;
  const headerFont = Math.min(28, Math.max(minHeaderFont, bare * 0.45));
  const charWidth = headerFont * 0.5;
  const wanted = Math.min(longestName, maxNameChars) + badgeChars;
  // First guess without headers, then reserve room for names if the font would be readable.
  const header = bare * 0.6 >= minHeaderFont ? Math.ceil(Math.min(side * 0.3, charWidth * wanted + 8)) : 0;
  const cell = count > 0 ? Math.max(0.5, Math.floor(((side - header - gutter) / count) * 100) / 100) : 0;
  const fontSize = Math.max(6, Math.min(40, Math.floor(cell * 0.6)));
  // Badges are drawn at 0.55 of the cell font (DomMatrix); a character is about 0.6 of its font
  // size wide. Names shrink (down to 9 px) before they are elided: a whole name reads better.
  const badges = badgeChars * fontSize * 0.55 * 0.6;
  const room = Math.max(0, header - 8 - badges);
  const shownChars = Math.max(1, Math.min(longestName, maxNameChars));
  const nameFont = header === 0 ? 0 : Math.max(minHeaderFont, Math.min(fontSize * 0.7, room / (0.6 * shownChars)));
  const nameChars = header === 0 ? 0 : Math.max(3, Math.floor(room / (nameFont * 0.6)));
  return { count, cell, header, fontSize, glyphs: cell >= minGlyphCell, nameChars, nameFont, gutter, width: header + cell * count + gutter, height: header + cell * count + gutter };
}

/** Row and column under a point of the matrix, or null outside the cells. */
export function cellAtPoint(layout: MatrixLayout, x: number, y: number): { row: number; column: number } | null {
  const column = Math.floor((x - layout.header) / layout.cell);
  const row = Math.floor((y - layout.header) / layout.cell);
  if (x < layout.header || y < layout.header || row >= layout.count || column >= layout.count) return null;
  return { row, column };
}
