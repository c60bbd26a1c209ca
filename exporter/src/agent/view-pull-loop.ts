/**
 * Pulls views from the peers this agent hears, every interval: at most `views.fanout` per round,
 * the peers whose rows are oldest first, never two pulls of one peer at once. Each view merges
 * into the mesh (relayed rows), its round trip becomes the link's RTT, and refusals are counted.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { NodeName } from '../analysis/types';
import type { Peer } from '../config/load';
import { viewAuthorization, type ResponseKey } from '../mesh/view-auth';
import { pullView } from '../mesh/view-puller';
import type { WebConfig } from '../server/web-config';
import { linkSeriesPolicy } from '../metrics/link-series';
import type { MeshIo } from './mesh-io';
import { monotonic } from './clock';

type ServerTls = WebConfig['tls'];

export interface ViewPullLoop {
  /** True once a round has ended (readiness waits for it). */
  pulledOnce(): boolean;
  stop(): void;
}

export interface ViewPullDeps extends MeshIo {
  /**
   * This agent's own server TLS, once it listens: with TLS every agent of a cluster is set up
   * alike, so peers are pulled over https, verified against client_ca_file (the cluster's CA) and
   * shown this agent's certificate. Before the server listens, pulls go over plain http.
   */
  serverTls(): ServerTls | undefined;
}

const KEEP_ALIVE = { keepAlive: true, maxSockets: 2 } as const;

export function startViewPullLoop(deps: ViewPullDeps): ViewPullLoop {
  const { config, mesh, metrics, log, addresses, peers } = deps;
  let roundsDone = 0;
  const series = linkSeriesPolicy(config.metrics.links);
  const inFlight = new Set<NodeName>();
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

  async function pull(peer: Peer, host: string): Promise<void> {
    const result = await pullView({
      address: { host, port: peer.address.port },
      authorization: viewAuthorization(config.secret, config.cluster, config.node, Date.now()),
      cluster: config.cluster,
      requester: config.node,
      server: peer.name,
      responseKey: responseKeyOf(peer.name),
      timeoutMs: config.views.timeoutMs,
      ...httpClient(),
    });
    const labels = { source: config.node, target: peer.name };
    if (result.ok) {
      mesh.mergeView(result.view, monotonic(), Date.now());
      if (series.exportsRtt(true)) metrics.linkRtt.set(labels, result.rttSeconds);
      else metrics.linkRtt.remove(labels);
      metrics.viewPulls.inc({ peer: series.peerLabel(peer.name), result: 'ok' });
      return;
    }
    if (series.exportsRtt(false)) metrics.linkRtt.set(labels, Number.NaN);
    metrics.viewPulls.inc({ peer: series.peerLabel(peer.name), result: result.result });
    if (result.result === 'rejected') metrics.viewRejected.inc({ reason: result.reason });
    log.debug('view pull failed', { peer: peer.name, result: result.result, detail: result.detail });
  }

  async function round(): Promise<void> {
    const candidates = peers()
      .filter((p) => !inFlight.has(p.name) && mesh.tracker(p.name)?.state === 'up')
      .sort((a, b) => (mesh.rowOf(a.name)?.bornAt ?? -Infinity) - (mesh.rowOf(b.name)?.bornAt ?? -Infinity))
      .slice(0, config.views.fanout);
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
  return {
    pulledOnce: () => roundsDone > 0,
    stop() {
      clearInterval(timer);
      client.agent.destroy();
    },
  };
}
