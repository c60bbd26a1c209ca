/**
 * Pulls views from the peers this agent hears, every interval: at most `views.fanout` per round,
 * never two pulls of one peer at once. Each view merges into the mesh (relayed rows), its round
 * trip becomes the link's RTT, and refusals are counted.
 *
 * Pulls are deltas (view-delta.ts): each peer's cursor is kept, so a peer pulled again sends only
 * what changed. Which peers (pull-partners.ts): in a small cluster the peers whose rows are oldest,
 * so every peer is pulled in turn; in a large one the same few partners every round, so their
 * cursors stay recent, and now and then one more peer in turn.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { NodeName } from '../analysis/types';
import type { Peer } from '../config/load';
import { viewAuthorization, type ResponseKey } from '../mesh/view-auth';
import { pullView } from '../mesh/view-puller';
import type { HeldMembership } from '../mesh/view-codec';
import { DELTA_VIEW_VERSION } from '../mesh/view-codec';
import { choosePullPeers, defaultFanout, rendezvousRank } from './pull-partners';
import type { WebConfig } from '../server/web-config';
import { linkSeriesPolicy } from '../metrics/link-series';
import type { MeshIo } from './mesh-io';
import { monotonic } from './clock';

type ServerTls = WebConfig['tls'];

export interface ViewPullLoop {
  /** True once a round has ended (readiness waits for it). */
  pulledOnce(): boolean;
  /** The peer served a delta view at its last pull (it also takes pushed rows). */
  speaksDelta(peer: NodeName): boolean;
  /**
   * Links into this node went down: one extra round a fifth of an interval from now. The peers
   * on this side of a cut lose the same links within about a tick, and their rows say so; this
   * agent reads them then rather than at its next round, up to an interval later.
   */
  pullSoon(): void;
  stop(): void;
}

/** The extra round after links went down waits this share of an interval (one damping tick). */
const SOON = 0.2;

export interface ViewPullDeps extends MeshIo {
  /**
   * This agent's own server TLS, once it listens: with TLS every agent of a cluster is set up
   * alike, so peers are pulled over https, verified against client_ca_file (the cluster's CA) and
   * shown this agent's certificate. Before the server listens, pulls go over plain http.
   */
  serverTls(): ServerTls | undefined;
}

const KEEP_ALIVE = { keepAlive: true, maxSockets: 2 } as const;
/** A delta larger than one response is fetched in pages; a peer that keeps saying `more` is left for the next round after this many. */
const MAX_PAGES = 16;

interface PeerCursor {
  cursor: string;
  held: HeldMembership;
}

export function startViewPullLoop(deps: ViewPullDeps): ViewPullLoop {
  const { config, mesh, metrics, log, addresses, peers } = deps;
  let roundsDone = 0;
  const series = linkSeriesPolicy(config.metrics.links);
  const inFlight = new Set<NodeName>();
  const cursors = new Map<NodeName, PeerCursor>();
  const deltaPeers = new Set<NodeName>();
  /** The round each peer's last pull failed in: a failing partner is passed over for a while. */
  const failedIn = new Map<NodeName, number>();
  let client: { tls: ServerTls | undefined; agent: HttpAgent } = { tls: undefined, agent: new HttpAgent(KEEP_ALIVE) };

  /** How a peer's response must be signed: by its own key when per-node keys are configured. */
  function responseKeyOf(peer: NodeName): ResponseKey {
    const key = config.keys?.publicKeys.get(peer);
    return key === undefined ? { kind: 'hmac', secret: config.secret } : { kind: 'ed25519', key };
  }

  function httpClient(): { agent: HttpAgent; secure: boolean } {
    const tls = deps.serverTls();
    if (tls !== client.tls) {
      client.agent.destroy();
      const agent = tls === undefined ? new HttpAgent(KEEP_ALIVE) : new HttpsAgent({ ...KEEP_ALIVE, cert: tls.cert, key: tls.key, ...(tls.ca === undefined ? {} : { ca: tls.ca }), minVersion: tls.minVersion });
      client = { tls, agent };
    }
    return { agent: client.agent, secure: tls !== undefined };
  }

  /** One pull (one page of a delta); true when the peer has more for us at once. */
  async function pullPage(peer: Peer, host: string): Promise<boolean> {
    const held = cursors.get(peer.name);
    const result = await pullView({
      address: { host, port: peer.address.port },
      authorization: viewAuthorization(config.secret, config.cluster, config.node, Date.now()),
      cluster: config.cluster,
      requester: config.node,
      server: peer.name,
      responseKey: responseKeyOf(peer.name),
      timeoutMs: config.views.timeoutMs,
      since: held?.cursor ?? '',
      ...(held === undefined ? {} : { held: held.held }),
      ...httpClient(),
    });
    // It left the membership while the pull was on the wire: its series are gone, and a result
    // recorded now would bring them back for a node that is no member.
    if (mesh.tracker(peer.name) === undefined) return false;
    const labels = { source: config.node, target: peer.name };
    metrics.viewPulls.inc({ peer: series.peerLabel(peer.name), result: result.ok ? 'ok' : result.result });
    if (result.ok) {
      failedIn.delete(peer.name);
      const { view } = result;
      metrics.viewBytes.inc(result.bytes);
      const merged = mesh.mergePulled(view, monotonic(), Date.now());
      if (series.exportsRtt(true)) metrics.linkRtt.set(labels, result.rttSeconds);
      else metrics.linkRtt.remove(labels);
      if (view.version !== DELTA_VIEW_VERSION || view.cursor === undefined || view.membersDigest === undefined) {
        // A server from before delta views: full views every time, and no pushed rows for it.
        cursors.delete(peer.name);
        deltaPeers.delete(peer.name);
        return false;
      }
      deltaPeers.add(peer.name);
      // A refresh of a row we do not hold with those states: ask this peer for everything next time.
      if (merged.missed > 0) cursors.delete(peer.name);
      else cursors.set(peer.name, { cursor: view.cursor, held: { members: view.members, digest: view.membersDigest } });
      return merged.missed === 0 && view.more === true;
    }
    failedIn.set(peer.name, roundsDone);
    if (series.exportsRtt(false)) metrics.linkRtt.set(labels, Number.NaN);
    if (result.result === 'rejected') {
      metrics.viewRejected.inc({ reason: result.reason });
      cursors.delete(peer.name);
    }
    log.debug('view pull failed', { peer: peer.name, result: result.result, detail: result.detail });
    return false;
  }

  async function pull(peer: Peer, host: string): Promise<void> {
    for (let page = 0; page < MAX_PAGES && (await pullPage(peer, host)); page++);
  }

  /** Each peer's rendezvous rank, made once: every round ranks every peer (999 at 1000 members). */
  const ranks = new Map<string, number>();
  function rankOf(name: string): number {
    let rank = ranks.get(name);
    if (rank === undefined) ranks.set(name, (rank = rendezvousRank(config.node, name)));
    return rank;
  }

  function forgetFormerPeers(current: readonly Peer[]): void {
    if (cursors.size <= current.length && failedIn.size <= current.length && ranks.size <= current.length) return;
    const names = new Set(current.map((p) => p.name));
    for (const map of [cursors, failedIn, ranks]) for (const name of map.keys()) if (!names.has(name)) map.delete(name);
    for (const name of deltaPeers) if (!names.has(name)) deltaPeers.delete(name);
  }

  async function round(): Promise<void> {
    const all = peers();
    forgetFormerPeers(all);
    const candidates = choosePullPeers({
      self: config.node,
      candidates: all.filter((p) => !inFlight.has(p.name) && mesh.tracker(p.name)?.state === 'up'),
      fanout: config.views.fanout ?? defaultFanout(mesh.members.length),
      round: roundsDone,
      members: mesh.members.length,
      rowBornAt: (name) => mesh.rowOf(name)?.bornAt,
      failedIn: (name) => failedIn.get(name),
      rankOf,
    });
    await Promise.all(
      candidates.map(async (peer) => {
        const host = addresses.resolved(peer.address.host);
        if (host === undefined) return;
        inFlight.add(peer.name);
        try {
          await pull(peer, host);
        } finally {
          inFlight.delete(peer.name);
        }
      }),
    );
    roundsDone++;
  }

  const timer = setInterval(() => void round(), config.heartbeat.intervalMs);
  let soonTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  return {
    pulledOnce: () => roundsDone > 0,
    speaksDelta: (peer) => deltaPeers.has(peer),
    pullSoon() {
      if (stopped || soonTimer !== undefined) return;
      soonTimer = setTimeout(() => {
        soonTimer = undefined;
        void round();
      }, config.heartbeat.intervalMs * SOON);
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      if (soonTimer !== undefined) clearTimeout(soonTimer);
      client.agent.destroy();
    },
  };
}
