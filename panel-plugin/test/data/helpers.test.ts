import { cellAtPoint, matrixLayout } from '../../src/data/layout';
import { memoizeLast } from '../../src/data/memoizeLast';
import { naturalCompare } from '../../src/data/naturalOrder';
import { nodeList } from '../../src/data/nodeList';
import { partitionGroups } from '../../src/data/partitionGroups';

test('node lists read aloud: names, numbered runs, and the rest counted', () => {
  expect(nodeList(['n3', 'n1', 'n2'])).toBe('n1 n2 n3');
  expect(nodeList(['a', 'b', 'c', 'd', 'e', 'f'])).toBe('a b c d e f');
  expect(nodeList(Array.from({ length: 101 }, (_, i) => `n${i + 1}`))).toBe('n1–n101');
  expect(nodeList(['n1', 'n2', 'n3', 'n5', 'n7', 'n8', 'n9', 'db1'])).toBe('db1 n1–n3 n5 n7–n9');
  expect(nodeList(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])).toBe('a b c d e and 3 more');
});

test('natural order reads numbers as numbers', () => {
  expect(['n10', 'n2', 'n1'].sort(naturalCompare)).toEqual(['n1', 'n2', 'n10']);
});

test('partition groups: components of two-way contact, biggest first', () => {
  const edges = new Set(['0-3', '1-2', '2-4']);
  const groups = partitionGroups(5, (i, j) => edges.has(`${i}-${j}`), (a, b) => a - b);
  expect(groups).toEqual([[1, 2, 4], [0, 3]]);
});

test('memoizeLast recomputes only when an argument changes', () => {
  let calls = 0;
  const double = memoizeLast((values: number[], factor: number) => {
    calls++;
    return values.map((v) => v * factor);
  });
  const values = [1, 2];
  expect(double(values, 2)).toBe(double(values, 2));
  expect(calls).toBe(1);
  expect(double(values, 3)).toEqual([3, 6]);
  expect(calls).toBe(2);
});

test('layout: names get a header band when readable, and points map to cells', () => {
  const small = matrixLayout(5, 600, 400, 2);
  expect(small).toEqual({ count: 5, cell: 49.8, header: 151, fontSize: 29, glyphs: true, nameChars: 4, nameFont: expect.closeTo(20.3, 6), gutter: 0, width: 400, height: 400 });
  expect(cellAtPoint(small, 151 + 49.8 * 3 + 1, 151 + 1)).toEqual({ row: 0, column: 3 });
  expect(cellAtPoint(small, 10, 100)).toBeNull();
  const large = matrixLayout(200, 1000, 800, 4);
  // Cells under 8 px leave a 10-px gutter for the affected nodes' markers.
  expect(large).toEqual({ count: 200, cell: 3.95, header: 0, fontSize: 6, glyphs: false, nameChars: 0, nameFont: 0, gutter: 10, width: 800, height: 800 });
  expect(cellAtPoint(large, 789, 0)).toEqual({ row: 0, column: 199 });
  expect(cellAtPoint(large, 790, 0)).toBeNull();
  // Long names widen the band (up to 40 %) and shrink before they are elided: 18 characters
  // at 5 nodes in 900 px fit whole.
  const long = matrixLayout(5, 900, 900, 18);
  expect([long.header, long.nameFont.toFixed(1), long.nameChars]).toEqual([360, '21.8', 18]);
  // In 150 px there is no room for a name beside the badges: badges only, names in tooltips
  // and the side list; in 200 px, four characters at the 9-px minimum.
  expect([150, 200].map((side) => matrixLayout(5, side, side, 18).nameChars)).toEqual([0, 4]);
});

test('layout never exceeds the space it is given, from 1 to 300 nodes, 100 to 2000 px', () => {
  const over: string[] = [];
  for (const count of [1, 2, 5, 39, 40, 50, 200, 300]) {
    for (const [width, height] of [[100, 80], [400, 220], [1200, 790], [2000, 1000], [300, 1200]] as const) {
      for (const longest of [2, 40]) {
        const layout = matrixLayout(count, width, height, longest);
        if (layout.width > width || layout.height > height) over.push(`${count} nodes ${width}×${height}: ${layout.width}×${layout.height}`);
      }
    }
  }
  expect(over).toEqual([]);
});
