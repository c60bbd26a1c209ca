/**
 * The operations runbook's consensus timeline ("Consensus System Behavior") as a lab
 * scenario for a 5-host lab: healthy → split detected → minority isolated → recovery. Each step
 * names the change the nemesis makes, the roles and levels every agent must then report, and what
 * the agents must measure about the etcd members running beside them (quorum, leader).
 */
import { cutBetweenGroups, healthy, partition, type Topology } from './topology';
import type { ConsensusExpectation } from './consensus-reading';

const EVERY_MEMBER = ['etcd-n1', 'etcd-n2', 'etcd-n3', 'etcd-n4', 'etcd-n5'];
const MAJORITY_MEMBERS = ['etcd-n1', 'etcd-n2', 'etcd-n3'];
const QUORUM_EVERYWHERE = { n1: 1, n2: 1, n3: 1, n4: 1, n5: 1 };
const QUORUM_ON_MAJORITY = { n1: 1, n2: 1, n3: 1, n4: 0, n5: 0 };

export interface ScenarioStep {
  /** The runbook's Partition_State column. */
  state: string;
  /** What the nemesis does, in words. */
  action: string;
  topology: Topology;
  /** The runbook's Quorum and Write_Capability columns, for the reader. */
  quorum: string;
  writes: string;
  expectedRoles: Record<string, string>;
  expectedLevels: Record<string, number>;
  /** What every agent must measure about etcd: its quorum, and who may lead. */
  expectedConsensus: ConsensusExpectation;
  /** Timed as time to heal (back to healthy) rather than time to detect. */
  isRecovery: boolean;
}

export const RUNBOOK_SCENARIO: readonly ScenarioStep[] = [
  {
    state: 'Healthy',
    action: 'no cut',
    topology: healthy(),
    quorum: '5/5',
    writes: 'All nodes',
    expectedRoles: { n1: 'healthy', n2: 'healthy', n3: 'healthy', n4: 'healthy', n5: 'healthy' },
    expectedLevels: { n1: 0, n2: 0, n3: 0, n4: 0, n5: 0 },
    expectedConsensus: { quorum: QUORUM_EVERYWHERE, leaderAmong: EVERY_MEMBER },
    isRecovery: false,
  },
  {
    state: 'Split detected',
    action: 'cut {n1,n2,n3} | {n4,n5}',
    topology: partition('halves', [
      ['n1', 'n2', 'n3'],
      ['n4', 'n5'],
    ]),
    quorum: '3/5',
    writes: 'Majority only',
    expectedRoles: { n1: 'majority', n2: 'majority', n3: 'majority', n4: 'minority', n5: 'minority' },
    expectedLevels: { n1: 0, n2: 0, n3: 0, n4: 1, n5: 1 },
    expectedConsensus: { quorum: QUORUM_ON_MAJORITY, leaderAmong: MAJORITY_MEMBERS },
    isRecovery: false,
  },
  {
    state: 'Minority isolated',
    action: 'also cut n4 | n5',
    topology: { name: 'minority isolated', description: '{n1,n2,n3} | {n4} | {n5}', drops: cutBetweenGroups([['n1', 'n2', 'n3'], ['n4'], ['n5']]) },
    quorum: '3/5',
    writes: 'Majority only',
    expectedRoles: { n1: 'majority', n2: 'majority', n3: 'majority', n4: 'isolated', n5: 'isolated' },
    // 2, cached responses: the isolated node's own etcd member has no leader but still answers
    // serializable reads; 3 would need the member itself lost (exporter degradation.ts).
    expectedLevels: { n1: 0, n2: 0, n3: 0, n4: 2, n5: 2 },
    expectedConsensus: { quorum: QUORUM_ON_MAJORITY, leaderAmong: MAJORITY_MEMBERS },
    isRecovery: false,
  },
  {
    state: 'Recovery',
    action: 'heal every cut',
    topology: healthy(),
    quorum: '5/5',
    writes: 'All nodes',
    expectedRoles: { n1: 'healthy', n2: 'healthy', n3: 'healthy', n4: 'healthy', n5: 'healthy' },
    expectedLevels: { n1: 0, n2: 0, n3: 0, n4: 0, n5: 0 },
    expectedConsensus: { quorum: QUORUM_EVERYWHERE, leaderAmong: EVERY_MEMBER },
    isRecovery: true,
  },
];
