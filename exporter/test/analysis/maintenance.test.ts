/**
 * Maintenance in the verdict: a member in maintenance is out of N and out of every finding, so a
 * stopped node in maintenance raises nothing, and the same node stopped without maintenance does.
 */
import { analyze } from '../../src/analysis';
import { nodes, topology } from './topology';

const members = nodes(5);

function summary(maintenance: string[] | undefined) {
  const view = topology({ members, self: 'n1', stopped: ['n5'] });
  const verdict = analyze(maintenance === undefined ? view : { ...view, uncounted: maintenance });
  return { role: verdict.role, n: verdict.memberCount, quorum: verdict.quorum, unreachable: verdict.unreachable, partition: verdict.partitionDetected, fresh: verdict.freshNodes, noQuorum: verdict.noQuorum };
}

test('n5 stopped: majority of 5, n5 unreachable, a partition', () => {
  expect(summary(undefined)).toEqual({ role: 'majority', n: 5, quorum: 3, unreachable: ['n5'], partition: true, fresh: ['n1', 'n2', 'n3', 'n4'], noQuorum: false });
});

test('n5 stopped in maintenance: healthy among 4, nothing unreachable, no partition', () => {
  expect(summary(['n5'])).toEqual({ role: 'healthy', n: 4, quorum: 3, unreachable: [], partition: false, fresh: ['n1', 'n2', 'n3', 'n4'], noQuorum: false });
});

test('an empty maintenance list changes nothing', () => {
  expect(summary([])).toEqual(summary(undefined));
});

test('two of five in maintenance and stopped: the other three are healthy with quorum 2', () => {
  const view = topology({ members, self: 'n1', stopped: ['n4', 'n5'] });
  const verdict = analyze({ ...view, uncounted: ['n4', 'n5'] });
  expect({ role: verdict.role, n: verdict.memberCount, quorum: verdict.quorum, unreachable: verdict.unreachable }).toEqual({ role: 'healthy', n: 3, quorum: 2, unreachable: [] });
});

test('this node listed under maintenance still counts itself', () => {
  const view = topology({ members, self: 'n5' });
  const verdict = analyze({ ...view, uncounted: ['n5'] });
  expect({ role: verdict.role, n: verdict.memberCount, contacts: verdict.contacts }).toEqual({ role: 'healthy', n: 5, contacts: ['n1', 'n2', 'n3', 'n4', 'n5'] });
});
