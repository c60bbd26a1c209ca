/**
 * The committed 5-node recordings are exactly what make-fixtures.ts models today, and the
 * model keeps the exposition rules of docs/metrics.md: link_up only from the target agent, nothing from
 * a stopped agent, roles as a state set with one 1 per running agent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureFileName, recordFixture, recordedDir, topologies } from './fixtures/make-fixtures';
import { PromVectorResult, PromMatrixResult } from './fixtures/prometheusApi';
import { answer } from './harnessServer';

test.each(topologies)('recorded/%s-5.json is up to date (npx tsx test/browser/fixtures/make-fixtures.ts)', (topology) => {
  const committed: unknown = JSON.parse(readFileSync(join(recordedDir, fixtureFileName(topology, 5)), 'utf8'));
  expect(committed).toEqual(JSON.parse(JSON.stringify(recordFixture(topology, 5))));
});

test('halves: the majority agents export link_up 0 for sources n4 and n5, each link once, from its target', () => {
  const links = (recordFixture('halves', 5).queries[0]!.response.data as PromVectorResult).result;
  expect(links).toHaveLength(20);
  expect(links.every((series) => series.metric.netsplit_node === series.metric.target)).toBe(true);
  const down = links.filter((series) => series.value[1] === '0').map((series) => `${series.metric.source}>${series.metric.target}@${series.metric.netsplit_node}`);
  expect(down).toEqual([
    'n4>n1@n1', 'n5>n1@n1', 'n4>n2@n2', 'n5>n2@n2', 'n4>n3@n3', 'n5>n3@n3',
    'n1>n4@n4', 'n2>n4@n4', 'n3>n4@n4', 'n1>n5@n5', 'n2>n5@n5', 'n3>n5@n5',
  ]);
});

test('agent stopped: n5 exports nothing at the evaluation time; its peers report it down', () => {
  const recording = recordFixture('agentStopped', 5);
  const instants = recording.queries.filter((query) => query.kind === 'instant').flatMap((query) => (query.response.data as PromVectorResult).result);
  expect(instants.filter((series) => series.metric.netsplit_node === 'n5')).toEqual([]);
  expect(instants.filter((series) => series.metric.source === 'n5' && series.metric.__name__ === 'netsplit_link_up').map((series) => series.value[1])).toEqual(['0', '0', '0', '0']);
  const roles = (recording.queries[3]!.response.data as PromMatrixResult).result.filter((series) => series.metric.netsplit_node === 'n5');
  // Its role series end before the cut: stale at evaluation time, so the panel says "unknown".
  expect(Math.max(...roles.flatMap((series) => series.values.map(([time]) => time)))).toBe(Date.UTC(2026, 10, 26, 10, 0, 52) / 1000);
});

test('the harness answers like Prometheus: recorded queries by expression, unknown ones empty', () => {
  const recording = recordFixture('bridge', 5);
  const bridge = answer(recording, 'query', 'netsplit_bridge_node{netsplit_cluster="lab"}');
  expect((bridge.data as PromVectorResult).result.map((series) => `${series.metric.netsplit_node}:${series.metric.bridge}=${series.value[1]}`)).toEqual([
    'n1:n3=1', 'n2:n3=1', 'n3:n3=1', 'n4:n3=1', 'n5:n3=1',
  ]);
  expect(answer(recording, 'query', 'netsplit_nonexistent')).toEqual({ status: 'success', data: { resultType: 'vector', result: [] } });
  expect(answer(recording, 'query_range', 'netsplit_link_up{netsplit_cluster="lab"}')).toEqual({ status: 'success', data: { resultType: 'matrix', result: [] } });
});
