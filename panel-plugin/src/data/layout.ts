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
  /** Characters of a name the header band holds (0: none); longer names are elided in the middle. */
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
/** Width of a character relative to its font size (the UI fonts run 0.55–0.65). */
const charWidth = 0.62;
const thinCell = 8;
export const markerGutter = 10;
export const minMarker = 6;

/**
 * Width of the role and level badges beside a row name ("MIN" "L1", DomMatrix/RoleBadge): five
 * characters at 0.55 of the cell font, their padding (0.25 em each side) and borders, the gaps.
 */
function badgeWidth(fontSize: number): number {
  const font = fontSize * 0.55;
  return 5 * charWidth * font + 4 * 0.25 * font + 4 + 10;
}

export function matrixLayout(count: number, width: number, height: number, longestName: number): MatrixLayout {
  const side = Math.max(0, Math.min(width, height));
  const bare = count > 0 ? side / count : 0;
  const gutter = count > 0 && bare < thinCell ? markerGutter : 0;
  const shownChars = Math.max(1, Math.min(longestName, maxNameChars));
  // The header band holds the name at 0.7 of the cell font plus the badges; the cell font is
  // at most 0.6 of the bare cell, so sizing the band from it never leaves it too narrow.
  const guessFont = Math.max(6, Math.min(40, Math.floor(bare * 0.6)));
  const wanted = 12 + badgeWidth(guessFont) + charWidth * guessFont * 0.7 * shownChars;
  // A small panel gives the band up to 40 % of its side, or long names would not fit at all.
  const cap = side * (wanted > side * 0.3 ? 0.4 : 0.3);
  const header = bare * 0.6 >= minHeaderFont ? Math.ceil(Math.min(cap, wanted)) : 0;
  // Fractions of a pixel are fine on the canvas (runs are antialiased); overflowing is not.
  const cell = count > 0 ? Math.max(0, Math.floor(((side - header - gutter) / count) * 100) / 100) : 0;
  const fontSize = Math.max(6, Math.min(40, Math.floor(cell * 0.6)));
  // Names shrink (down to 9 px) before they are elided: a whole name reads better.
  const room = Math.max(0, header - 12 - badgeWidth(fontSize));
  const nameFont = header === 0 ? 0 : Math.max(minHeaderFont, Math.min(fontSize * 0.7, room / (charWidth * shownChars)));
  // Fewer than three characters say nothing: then the band shows the badges only, and the
  // name is in the header's tooltip and the list beside the matrix.
  // (+1e-9: a font sized to fit exactly must not lose the last character to rounding.)
  const fitting = header === 0 ? 0 : Math.floor(room / (nameFont * charWidth) + 1e-9);
  const nameChars = fitting >= Math.min(3, shownChars) ? fitting : 0;
  return { count, cell, header, fontSize, glyphs: cell >= minGlyphCell, nameChars, nameFont, gutter, width: header + cell * count + gutter, height: header + cell * count + gutter };
}

/** Row and column under a point of the matrix, or null outside the cells. */
export function cellAtPoint(layout: MatrixLayout, x: number, y: number): { row: number; column: number } | null {
  const column = Math.floor((x - layout.header) / layout.cell);
  const row = Math.floor((y - layout.header) / layout.cell);
  if (x < layout.header || y < layout.header || row >= layout.count || column >= layout.count) return null;
  return { row, column };
}
