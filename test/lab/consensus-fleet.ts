/**
 * An etcd 3.4 member (--pre-vote) on every lab host and a netsplit agent beside each, probing every
 * member and following its own host's etcd log — started in that order and waited for: the agents
 * start only once every member has a leader, and the fleet is handed over only once every agent
 * sees that leader with quorum (so a first step measures the lab, not the agents' first probes).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Lab } from './lab';
import { AgentFleet } from './agent-fleet';
import { clientUrl, etcdLogFile, etcdMemberService, type RunningEtcd } from './services/etcd-member';
import { consensusHolds, measuredLeader, readConsensus } from './consensus-reading';
import { waitUntil } from './wait-for';

export interface ConsensusFleet {
  members: RunningEtcd[];
  fleet: AgentFleet;
  /** The leader every agent saw when the fleet was handed over, e.g. `etcd-n3`. */
  leader: string;
  /** ms until every member had a leader (etcd's own etcd_server_has_leader). */
  etcdReadyMs: number;
  /** ms from then until every agent was healthy and saw that leader with quorum. */
  agentsReadyMs: number;
}

export interface ConsensusFleetOptions {
  cluster: string;
  secret: string;
  /** Agent heartbeat interval, e.g. `250ms`. */
  interval: string;
}

export async function startConsensusFleet(lab: Lab, options: ConsensusFleetOptions): Promise<ConsensusFleet> {
  const started = Date.now();
  const members = await lab.startOnEveryHost(etcdMemberService({ token: `netsplit-${options.cluster}-${process.pid}` }));
  const etcdSays = async () => Promise.all(members.map(async (m) => (await m.hasLeader().catch(() => undefined)) ?? null));
  await waitUntil('every etcd member has a leader', etcdSays, (says) => says.every((v) => v === 1), { timeoutMs: 30_000, intervalMs: 200 });
  const etcdReadyAt = Date.now();

  const fleet = await AgentFleet.start(lab, {
    cluster: options.cluster,
    secret: options.secret,
    interval: options.interval,
    targets: { etcd: [{ name: 'main', endpoints: lab.hosts.map(clientUrl) }] },
    // Probes every 500 ms with a deadline below the interval, as the etcd lab tests run them.
    extraConfig: (host) => ({ probes: { interval: '500ms', timeout: '400ms' }, logs: [{ path: etcdLogFile(lab, host), system: 'etcd', target: 'main' }] }),
  });
  const everyone = { quorum: Object.fromEntries(lab.hostNames.map((n) => [n, 1])), leaderAmong: members.map((m) => m.name) };
  const seen = await waitUntil('every agent sees one etcd leader with quorum', () => readConsensus(fleet), (reading) => consensusHolds(reading, everyone), {
    timeoutMs: 30_000,
    intervalMs: 200,
  });
  // Levels follow consensus (no leader → read-only): healthy means level 0 everywhere as well.
  const healthyLevels = Object.fromEntries(lab.hostNames.map((n) => [n, 0]));
  await waitUntil('every agent at level 0', () => fleet.levels(), (levels) => isDeepStrictEqual(levels, healthyLevels), { timeoutMs: 15_000, intervalMs: 100 });
  return { members, fleet, leader: measuredLeader(seen.value!), etcdReadyMs: etcdReadyAt - started, agentsReadyMs: Date.now() - etcdReadyAt };
}
