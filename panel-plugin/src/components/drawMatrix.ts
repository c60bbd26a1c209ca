import { elideMiddle } from '../data/displayNames';
import { GlyphSet, glyphFor } from '../data/glyphs';
import { GroupSummary } from '../data/groupSummaries';
import { MatrixLayout, minMarker } from '../data/layout';
import { DOWN, MatrixView, SELF, UNKNOWN, UP } from '../data/matrixView';
import { MatrixPalette } from './palette';
import { GridPosition } from './useGridFocus';

/** What was drawn, by kind: tests and the harness compare it with the view model. */
export interface DrawStats {
  up: number;
  down: number;
  oneWay: number;
  unknown: number;
  glyphs: number;
  /** Display indexes whose rows and columns got an edge marker. */
  markers: number[];
  /** Block labels drawn on the matrix. */
  blocks: string[];
}

interface DrawInput {
  view: MatrixView;
  layout: MatrixLayout;
  palette: MatrixPalette;
  glyphs: GlyphSet;
  focus: GridPosition | null;
  edges: readonly number[];
  blocks: readonly GroupSummary[];
  markers: readonly number[];
  font: string;
}

/**
 * Draws the matrix onto a 2D context in CSS pixels. Runs of equal cells along a row become one
 * rectangle (ordered by partition, a 200×200 matrix is a few hundred runs, not 40 000 cells),
 * batched into one path per state; grid lines go on top as one path. Glyphs only when cells are
 * big enough to read them; without glyphs the state still shows in shape, never in colour alone:
 * down cells carry a cross and unknown cells a dot (tiled patterns over the same runs).
 */
export function drawMatrix(ctx: CanvasRenderingContext2D, { view, layout, palette, glyphs, focus, edges, blocks, markers, font }: DrawInput): DrawStats {
  const count = view.nodes.length;
  const { cell, header } = layout;
  const stats: DrawStats = { up: 0, down: 0, oneWay: 0, unknown: 0, glyphs: 0, markers: [], blocks: [] };
  ctx.clearRect(0, 0, layout.width, layout.height);
  const { runs, byKind } = cellRuns(view, layout);
  stats.up = byKind[KIND_UP]!;
  stats.unknown = byKind[KIND_UNKNOWN]!;
  stats.oneWay = byKind[KIND_ONE_WAY]!;
  stats.down = byKind[KIND_DOWN]! + stats.oneWay;
  ctx.fillStyle = palette.up;
  ctx.fill(runs.up);
  ctx.fillStyle = palette.down;
  ctx.fill(runs.down);
  ctx.fillStyle = palette.oneWay;
  ctx.fill(runs.oneWay);
  ctx.fillStyle = palette.unknown;
  ctx.fill(runs.unknown);
  if (!layout.glyphs && cell >= 3) {
    const tile = Math.max(3, Math.round(cell));
    const scale = new DOMMatrix().translateSelf(header, header).scaleSelf(cell / tile);
    const cross = tilePattern(ctx, `cross ${palette.onDown}`, tile, scale, (tileCtx) => {
      tileCtx.strokeStyle = palette.onDown;
      tileCtx.lineWidth = Math.max(0.75, tile / 8);
      tileCtx.beginPath();
      tileCtx.moveTo(0, 0);
      tileCtx.lineTo(tile, tile);
      tileCtx.moveTo(tile, 0);
      tileCtx.lineTo(0, tile);
      tileCtx.stroke();
    });
    const dot = tilePattern(ctx, `dot ${palette.onUnknown}`, tile, scale, (tileCtx) => {
      tileCtx.fillStyle = palette.onUnknown;
      tileCtx.beginPath();
      tileCtx.arc(tile / 2, tile / 2, Math.max(0.75, tile / 6), 0, Math.PI * 2);
      tileCtx.fill();
    });
    if (cross) {
      ctx.fillStyle = cross;
      ctx.fill(runs.down);
      ctx.fill(runs.oneWay);
    }
    if (dot) {
      ctx.fillStyle = dot;
      ctx.fill(runs.unknown);
    }
  }
  if (cell >= 4) drawGridLines(ctx, count, layout, palette);

  if (layout.glyphs) stats.glyphs = drawGlyphs(ctx, view, layout, palette, glyphs, font);
  if (edges.length > 0) drawGroupEdges(ctx, view, layout, palette, edges);
  drawBridges(ctx, view, layout, palette);
  if (header > 0) drawHeaders(ctx, view, layout, palette, font);
  if (layout.gutter > 0) stats.markers = drawMarkers(ctx, view, layout, palette, markers);
  stats.blocks = drawBlockLabels(ctx, layout, palette, blocks, font);
  if (focus) {
    ctx.strokeStyle = palette.focus;
    ctx.lineWidth = 3;
    ctx.strokeRect(header + focus.column * cell + 1.5, header + focus.row * cell + 1.5, cell - 3, cell - 3);
  }
  return stats;
}

/** Runs of equal cells as one path per kind, with the cells counted by kind. */
interface CellRuns {
  runs: { up: Path2D; down: Path2D; oneWay: Path2D; unknown: Path2D };
  byKind: readonly number[];
}

/**
 * The runs of the last layout drawn per view: a focus move or a hover redraws the same
 * cells, and finding the runs is a pass over every cell (1M at 1000 nodes).
 */
const runsCache = new WeakMap<MatrixView, { cell: number; header: number; runs: CellRuns }>();

function cellRuns(view: MatrixView, layout: MatrixLayout): CellRuns {
  const { cell, header } = layout;
  const cached = runsCache.get(view);
  if (cached && cached.cell === cell && cached.header === header) return cached.runs;
  const count = view.nodes.length;
  const runs = { up: new Path2D(), down: new Path2D(), oneWay: new Path2D(), unknown: new Path2D() };
  const pathOf = [null, runs.up, runs.down, runs.oneWay, runs.unknown] as const;
  // Cells by kind, counted in the same pass (1M cells at 1000 nodes: one pass, no call per cell).
  const byKind = [0, 0, 0, 0, 0];
  const { states, oneWay } = view;
  // Without one-way links their n² flags (never written, so never paged in) are not read.
  const anyOneWay = view.counts.oneWay > 0;
  for (let row = 0; row < count; row++) {
    const y = header + row * cell;
    const rowStart = row * count;
    let runKind = -1;
    let runStart = 0;
    for (let column = 0; column <= count; column++) {
      let kind = -1;
      if (column < count) {
        const state = states[rowStart + column]!;
        kind = state === SELF ? KIND_SELF : state === UP ? KIND_UP : state === UNKNOWN ? KIND_UNKNOWN : anyOneWay && oneWay[rowStart + column] === 1 ? KIND_ONE_WAY : KIND_DOWN;
      }
      if (kind === runKind) continue;
      if (runKind >= 0) {
        byKind[runKind] = byKind[runKind]! + (column - runStart);
        const path = pathOf[runKind];
        if (path) path.rect(header + runStart * cell, y, (column - runStart) * cell, cell);
      }
      runKind = kind;
      runStart = column;
    }
  }
  const result = { runs, byKind };
  runsCache.set(view, { cell, header, runs: result });
  return result;
}

const KIND_SELF = 0;
const KIND_UP = 1;
const KIND_DOWN = 2;
const KIND_ONE_WAY = 3;
const KIND_UNKNOWN = 4;

/**
 * Patterns by context and tile: a redraw (every focus move, every resize) reuses them instead
 * of creating a tile canvas and a pattern again. Keyed by what is drawn on the tile.
 */
const patternCache = new WeakMap<CanvasRenderingContext2D, Map<string, CanvasPattern | null>>();

/** A one-cell tile repeated over the matrix, scaled so tiles line up with the cells. */
function tilePattern(ctx: CanvasRenderingContext2D, key: string, tile: number, transform: DOMMatrix, draw: (tileCtx: CanvasRenderingContext2D) => void): CanvasPattern | null {
  let patterns = patternCache.get(ctx);
  if (!patterns) {
    patterns = new Map();
    patternCache.set(ctx, patterns);
  }
  const cacheKey = `${key} ${tile}`;
  let pattern = patterns.get(cacheKey);
  if (pattern === undefined) {
    const canvas = ctx.canvas.ownerDocument.createElement('canvas');
    canvas.width = tile;
    canvas.height = tile;
    const tileCtx = canvas.getContext('2d');
    if (tileCtx) draw(tileCtx);
    pattern = tileCtx ? ctx.createPattern(canvas, 'repeat') : null;
    patterns.set(cacheKey, pattern);
  }
  pattern?.setTransform(transform);
  return pattern;
}

/** Thin lines in the panel's background between cells, so neighbours stay countable. */
function drawGridLines(ctx: CanvasRenderingContext2D, count: number, layout: MatrixLayout, palette: MatrixPalette): void {
  const { cell, header } = layout;
  const end = header + cell * count;
  const lines = new Path2D();
  for (let index = 0; index <= count; index++) {
    const at = header + index * cell;
    lines.moveTo(header, at);
    lines.lineTo(end, at);
    lines.moveTo(at, header);
    lines.lineTo(at, end);
  }
  ctx.strokeStyle = palette.grid;
  ctx.lineWidth = 1;
  ctx.stroke(lines);
}

function drawGlyphs(ctx: CanvasRenderingContext2D, view: MatrixView, layout: MatrixLayout, palette: MatrixPalette, glyphs: GlyphSet, font: string): number {
  const count = view.nodes.length;
  const { cell, header } = layout;
  let drawn = 0;
  ctx.font = `bold ${layout.fontSize}px ${font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let row = 0; row < count; row++) {
    for (let column = 0; column < count; column++) {
      const index = row * count + column;
      const state = view.states[index]!;
      if (state === SELF) continue;
      const oneWay = view.oneWay[index] === 1;
      ctx.fillStyle = state === UP ? palette.onUp : state === DOWN ? (oneWay ? palette.onOneWay : palette.onDown) : palette.onUnknown;
      ctx.fillText(glyphFor(state, oneWay, glyphs), header + column * cell + cell / 2, header + row * cell + cell / 2);
      drawn++;
    }
  }
  return drawn;
}

function drawGroupEdges(ctx: CanvasRenderingContext2D, view: MatrixView, layout: MatrixLayout, palette: MatrixPalette, edges: readonly number[]): void {
  const { cell, header } = layout;
  const end = header + cell * view.nodes.length;
  ctx.strokeStyle = palette.groupEdge;
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (const index of edges) {
    if (index <= 0 || index >= view.nodes.length) continue;
    const at = header + index * cell;
    ctx.moveTo(header, at);
    ctx.lineTo(end, at);
    ctx.moveTo(at, header);
    ctx.lineTo(at, end);
  }
  ctx.stroke();
}

/** A bridge node's row and column outlined, dashed: visible even when names do not fit. */
function drawBridges(ctx: CanvasRenderingContext2D, view: MatrixView, layout: MatrixLayout, palette: MatrixPalette): void {
  const { cell, header } = layout;
  const span = cell * view.nodes.length;
  ctx.save();
  ctx.strokeStyle = palette.bridge;
  ctx.lineWidth = 2;
  ctx.setLineDash([6, 3]);
  view.nodes.forEach((node, index) => {
    if (!node.bridge) return;
    ctx.strokeRect(header + 1, header + index * cell, span - 2, cell);
    ctx.strokeRect(header + index * cell, header + 1, cell, span - 2);
  });
  ctx.restore();
}

function drawHeaders(ctx: CanvasRenderingContext2D, view: MatrixView, layout: MatrixLayout, palette: MatrixPalette, font: string): void {
  const { cell, header } = layout;
  ctx.font = `${layout.nameFont}px ${font}`;
  ctx.fillStyle = palette.groupEdge;
  ctx.textBaseline = 'middle';
  view.nodes.forEach((node, index) => {
    const label = `${layout.nameChars > 0 ? elideMiddle(node.label, layout.nameChars) : ''}${node.bridge ? ' ⇄' : ''}`;
    const middle = header + index * cell + cell / 2;
    // Row names, then column names turned upright along the top band.
    ctx.textAlign = 'right';
    ctx.fillStyle = palette.roles[node.role];
    ctx.fillRect(header - 6, middle - cell / 2 + 1, 4, cell - 2);
    ctx.fillStyle = palette.groupEdge;
    ctx.fillText(label, header - 10, middle);
    ctx.save();
    ctx.translate(middle, header - 10);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'left';
    ctx.fillText(label, 0, 0);
    ctx.restore();
    ctx.fillStyle = palette.roles[node.role];
    ctx.fillRect(middle - cell / 2 + 1, header - 6, cell - 2, 4);
  });
}

/**
 * Affected rows and columns get a marker in the gutter right of and below the cells, at least
 * `minMarker` px long and in the role's colour: a 1-px row of one isolated node among 200 is
 * found from across the room; its name is in the list beside the matrix.
 */
function drawMarkers(ctx: CanvasRenderingContext2D, view: MatrixView, layout: MatrixLayout, palette: MatrixPalette, markers: readonly number[]): number[] {
  const { cell, header, gutter } = layout;
  const end = header + cell * view.nodes.length;
  const length = Math.max(minMarker, cell);
  const drawn: number[] = [];
  for (const index of markers) {
    const node = view.nodes[index];
    if (!node) continue;
    const middle = header + index * cell + cell / 2;
    const start = Math.min(Math.max(header, middle - length / 2), end + gutter - length);
    ctx.fillStyle = palette.roles[node.role];
    ctx.fillRect(end + 2, start, gutter - 3, length);
    ctx.fillRect(start, end + 2, length, gutter - 3);
    ctx.strokeStyle = palette.groupEdge;
    ctx.lineWidth = 1;
    ctx.strokeRect(end + 2.5, start + 0.5, gutter - 4, length - 1);
    ctx.strokeRect(start + 0.5, end + 2.5, length - 1, gutter - 4);
    drawn.push(index);
  }
  return drawn;
}

/**
 * "MINORITY · 99 nodes · L1 read-only" across each diagonal block big enough to hold it: the
 * blocks say what they are without names, which no wall screen shows at 200 nodes.
 */
function drawBlockLabels(ctx: CanvasRenderingContext2D, layout: MatrixLayout, palette: MatrixPalette, blocks: readonly GroupSummary[], font: string): string[] {
  const { cell, header } = layout;
  const drawn: string[] = [];
  ctx.save();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const block of blocks) {
    const side = block.size * cell;
    let size = Math.min(28, Math.floor(side / 8));
    if (size < 11) continue;
    ctx.font = `bold ${size}px ${font}`;
    let textWidth = ctx.measureText(block.text).width;
    // Too wide: the same text smaller (text width scales with the font), down to 11 px.
    if (textWidth + 12 > side) {
      size = Math.floor((size * (side - 12)) / textWidth);
      if (size < 11) continue;
      ctx.font = `bold ${size}px ${font}`;
      textWidth = ctx.measureText(block.text).width;
      if (textWidth + 12 > side) continue;
    }
    const x = header + block.first * cell + side / 2;
    const y = header + block.first * cell + side / 2;
    ctx.fillStyle = palette.labelBackground;
    ctx.fillRect(x - textWidth / 2 - 6, y - size * 0.75, textWidth + 12, size * 1.5);
    ctx.fillStyle = palette.groupEdge;
    ctx.fillText(block.text, x, y);
    drawn.push(block.text);
  }
  ctx.restore();
  return drawn;
}
