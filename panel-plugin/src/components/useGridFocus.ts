import { KeyboardEvent, useCallback, useState } from 'react';

export interface GridPosition {
  row: number;
  column: number;
}

/**
 * One tab stop for the whole matrix (a roving focus): arrow keys move, Home/End jump along the
 * row, Enter pins the tooltip, Escape unpins it. A 200×200 matrix must not be 40 000 tab stops.
 */
export function useGridFocus(count: number, onPin: (position: GridPosition | null) => void) {
  const [focus, setFocus] = useState<GridPosition>({ row: 0, column: 0 });
  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      const moves: Record<string, GridPosition> = {
        ArrowUp: { row: focus.row - 1, column: focus.column },
        ArrowDown: { row: focus.row + 1, column: focus.column },
        ArrowLeft: { row: focus.row, column: focus.column - 1 },
        ArrowRight: { row: focus.row, column: focus.column + 1 },
        Home: { row: focus.row, column: 0 },
        End: { row: focus.row, column: count - 1 },
      };
      const move = moves[event.key];
      if (move) {
        event.preventDefault();
        setFocus({ row: clampIndex(move.row, count), column: clampIndex(move.column, count) });
      } else if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onPin(focus);
      } else if (event.key === 'Escape') {
        onPin(null);
      }
    },
    [focus, count, onPin],
  );
  return { focus: { row: clampIndex(focus.row, count), column: clampIndex(focus.column, count) }, setFocus, onKeyDown };
}

function clampIndex(value: number, count: number): number {
  return Math.max(0, Math.min(count - 1, value));
}
