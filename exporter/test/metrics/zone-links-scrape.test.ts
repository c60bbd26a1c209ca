/**
 * Zones at scrape: static peers' zones (the membership core) and the rows the mesh holds become
 * netsplit_member_info, netsplit_zone_reachable and the zone link series, exactly as /metrics
 * renders them. Four members in two zones, cut in halves; seen from n1.
 */
import { analyze, type Verdict } from '../../src/analysis';
import { monotonic } from '../../src/agent/clock';
import { publishAtScrape } from '../../src/agent/scrape-publisher';
import type { LinkSeriesMode } from '../../src/config/load';
import { initialMembership, snapshotOf, type MembershipSnapshot } from '../../src/membership';
import { Mesh } from '../../src/mesh/mesh';
import type { PeerView } from '../../src/mesh/view-codec';
import { createMetrics } from '../../src/metrics/registry';
import { MAX_LINKED_ZONES, publishZoneLinks } from '../../src/metrics/publish';
import type { ZoneLinkCount } from '../../src/analysis/zone-links';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const MEMBERS = ['n1', 'n2', 'n3', 'n4'];
const damping = { intervalMs: 100, downAfter: 3, upAfter: 2 };

function membership(zones: ReadonlyMap<string, string>): MembershipSnapshot {
  const staticPeers = new Map(MEMBERS.map((name, i) => [name, `10.0.0.${i + 1}`]));
  return snapshotOf(initialMembership({ self: 'n1', staticPeers, staticZones: zones, maintenance: [], removeAfterMs: 600_000, leaveAfterMs: 30_000, joinGraceMs: 1_000 }));
}

/**
 * n1 and n2 hear each other; n3 and n4 are cut off from both (their heartbeats never arrive, so
 * their links into n1 and n2 go down). n1 holds its own row and n2's; n3's and n4's rows never
 * reach it. Times start at the real monotonic clock, which the scrape reads.
 */
function halves(): { mesh: Mesh; verdict: Verdict } {
  const t0 = monotonic();
  const wall = Date.now();
  const n1 = new Mesh({ cluster: 'c', self: 'n1', members: MEMBERS, secret, damping, maxAgeMs: 60_000, epoch: 1, startedAt: t0 });
  const n2 = new Mesh({ cluster: 'c', self: 'n2', members: MEMBERS, secret, damping, maxAgeMs: 60_000, epoch: 2, startedAt: t0 });
  for (const t of [0, 100, 200, 300]) {
    n1.receive(n2.nextHeartbeat('n1', wall), t0 + t, wall);
    n2.receive(n1.nextHeartbeat('n2', wall), t0 + t, wall);
  }
  n1.tick(t0 + 400);
  n2.tick(t0 + 400);
  n1.mergeView(n2.wireView(t0 + 400, true, null) as PeerView, t0 + 400);
  const mesh = n1;
  return { mesh, verdict: analyze(mesh.clusterView(t0 + 400)) };
}

async function scrape(zones: ReadonlyMap<string, string>, linkSeries: LinkSeriesMode = 'down'): Promise<string[]> {
  const { mesh, verdict } = halves();
  const metrics = createMetrics('c', 'n1');
  const snapshot = membership(zones);
  publishAtScrape({ metrics, mesh, verdict: () => verdict, openConnections: () => 0, membership: () => snapshot, linkSeries });
  const text = await metrics.registry.metrics();
  return text.split('\n').filter((line) => /^(# (HELP|TYPE) )?netsplit_(zone_|member_info)/.test(line));
}

const ZONES = new Map([
  ['n1', 'eu-west-1a'],
  ['n2', 'eu-west-1a'],
  ['n3', 'eu-west-1b'],
  ['n4', 'eu-west-1b'],
]);
const ID = 'netsplit_cluster="c",netsplit_node="n1"';

describe('zones at scrape', () => {
  it('renders the zone link ratio and counts of a cut between two zones, and the zones of static peers', async () => {
    expect(await scrape(ZONES)).toEqual([
      '# HELP netsplit_zone_reachable Share of the zone\'s members with two-way contact to this node (1 whole, 0 cut off); zones from peers[].zone or discovery.',
      '# TYPE netsplit_zone_reachable gauge',
      `netsplit_zone_reachable{zone="eu-west-1a",${ID}} 1`,
      `netsplit_zone_reachable{zone="eu-west-1b",${ID}} 0`,
      "# HELP netsplit_zone_links_up_ratio Share up of the known links from members of source_zone to members of target_zone in this node's view; unknown links left out.",
      '# TYPE netsplit_zone_links_up_ratio gauge',
      `netsplit_zone_links_up_ratio{source_zone="eu-west-1a",target_zone="eu-west-1a",${ID}} 1`,
      `netsplit_zone_links_up_ratio{source_zone="eu-west-1b",target_zone="eu-west-1a",${ID}} 0`,
      "# HELP netsplit_zone_links Links from members of source_zone to members of target_zone by state (up, down, unknown) in this node's view.",
      '# TYPE netsplit_zone_links gauge',
      `netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1a",state="up",${ID}} 2`,
      `netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1a",state="down",${ID}} 0`,
      `netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1a",state="unknown",${ID}} 0`,
      `netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1b",state="up",${ID}} 0`,
      `netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1b",state="down",${ID}} 0`,
      `netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1b",state="unknown",${ID}} 4`,
      `netsplit_zone_links{source_zone="eu-west-1b",target_zone="eu-west-1a",state="up",${ID}} 0`,
      `netsplit_zone_links{source_zone="eu-west-1b",target_zone="eu-west-1a",state="down",${ID}} 4`,
      `netsplit_zone_links{source_zone="eu-west-1b",target_zone="eu-west-1a",state="unknown",${ID}} 0`,
      `netsplit_zone_links{source_zone="eu-west-1b",target_zone="eu-west-1b",state="up",${ID}} 0`,
      `netsplit_zone_links{source_zone="eu-west-1b",target_zone="eu-west-1b",state="down",${ID}} 0`,
      `netsplit_zone_links{source_zone="eu-west-1b",target_zone="eu-west-1b",state="unknown",${ID}} 2`,
      '# HELP netsplit_member_info Always 1, for each member: its address and zone (empty when unknown).',
      '# TYPE netsplit_member_info gauge',
      `netsplit_member_info{member="n1",address="10.0.0.1",zone="eu-west-1a",${ID}} 1`,
    ]);
  });

  it('counts again once the mesh changed, not before', async () => {
    const { mesh, verdict } = halves();
    const metrics = createMetrics('c', 'n1');
    const snapshot = membership(ZONES);
    publishAtScrape({ metrics, mesh, verdict: () => verdict, openConnections: () => 0, membership: () => snapshot, linkSeries: 'down' });
    const withinA = async () => (await metrics.registry.metrics()).split('\n').filter((line) => line.startsWith('netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1a"'));
    const before = await withinA();
    expect(await withinA()).toEqual(before);
    // n2's heartbeats stop arriving: n1's own row says n2→n1 down after downAfter intervals.
    mesh.tick(monotonic() + 5_000);
    expect((await withinA()).map((line) => line.replace(`,${ID}`, ''))).toEqual([
      'netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1a",state="up"} 1',
      'netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1a",state="down"} 1',
      'netsplit_zone_links{source_zone="eu-west-1a",target_zone="eu-west-1a",state="unknown"} 0',
    ]);
  });

  it('describes every member\'s zone in all mode', async () => {
    const info = (await scrape(ZONES, 'all')).filter((line) => line.startsWith('netsplit_member_info{'));
    expect(info).toEqual([
      `netsplit_member_info{member="n1",address="10.0.0.1",zone="eu-west-1a",${ID}} 1`,
      `netsplit_member_info{member="n2",address="10.0.0.2",zone="eu-west-1a",${ID}} 1`,
      `netsplit_member_info{member="n3",address="10.0.0.3",zone="eu-west-1b",${ID}} 1`,
      `netsplit_member_info{member="n4",address="10.0.0.4",zone="eu-west-1b",${ID}} 1`,
    ]);
  });

  it('exports no zone link series when no member has a zone', async () => {
    expect((await scrape(new Map())).filter((line) => line.startsWith('netsplit_zone_links'))).toEqual([]);
  });

  it('exports the pairs of up to 32 zones, and none beyond (4·Z² + Z series would outgrow the links they summarise)', async () => {
    const pairs = (zones: number): ZoneLinkCount[] =>
      Array.from({ length: zones * zones }, (_, i) => ({ sourceZone: `z${Math.floor(i / zones)}`, targetZone: `z${i % zones}`, up: 1, down: 0, unknown: 0, upRatio: 1 }));
    const rendered = async (zones: number) => {
      const metrics = createMetrics('c', 'n1');
      publishZoneLinks(metrics, pairs(zones));
      return (await metrics.registry.metrics()).split('\n').filter((line) => line.startsWith('netsplit_zone_links')).length;
    };
    expect([MAX_LINKED_ZONES, await rendered(32), await rendered(33)]).toEqual([32, 4 * 32 * 32, 0]);
  });
});
