import { displayNames, elideMiddle } from '../../src/data/displayNames';
import { formatDuration } from '../../src/data/duration';

test('cloud host names lose the prefix and suffix they all share, at separators', () => {
  const names = ['ip-10-0-113-27.eu-west-1.compute.internal', 'ip-10-0-113-28.eu-west-1.compute.internal', 'ip-10-0-114-3.eu-west-1.compute.internal'];
  expect(displayNames(names)).toEqual(['113-27', '113-28', '114-3']);
  // n1…n5 share "n", but not up to a separator: unchanged.
  expect(displayNames(['n1', 'n2', 'n10'])).toEqual(['n1', 'n2', 'n10']);
  expect(displayNames(['db-1.prod', 'db-2.prod'])).toEqual(['1', '2']);
  // One node alone keeps its whole name; stripping that would leave nothing to read.
  expect(displayNames(['ip-10-0-1-1.compute.internal'])).toEqual(['ip-10-0-1-1.compute.internal']);
});

test('stripping never makes two names equal or empty', () => {
  expect(displayNames(['a.x', 'a.x.y'])).toEqual(['x', 'x.y']);
  expect(displayNames(['a.x', 'a.x'])).toEqual(['a.x', 'a.x']);
  expect(displayNames(['node-a', 'node-a'])).toEqual(['node-a', 'node-a']);
});

test('a display-name pattern picks the part to draw: first group, else the whole match', () => {
  const names = ['ip-10-0-113-27.eu-west-1.compute.internal', 'ip-10-0-113-28.eu-west-1.compute.internal'];
  expect(displayNames(names, '^ip-([0-9-]+)\\.')).toEqual(['10-0-113-27', '10-0-113-28']);
  expect(displayNames(['east-1', 'west-2'], '[a-z]+')).toEqual(['east', 'west']);
  // A pattern that matches nothing, or does not compile, leaves names as they are.
  expect(displayNames(['n1', 'n2'], 'zzz')).toEqual(['n1', 'n2']);
  expect(displayNames(['n1', 'n2'], '([')).toEqual(['n1', 'n2']);
});

test('long names are elided in the middle, keeping both ends', () => {
  expect(elideMiddle('ip-10-0-113-27', 9)).toBe('ip-1…3-27');
  expect(elideMiddle('n12', 9)).toBe('n12');
  expect(elideMiddle('abcdef', 1)).toBe('…');
});

test('durations read aloud', () => {
  expect([45_000, 4 * 60_000 + 59_000, 2 * 3600_000 + 5 * 60_000, 3600_000, 3 * 86400_000 + 2 * 3600_000].map(formatDuration)).toEqual([
    '45 s',
    '4 min',
    '2 h 5 min',
    '1 h',
    '3 d 2 h',
  ]);
});
