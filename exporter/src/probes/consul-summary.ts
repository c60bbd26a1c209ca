/**
 * One Consul target as this node's probes saw it in one round, and its consensus group for the
 * verdict. Pure. Same arithmetic as etcd (etcd-summary.ts): N is the voters in the largest raft
 * configuration any server returned (else the peers list, else the configured servers); the
 * probes see a quorum when one leader address is named by at least ⌊N/2⌋+1 of the servers that
 * answered. Servers this node cannot reach count for nothing.
 */
import { quorumOf } from '../analysis/membership';
import type { ConsensusGroup, NodeName } from '../analysis/types';
import type { Peer } from '../config/load';
import type { ConsulServerObservation, RaftServer, SerfStatus } from './consul';
import { placeInstance } from './placement';

export interface ConsulServerReport {
  /** host:port of the HTTP API as configured. */
  server: string;
  up: boolean;
  hasLeader: boolean;
  isLeader: boolean;
  leader: string;
  /** Serf members per status as this server lists them (absent when the call failed). */
  serf?: Record<SerfStatus, number>;
}

export interface ConsulSummary {
  target: string;
  servers: ConsulServerReport[];
  /** The raft servers (largest configuration seen), empty when no server returned one. */
  raft: RaftServer[];
  voters: number;
  quorumSize: number;
  quorum: boolean;
  distinctLeaders: number;
}

export function summarizeConsul(target: string, observations: readonly ConsulServerObservation[]): ConsulSummary {
  const raft = observations.reduce<RaftServer[]>((best, o) => (o.raft !== undefined && o.raft.length > best.length ? o.raft : best), []);
  const peers = observations.reduce<string[]>((best, o) => (o.peers !== undefined && o.peers.length > best.length ? o.peers : best), []);
  const voters = raft.length > 0 ? raft.filter((s) => s.voter).length : peers.length > 0 ? peers.length : observations.length;
  const quorumSize = quorumOf(voters);
  const backers = new Map<string, number>();
  for (const o of observations) if (o.up && o.leader !== undefined && o.leader !== '') backers.set(o.leader, (backers.get(o.leader) ?? 0) + 1);
  return {
    target,
    servers: observations.map(reportOf),
    raft,
    voters,
    quorumSize,
    quorum: [...backers.values()].some((count) => count >= quorumSize),
    distinctLeaders: backers.size,
  };
}

function reportOf(o: ConsulServerObservation): ConsulServerReport {
  const leader = o.up ? (o.leader ?? '') : '';
  const leaderHost = hostOfAddress(leader);
  const ownHosts = [hostOfAddress(o.server), o.address].filter((h): h is string => h !== undefined && h !== '');
  let serf: Record<SerfStatus, number> | undefined;
  if (o.members !== undefined) {
    serf = { none: 0, alive: 0, leaving: 0, left: 0, failed: 0 };
    for (const m of o.members) serf[m.status] += 1;
  }
  return {
    server: o.server,
    up: o.up,
    hasLeader: leader !== '',
    isLeader: leader !== '' && leaderHost !== undefined && ownHosts.includes(leaderHost),
    leader,
    ...(serf === undefined ? {} : { serf }),
  };
}

/** The host of `host:port` or `[v6]:port` (lower case), undefined for ''. */
export function hostOfAddress(address: string): string | undefined {
  if (address === '') return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed !== null) return bracketed[1]!.toLowerCase();
  const colons = address.split(':').length - 1;
  return (colons === 1 ? address.slice(0, address.lastIndexOf(':')) : address).toLowerCase();
}

/**
 * The analysis' view of the target: the raft servers placed on nodes by their address (or the
 * configured servers when no configuration is known), each with what the server on that host said.
 */
export function consulGroup(summary: ConsulSummary, peers: readonly Peer[], nodes?: Readonly<Record<string, string>>): ConsensusGroup {
  const byHost = new Map(summary.servers.map((s) => [hostOfAddress(s.server) ?? '', s]));
  const place = (host: string | undefined): NodeName | undefined => (host === undefined ? undefined : placeInstance(host, peers, nodes));
  const members =
    summary.raft.length > 0
      ? summary.raft.map((r) => {
          const host = hostOfAddress(r.address);
          const report = host === undefined ? undefined : byHost.get(host);
          return {
            instance: r.node !== '' ? r.node : r.address,
            node: place(host),
            voter: r.voter,
            reachable: report?.up ?? false,
            hasLeader: report?.hasLeader ?? false,
            isLeader: report?.isLeader ?? false,
          };
        })
      : summary.servers.map((s) => ({ instance: s.server, node: place(hostOfAddress(s.server)), voter: true, reachable: s.up, hasLeader: s.hasLeader, isLeader: s.isLeader }));
  return { system: 'consul', target: summary.target, probeQuorum: summary.quorum, members: members.map(({ node, ...m }) => (node === undefined ? m : { ...m, node })) };
}
