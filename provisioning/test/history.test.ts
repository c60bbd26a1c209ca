/**
 * The overview dashboard's history row ("Roles and degradation over time") against what a real
 * Prometheus answered for a live lab run of the runbook's timeline — healthy → split
 * {n1,n2,n3} | {n4,n5} → minority isolated {n1,n2,n3} | {n4} | {n5} → healed — recorded by
 * test/browser/fixtures/record-history.ts into test/browser/fixtures/live/history-5.json. Every
 * panel's expression is the generated dashboard's own (a changed panel makes the recording
 * stale: re-record). The answers must let the on-call engineer read when it split, who held
 * quorum, and when it healed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HISTORY_ROW, historyPanels, type HistoryRecording } from '../../test/browser/fixtures/record-history';

const recording = JSON.parse(readFileSync(join(__dirname, '..', '..', 'test', 'browser', 'fixtures', 'live', 'history-5.json'), 'utf8')) as HistoryRecording;

type Series = { metric: Record<string, string>; values: Array<[number, string]> };

function seriesOf(title: string): Series[] {
  const panel = recording.panels.find((candidate) => candidate.title === title);
  if (!panel || panel.response.data.resultType !== 'matrix') throw new Error(`no range answer for "${title}"`);
  return panel.response.data.result as Series[];
}

/**
 * What a state timeline draws for one series: `seconds:value` at each change, seconds from the
 * start of the recording (the lab's cuts: split at 20.5 s, minority isolated at 43.0 s, healed
 * at 63.9 s — `recording.moments`).
 */
function changes(series: Series): string[] {
  return series.values
    .filter(([, value], index, all) => index === 0 || value !== all[index - 1]![1])
    .map(([time, value]) => `${time - recording.start}:${value}`);
}

/** Changes per series, keyed by one label. */
function changesBy(title: string, label: string): Record<string, string[]> {
  return Object.fromEntries(seriesOf(title).map((series) => [series.metric[label] ?? '', changes(series)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

/** The first time a series takes `value` at or after `from` (unix seconds). */
function firstAt(series: Series, value: string, from = 0): number | undefined {
  return series.values.find(([time, sample]) => time >= from && sample === value)?.[0];
}

const moment = (step: string) => recording.moments.find((entry) => entry.step === step)!;

test(`the recording answers every panel of the "${HISTORY_ROW}" row with the dashboard's own expression`, () => {
  expect(recording.panels.map((panel) => [panel.title, panel.expr])).toEqual(historyPanels().map((panel) => [panel.title, panel.expr]));
  expect(recording.panels.map((panel) => panel.title)).toEqual(['Roles (consensus timeline)', 'Degradation level per node', 'Split, isolation and heal']);
});

// The recorded run, as it happened on a shared 2-core machine at a load average of 15–20: besides
// the three cuts it holds what the history row is for — a one-second false detection at 16 s,
// before any cut (n4 isolated, n5 minority: heartbeats delayed by the load), and the steps the
// agents pass through while they converge (n4 majority for a second at 23 s, "no quorum
// anywhere" for a second at 24 s, n5 majority for a second while healing at 65 s).

test('roles timeline: who held quorum through the split, who was cut off, that it healed — and the one-second flap (0 healthy, 1 majority, 2 minority, 3 isolated)', () => {
  expect(recording.moments.map((entry) => [entry.step, Math.round(entry.appliedAt - recording.start)])).toEqual([
    ['healthy', 0],
    ['split', 20],
    ['minority isolated', 43],
    ['healed', 64],
  ]);
  expect(changesBy('Roles (consensus timeline)', 'netsplit_node')).toEqual({
    n1: ['6:0', '24:1', '66:0'],
    n2: ['6:0', '23:1', '66:0'],
    n3: ['6:0', '24:1', '66:0'],
    n4: ['6:0', '16:3', '17:0', '23:1', '24:2', '45:3', '66:0'],
    n5: ['6:0', '16:2', '17:0', '23:2', '44:3', '65:1', '66:0'],
  });
});

test('degradation timeline: the minority read-only, then isolated on cached responses, then full service again', () => {
  expect(changesBy('Degradation level per node', 'netsplit_node')).toEqual({
    n1: ['6:0'],
    n2: ['6:0'],
    n3: ['6:0'],
    n4: ['6:0', '16:2', '17:0', '24:1', '45:2', '66:0'],
    n5: ['6:0', '16:1', '17:0', '23:1', '44:2', '65:0'],
  });
});

test('split, isolation and heal: one lane per moment; no split brain in this run', () => {
  expect(changesBy('Split, isolation and heal', 'event')).toEqual({
    'a node isolated': ['6:0', '16:1', '17:0', '44:1', '66:0'],
    'no quorum anywhere': ['6:0', '24:1', '25:0'],
    'partition detected': ['6:0', '16:1', '17:0', '22:1', '66:0'],
    'split brain': ['6:0'],
  });
});

test('"when did it split, when did it heal": after each cut, the lanes turn within seconds of the agents agreeing', () => {
  const lanes = Object.fromEntries(seriesOf('Split, isolation and heal').map((series) => [series.metric.event, series]));
  const split = firstAt(lanes['partition detected']!, '1', moment('split').appliedAt)!;
  const isolatedAt = firstAt(lanes['a node isolated']!, '1', moment('minority isolated').appliedAt)!;
  const healed = firstAt(lanes['partition detected']!, '0', moment('healed').appliedAt)!;
  // Prometheus scrapes and evaluates every second; a sample lands on the next 1-s step.
  expect(split - moment('split').agreedAt).toBeLessThanOrEqual(3);
  expect(isolatedAt - moment('minority isolated').agreedAt).toBeLessThanOrEqual(3);
  expect(healed - moment('healed').agreedAt).toBeLessThanOrEqual(3);
  expect([split, isolatedAt, healed].map((time) => time - recording.start)).toEqual([22, 44, 66]);
});
