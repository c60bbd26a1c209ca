/** The partition mode an application asks for: role, level, write safety and the reason, from a verdict. */
import { analyze } from '../../src/analysis';
import { partitionModeOf, sameMode } from '../../src/analysis/partition-mode';
import type { Writer } from '../../src/analysis/types';
import { between, nodes, topology } from './topology';

const N5 = nodes(5);
const halves = between(['n1', 'n2', 'n3'], ['n4', 'n5']);
const pg = (instance: string, node: string): Writer => ({ system: 'postgres', target: 'orders', instance, node });

describe('partitionModeOf', () => {
  it('is unknown, never safe, while there is no verdict', () => {
    expect(partitionModeOf(undefined)).toEqual({
      role: 'unknown',
      degradation: null,
      degradationName: 'unknown',
      writesSafe: false,
      reason: 'no verdict yet: the agent is warming up (treat as unknown: no writes)',
    });
  });

  it('says writes are safe on a healthy cluster and on the majority side of halves', () => {
    expect(partitionModeOf(analyze(topology({ members: N5, self: 'n2' })))).toEqual({
      role: 'healthy',
      degradation: 0,
      degradationName: 'full service',
      writesSafe: true,
      reason: 'healthy: reaches 5 of 5 members (quorum 3)',
    });
    expect(partitionModeOf(analyze(topology({ members: N5, self: 'n1', cut: halves })))).toEqual({
      role: 'majority',
      degradation: 0,
      degradationName: 'full service',
      writesSafe: true,
      reason: 'majority: this side reaches 3 of 5 members (quorum 3); writes safe here',
    });
  });

  it('refuses writes on the minority and on an isolated node, naming the level to serve', () => {
    expect(partitionModeOf(analyze(topology({ members: N5, self: 'n5', cut: halves })))).toEqual({
      role: 'minority',
      degradation: 1,
      degradationName: 'read-only',
      writesSafe: false,
      reason: 'minority: this side reaches 2 of 5 members (quorum 3); writes refused, serve read-only',
    });
    const isolated = analyze(topology({ members: N5, self: 'n5', cut: between(['n1', 'n2', 'n3', 'n4'], ['n5']) }));
    expect(partitionModeOf(isolated)).toMatchObject({ role: 'isolated', degradation: 2, writesSafe: false, reason: 'isolated: no other member answers; writes refused, serve cached responses' });
  });

  it('refuses writes where a split brain is seen, even on a node that reaches every member', () => {
    const view = { ...topology({ members: nodes(3), self: 'n3', cut: [['n1', 'n2']], relay: 'all' as const }), writers: [pg('10.0.0.1:5432', 'n1'), pg('10.0.0.2:5432', 'n2')] };
    expect(partitionModeOf(analyze(view))).toMatchObject({
      role: 'healthy',
      writesSafe: false,
      reason: 'split brain: more than one writer of postgres orders (10.0.0.1:5432 on n1, 10.0.0.2:5432 on n2); writes refused until one is fenced',
    });
  });

  it('refuses writes on a majority whose local etcd member has no leader (level 1)', () => {
    const view = { ...topology({ members: N5, self: 'n1', cut: halves }), localConsensus: { reachable: true, hasLeader: false } };
    expect(partitionModeOf(analyze(view))).toMatchObject({ role: 'majority', degradation: 1, writesSafe: false, reason: 'majority, degraded to read-only; writes refused' });
  });

  it('treats a changed reason with the same role, level and safety as the same mode', () => {
    const a = partitionModeOf(analyze(topology({ members: N5, self: 'n1', cut: halves })));
    expect(sameMode(a, { ...a, reason: 'other words' })).toBe(true);
    expect(sameMode(a, { ...a, writesSafe: false })).toBe(false);
  });
});
