/**
 * The Kubernetes API server, Consul and Envoy probes on real partitions: stand-ins serving the
 * real wire formats (test/lab/services/admin-standins-server.mjs, built from the vendored fixtures) run
 * inside the five lab hosts — the API server on n1, a Consul server and an Envoy proxy on every
 * host, whose upstream `orders` has its endpoints on n1–n3 and `inventory` on n4–n5 — and an
 * agent on every host probes them. A halves cut (nftables) makes the minority lose the API
 * server, Consul's quorum and its breaker to `orders`, explained by the cut; the majority's
 * breaker to `inventory` likewise. Asserted on every agent of both sides.
 */
import { isDeepStrictEqual } from 'node:util';
import { AgentFleet } from '../lab/agent-fleet';
import { ensureExporterBuilt } from '../lab/exporter-build';
import { Lab } from '../lab/lab';
import { newLabSecret } from '../lab/lab-secret';
import { requireLabPrerequisites } from '../lab/preflight';
import { select, valueOf, type Sample } from '../lab/prometheus-text';
import { adminStandinsService, STANDIN_PORTS } from '../lab/services/admin-standins';
import { halves } from '../lab/topology';
import { poll } from '../lab/wait-for';

jest.setTimeout(240_000);

const ALL = ['n1', 'n2', 'n3', 'n4', 'n5'];

/** What one agent says about the three systems. */
interface AdminPicture {
  apiserverReachable: number | undefined;
  /** The NotReady countdown is exported (only while the API server is unreachable). */
  notReadyCountdown: boolean;
  consulQuorum: number | undefined;
  /** has_leader of the Consul server on the agent's own host (undefined when it does not answer). */
  ownConsulServerHasLeader: number | undefined;
  /** Failing upstreams of the agent's own proxy, as `upstream:reason`. */
  failingUpstreams: string[];
}

function pictureOf(samples: readonly Sample[], address: string): AdminPicture {
  const countdown = valueOf(samples, 'netsplit_kubernetes_node_not_ready_in_seconds', { target: 'prod' });
  return {
    apiserverReachable: valueOf(samples, 'netsplit_kubernetes_apiserver_reachable', { target: 'prod' }),
    notReadyCountdown: countdown !== undefined && countdown >= 0 && countdown <= 40,
    consulQuorum: valueOf(samples, 'netsplit_consul_quorum', { target: 'dc1' }),
    ownConsulServerHasLeader: valueOf(samples, 'netsplit_consul_server_has_leader', { target: 'dc1', server: `${address}:${STANDIN_PORTS.consul}` }),
    failingUpstreams: select(samples, 'netsplit_envoy_upstream_fault_reason', { target: 'sidecar' })
      .filter((s) => s.value === 1)
      .map((s) => `${s.labels.upstream}:${s.labels.reason}`)
      .sort(),
  };
}

describe('Kubernetes API server, Consul and Envoy stand-ins on a 5-host lab, cut in halves', () => {
  let lab: Lab | undefined;
  let fleet: AgentFleet;

  beforeAll(async () => {
    requireLabPrerequisites('The admin-API lab test');
    await ensureExporterBuilt();
    lab = await Lab.create({ size: 5 });
    const l = lab;
    await l.startOnEveryHost(adminStandinsService({ apiserverOn: 'n1', upstreams: { orders: ['n1', 'n2', 'n3'], inventory: ['n4', 'n5'] } }));
    const apiserver = `http://${l.host('n1').address}:${STANDIN_PORTS.apiserver}`;
    // Bounds on a hung start, not speed checks: on the shared 2-core machine (load average 14
    // while this was written) five agents next to the stand-ins took over 30 s to answer /metrics.
    fleet = await AgentFleet.start(
      l,
      {
        cluster: 'lab',
        secret: newLabSecret(),
        interval: '500ms',
        extraConfig: (host) => ({
          // A deadline with room for a loaded 2-core machine: a cut is a timeout either way.
          probes: { interval: '1s', timeout: '800ms' },
          targets: {
            kubernetes: [{ name: 'prod', url: apiserver }],
            consul: [{ name: 'dc1', servers: l.hosts.map((h) => `http://${h.address}:${STANDIN_PORTS.consul}`) }],
            envoy: [{ name: 'sidecar', admin: `http://${host.address}:${STANDIN_PORTS.envoy}` }],
          },
        }),
      },
      { timeoutMs: 90_000 },
    );
  });

  afterAll(async () => {
    await lab?.teardown();
  });

  async function pictures(): Promise<Record<string, AdminPicture>> {
    const metrics = await fleet.metricsOf();
    return Object.fromEntries(ALL.map((n) => [n, pictureOf(metrics[n]!, lab!.host(n).address)]));
  }

  const healthy: AdminPicture = { apiserverReachable: 1, notReadyCountdown: false, consulQuorum: 1, ownConsulServerHasLeader: 1, failingUpstreams: [] };
  const expectHealthy = async () => {
    const expected = Object.fromEntries(ALL.map((n) => [n, healthy]));
    const seen = await poll(pictures, (p) => isDeepStrictEqual(p, expected), { timeoutMs: 45_000, intervalMs: 250 });
    expect(seen.value).toEqual(expected);
  };

  it('healthy: every agent reaches the API server, sees Consul with quorum and a leader, and no failing upstream', expectHealthy);

  it('halves {n1,n2,n3} | {n4,n5}: the minority reads the API server unreachable, Consul without quorum and its breaker to orders cut; the majority its breaker to inventory cut', async () => {
    await lab!.nemesis.apply(halves(ALL));
    const majority: AdminPicture = { apiserverReachable: 1, notReadyCountdown: false, consulQuorum: 1, ownConsulServerHasLeader: 1, failingUpstreams: ['inventory:network_cut'] };
    const minority: AdminPicture = { apiserverReachable: 0, notReadyCountdown: true, consulQuorum: 0, ownConsulServerHasLeader: 0, failingUpstreams: ['orders:network_cut'] };
    const expected = { n1: majority, n2: majority, n3: majority, n4: minority, n5: minority };
    const seen = await poll(pictures, (p) => isDeepStrictEqual(p, expected), { timeoutMs: 45_000, intervalMs: 250 });
    expect(seen.value).toEqual(expected);
    // Consul's own words on the minority, counted by the catalog.
    const metrics = await fleet.metricsOf();
    for (const n of ['n4', 'n5']) expect([n, (valueOf(metrics[n]!, 'netsplit_error_pattern_total', { pattern: 'consul-no-leader', system: 'consul', target: 'dc1' }) ?? 0) > 0]).toEqual([n, true]);
  });

  it('heals: every agent back to the healthy picture', async () => {
    await lab!.nemesis.reset();
    await expectHealthy();
  });
});
