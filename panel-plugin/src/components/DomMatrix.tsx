import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { memo, MouseEvent, useEffect, useRef } from 'react';
import { elideMiddle } from '../data/displayNames';
import { glyphFor } from '../data/glyphs';
import { cellStateCodes } from '../data/matrixView';
import { cellColours, MatrixRendererProps } from './matrixProps';
import { RoleBadge } from './RoleBadge';

/** The matrix as an ARIA grid of elements: for the sizes where the DOM stays fast. */
export const DomMatrix = memo(function DomMatrix(props: MatrixRendererProps) {
  const { view, layout, palette, glyphs, focus, edges } = props;
  const styles = useStyles2(getStyles);
  const gridRef = useRef<HTMLDivElement>(null);
  const count = view.nodes.length;
  const edge = `inset 0 0 0 0 transparent`;
  const groupStart = (index: number) => index > 0 && edges.includes(index);

  // Keep DOM focus on the roving cell once the grid has it.
  useEffect(() => {
    const grid = gridRef.current;
    if (!grid || !grid.contains(document.activeElement)) return;
    grid.querySelector<HTMLElement>(`[data-row="${focus.row}"][data-column="${focus.column}"]`)?.focus();
  }, [focus]);

  const positionOf = (event: MouseEvent) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-row]');
    const box = gridRef.current!.getBoundingClientRect();
    const point = { x: event.clientX - box.left, y: event.clientY - box.top };
    if (!target) return { cell: null, ...point };
    return { cell: { row: Number(target.dataset.row), column: Number(target.dataset.column) }, ...point };
  };

  return (
    <div
      ref={gridRef}
      role="grid"
      aria-label={props.ariaLabel}
      aria-rowcount={count}
      aria-colcount={count}
      className={styles.grid}
      style={{
        // The gutter is an empty trailing track: the grid is exactly as big as the layout says.
        gridTemplateColumns: `${layout.header}px repeat(${count}, ${layout.cell}px)${layout.gutter > 0 ? ` ${layout.gutter}px` : ''}`,
        gridTemplateRows: `${layout.header}px repeat(${count}, ${layout.cell}px)${layout.gutter > 0 ? ` ${layout.gutter}px` : ''}`,
        fontSize: layout.fontSize,
      }}
      onMouseMove={(event) => {
        const { cell, x, y } = positionOf(event);
        props.onHover(cell, x, y);
      }}
      onMouseLeave={() => props.onHover(null, 0, 0)}
      onClick={(event) => {
        const { cell, x, y } = positionOf(event);
        const header = (event.target as HTMLElement).closest<HTMLElement>('[data-node-index]');
        if (header) props.onNodeClick(Number(header.dataset.nodeIndex), x, y);
        if (cell) {
          props.onFocusCell(cell);
          props.onPin(cell, x, y);
        }
      }}
      onKeyDown={props.onKeyDown}
    >
      <div role="row" className={styles.row}>
        <div role="columnheader" className={styles.corner} aria-label="source ↓ / target →">
          {layout.header > 0 ? 'from ↓ to →' : null}
        </div>
        {view.nodes.map((node, column) => (
          <div
            key={node.name}
            role="columnheader"
            data-node-index={column}
            className={styles.columnHeader}
            style={{ boxShadow: groupStart(column) ? `inset 2px 0 0 0 ${palette.groupEdge}` : edge }}
            title={node.name}
          >
            {layout.header > 0 ? (
              <>
                {layout.nameChars > 0 ? (
                  <span className={styles.verticalName} style={{ fontSize: layout.nameFont }}>
                    {elideMiddle(node.label, layout.nameChars)}
                  </span>
                ) : null}
                <RoleBadge role={node.role} level={null} bridge={node.bridge} palette={palette} fontSize={layout.fontSize * 0.55} />
              </>
            ) : null}
          </div>
        ))}
      </div>
      {view.nodes.map((node, row) => (
        <div role="row" key={node.name} className={styles.row} data-group={node.group}>
          <div role="rowheader" data-node-index={row} className={styles.rowHeader} style={{ boxShadow: groupStart(row) ? `inset 0 2px 0 0 ${palette.groupEdge}` : edge }} title={node.name}>
            {layout.header > 0 ? (
              <>
                {layout.nameChars > 0 ? (
                  <span className={styles.rowName} style={{ fontSize: layout.nameFont }}>
                    {elideMiddle(node.label, layout.nameChars)}
                  </span>
                ) : null}
                <RoleBadge role={node.role} level={node.level} bridge={node.bridge} palette={palette} fontSize={layout.fontSize * 0.55} />
              </>
            ) : null}
          </div>
          {view.nodes.map((other, column) => {
            const index = row * count + column;
            const state = view.states[index]!;
            const oneWay = view.oneWay[index] === 1;
            const colours = cellColours(palette, state, oneWay);
            const focused = focus.row === row && focus.column === column;
            const shadows = [groupStart(row) ? `inset 0 2px 0 0 ${palette.groupEdge}` : '', groupStart(column) ? `inset 2px 0 0 0 ${palette.groupEdge}` : '']
              .filter(Boolean)
              .join(', ');
            return (
              <div
                key={other.name}
                role="gridcell"
                tabIndex={focused ? 0 : -1}
                data-row={row}
                data-column={column}
                data-state={cellStateCodes[state]}
                data-one-way={oneWay ? 'true' : undefined}
                aria-label={props.describe(row, column)}
                className={styles.cell}
                style={{ ...colours, boxShadow: shadows || undefined }}
                onFocus={() => (focused ? undefined : props.onFocusCell({ row, column }))}
              >
                <span aria-hidden="true">{layout.glyphs ? glyphFor(state, oneWay, glyphs) : null}</span>
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
});

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css({ display: 'grid', gap: 0, position: 'relative', userSelect: 'none', fontFamily: theme.typography.fontFamily }),
  row: css({ display: 'contents' }),
  corner: css({ fontSize: '0.45em', color: theme.colors.text.secondary, display: 'flex', alignItems: 'flex-end', padding: 2 }),
  columnHeader: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'flex-end',
    gap: 2,
    overflow: 'hidden',
    paddingBottom: 2,
    color: theme.colors.text.primary,
  }),
  verticalName: css({ writingMode: 'vertical-rl', transform: 'rotate(180deg)', whiteSpace: 'nowrap' }),
  rowHeader: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'flex-end',
    gap: 4,
    paddingRight: 4,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    color: theme.colors.text.primary,
  }),
  // If a name is wider than the layout reckoned, it gives way (ellipsis), never the badges.
  rowName: css({ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }),
  cell: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    outline: `1px solid ${theme.colors.background.primary}`,
    outlineOffset: -1,
    fontWeight: theme.typography.fontWeightBold,
    lineHeight: 1,
    cursor: 'pointer',
    '&:focus': { outline: `3px solid ${theme.colors.primary.main}`, outlineOffset: -3, zIndex: 1 },
  }),
});
