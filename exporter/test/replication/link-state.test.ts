/** The pure fusion of database facts and mesh contact into one link state, and its helpers. */
import type { ClusterView, InboundRow, LinkState, Verdict } from '../../src/analysis/types';
import { cutIsProven, pairContact } from '../../src/analysis/pair-contact';
import { placeInstance } from '../../src/probes/placement';
import { findAttached, linkState, type LinkInput } from '../../src/probes/replication-links';
import { instanceAddress, type InstanceObservation } from '../../src/probes/replication-model';
import { parseRedisReplication } from '../../src/probes/redis';

const primary = instanceAddress('redis://10.0.0.1:6379', 6379);
const replica = instanceAddress('redis://10.0.0.2', 6379);

const primaryServing = (streaming = true): InstanceObservation => ({
  reached: true,
  role: 'primary',
  writable: true,
  attached: [{ host: '10.0.0.2', port: 6379, streaming, lagSeconds: 1, lagBytes: 42 }],
});
const replicaReceiving = (receiving = true, extra: object = {}): InstanceObservation => ({
  reached: true,
  role: 'replica',
  writable: false,
  upstream: { receiving, primaryHost: '10.0.0.1', primaryPort: 6379, lagBytes: 40, ...extra },
  attached: [],
});
const unreachable: InstanceObservation = { reached: false, kind: 'timeout', message: 'no answer within 1000 ms' };

function input(p: InstanceObservation | undefined, r: InstanceObservation | undefined, extra: Partial<LinkInput> = {}): LinkInput {
  return {
    primary,
    replica,
    primaryObserved: p && { observation: p, startedAt: 100 },
    replicaObserved: r && { observation: r, startedAt: 100 },
    contact: 'contact',
    ...extra,
  };
}

describe('linkState', () => {
  it('is up when the replica receives and the primary serves it; bytes from the primary', () => {
    expect(linkState(input(primaryServing(), replicaReceiving()))).toEqual({ up: true, lagSeconds: 1, lagBytes: 42, ioState: undefined, sqlRunning: undefined, databaseDownSeconds: undefined });
  });

  it('is down for network_cut at once when the mesh shows the nodes cut, lag unknown', () => {
    const state = linkState(input(primaryServing(), replicaReceiving(), { contact: 'cut', cutSince: 500 }));
    expect([state.up, state.reason, state.lagSeconds, state.lagBytes]).toEqual([false, 'network_cut', Number.NaN, Number.NaN]);
  });

  it('trusts the databases over a mesh cut inferred from silence when a round begun after the cut reached both ends and both say up', () => {
    const state = linkState({ ...input(primaryServing(), replicaReceiving(), { contact: 'cut', cutSince: 50 }) });
    expect([state.up, state.reason]).toEqual([true, undefined]);
  });

  it('never lets the databases overrule a proven cut (both rows fresh): they say up until their own timeouts fire', () => {
    const state = linkState({ ...input(primaryServing(), replicaReceiving(), { contact: 'cut', cutSince: 50, cutProven: true }) });
    expect([state.up, state.reason]).toEqual([false, 'network_cut']);
  });

  it('is down for database when the replica says its link is down, even if the primary still lists it (MariaDB does for minutes)', () => {
    const state = linkState(input(primaryServing(), replicaReceiving(false, { signature: 'master_link_status:down', downSeconds: 7 })));
    expect(state).toEqual({ up: false, reason: 'database', lagSeconds: Number.NaN, lagBytes: Number.NaN, ioState: undefined, sqlRunning: undefined, databaseDownSeconds: 7, signature: 'master_link_status:down' });
  });

  it('is down when the primary does not serve a configured replica', () => {
    expect(linkState(input({ ...primaryServing(), attached: [] } as InstanceObservation, undefined)).up).toBe(false);
    expect(linkState(input(primaryServing(false), replicaReceiving())).reason).toBe('database');
  });

  it('is down when the replica follows another primary', () => {
    const state = linkState(input(primaryServing(), replicaReceiving(true, { primaryPort: 6390 })));
    expect([state.up, state.reason, state.signature]).toEqual([false, 'database', 'replica follows 10.0.0.1:6390, not 10.0.0.1:6379']);
  });

  it('is down when neither end answers: network_cut only when the mesh explains it', () => {
    expect(linkState(input(unreachable, unreachable)).reason).toBe('database');
    expect(linkState(input(unreachable, unreachable, { contact: 'cut' })).reason).toBe('network_cut');
  });

  it('decides from one end when only one answers', () => {
    expect(linkState(input(unreachable, replicaReceiving())).up).toBe(true);
    expect(linkState(input(unreachable, replicaReceiving())).lagBytes).toBe(40);
    expect(linkState(input(primaryServing(), unreachable)).up).toBe(true);
  });

  it('keeps the MySQL IO state and SQL thread in the state; a stopped SQL thread is down', () => {
    const state = linkState(input(undefined, replicaReceiving(true, { ioState: 'yes', sqlRunning: false })));
    expect([state.up, state.ioState, state.sqlRunning]).toEqual([false, 'yes', false]);
  });
});

describe('findAttached', () => {
  it('matches by address and announced port, by resolved IP, or by application_name when configured', () => {
    const rows = [
      { host: '127.0.0.1', port: 7001, streaming: true },
      { host: '127.0.0.1', port: 7002, streaming: false },
      { host: '::ffff:10.0.0.9', name: 'standby-b', streaming: true },
    ];
    expect(findAttached(rows, { replica: instanceAddress('redis://127.0.0.1:7002', 6379) })?.port).toBe(7002);
    expect(findAttached(rows, { replica: instanceAddress('postgres://db-b:5432', 5432), replicaIp: '10.0.0.9' })?.name).toBe('standby-b');
    expect(findAttached(rows, { replica: instanceAddress('postgres://db-b:5432', 5432), replicaName: 'standby-b' })?.host).toBe('::ffff:10.0.0.9');
    expect(findAttached(rows, { replica: instanceAddress('redis://10.0.0.3', 6379) })).toBeUndefined();
  });
});

describe('pairContact', () => {
  const verdict = {
    self: 'n1',
    contacts: ['n1', 'n3'],
    freshNodes: ['n1', 'n2', 'n3', 'n4', 'n5', 'n7', 'n8'],
    components: [['n1', 'n3', 'n4', 'n5'], ['n2'], ['n7', 'n8']],
  } as unknown as Verdict;
  /** Each node's fresh inbound row: n2→n3 down, n3→n2 up, n3↔n4 up, n4→n5 unknown, n5→n4 up. */
  const row = (origin: string, inbound: Record<string, LinkState>): [string, InboundRow] => [origin, { origin, bornAt: 0, inbound }];
  const view: ClusterView = {
    self: 'n1',
    members: ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9'],
    now: 0,
    maxAgeMs: 1000,
    rows: new Map([row('n2', { n3: 'up' }), row('n3', { n2: 'down', n4: 'up' }), row('n4', { n3: 'up', n5: 'up' }), row('n5', { n4: 'unknown' })]),
  };
  const pairContactOf = (a: string | undefined, b: string | undefined) => pairContact(verdict, a, b, view);

  it('reads self pairs from contacts, other pairs from components and links, cut from a node nobody in this component hears, unknown otherwise', () => {
    expect(pairContactOf('n1', 'n3')).toBe('contact');
    expect(pairContactOf('n2', 'n1')).toBe('cut');
    expect(pairContactOf('n2', 'n3')).toBe('cut');
    expect(pairContactOf('n3', 'n4')).toBe('contact');
    expect(pairContactOf('n4', 'n5')).toBe('unknown');
    expect(pairContactOf('n2', 'n2')).toBe('contact');
    expect(pairContactOf('n7', 'n4')).toBe('cut');
    expect(pairContactOf('n7', 'n8')).toBe('unknown');
    // n6 has no fresh row: cut from n4 (in n1's component), unknown from n7 (another component).
    expect(pairContactOf('n6', 'n4')).toBe('cut');
    expect(pairContactOf('n6', 'n7')).toBe('unknown');
    expect(pairContactOf('n6', 'n9')).toBe('unknown');
    expect(pairContact(undefined, 'n1', 'n2')).toBe('unknown');
    expect(pairContactOf(undefined, 'n2')).toBe('unknown');
  });
});

describe('pairContact without a link list (as the agent computes verdicts)', () => {
  // A bridge: n1 and n2 reach each other only through n3; n3 (self) holds everyone's rows.
  const verdict = { self: 'n3', contacts: ['n1', 'n2', 'n3'], freshNodes: ['n1', 'n2', 'n3'], components: [['n1', 'n2', 'n3']], links: [] } as unknown as Verdict;
  const order = ['n1', 'n2', 'n3'];
  const row = (origin: string, states: string, bornAt = 900) => [origin, { origin, bornAt, inbound: {}, compact: { order, states } }] as const;
  const view = (rows: ReturnType<typeof row>[]) => ({ self: 'n3', members: order, now: 1000, maxAgeMs: 500, rows: new Map(rows) }) as unknown as ClusterView;

  it('reads the pair from the mesh rows: a down direction is a cut, both up is contact, stale rows unknown', () => {
    // n1's row: n2→n1 down; n2's row: n1→n2 down.
    expect(pairContact(verdict, 'n1', 'n2', view([row('n1', '?du'), row('n2', 'd?u'), row('n3', 'uu?')]))).toBe('cut');
    expect(pairContact(verdict, 'n1', 'n2', view([row('n1', '?uu'), row('n2', 'u?u')]))).toBe('contact');
    expect(pairContact(verdict, 'n1', 'n2', view([row('n1', '?uu', 100), row('n2', 'u?u', 100)]))).toBe('unknown');
    expect(pairContact(verdict, 'n1', 'n2')).toBe('unknown');
  });
});

describe('placeInstance', () => {
  const peers = [
    { name: 'n1', address: { host: '10.0.0.1', port: 9465 } },
    { name: 'n2', address: { host: 'db-b.example', port: 9465 } },
    { name: 'n3', address: { host: '127.0.0.1', port: 9465 } },
    { name: 'n4', address: { host: '127.0.0.1', port: 9466 } },
  ];
  it('uses the nodes map first, else the one peer on the same host; several peers on one host leave it unplaced', () => {
    expect(placeInstance('10.0.0.1', peers, undefined)).toBe('n1');
    expect(placeInstance('DB-B.example', peers, undefined)).toBe('n2');
    expect(placeInstance('127.0.0.1', peers, undefined)).toBeUndefined();
    expect(placeInstance('127.0.0.1', peers, { '127.0.0.1': 'n4' })).toBe('n4');
    expect(placeInstance('10.9.9.9', peers, undefined)).toBeUndefined();
  });
});

describe('parseRedisReplication', () => {
  it('reads a master with its replicas and offsets', () => {
    const text = '# Replication\r\nrole:master\r\nconnected_slaves:1\r\nslave0:ip=10.0.0.2,port=6379,state=online,offset=900,lag=0\r\nmaster_repl_offset:1000\r\n';
    expect(parseRedisReplication(text)).toEqual({ reached: true, role: 'primary', writable: true, attached: [{ host: '10.0.0.2', port: 6379, streaming: true, lagSeconds: 0, lagBytes: 100 }] });
  });

  it('reads a replica whose link is up: seconds since its last message from the master', () => {
    const observation = parseRedisReplication('role:slave\nmaster_host:10.0.0.1\nmaster_port:6379\nmaster_link_status:up\nmaster_last_io_seconds_ago:3\n');
    expect(observation.reached && observation.upstream).toEqual({ receiving: true, primaryHost: '10.0.0.1', primaryPort: 6379, lastMessageAgeSeconds: 3 });
  });

  it('reads a replica whose link is down: -1 is never a lag, down-since is kept', () => {
    const text = 'role:slave\nmaster_host:10.0.0.1\nmaster_port:6379\nmaster_link_status:down\nmaster_last_io_seconds_ago:-1\nmaster_link_down_since_seconds:12\nconnected_slaves:0\nmaster_repl_offset:5\n';
    expect(parseRedisReplication(text)).toEqual({
      reached: true,
      role: 'replica',
      writable: false,
      attached: [],
      upstream: { receiving: false, primaryHost: '10.0.0.1', primaryPort: 6379, downSeconds: 12, signature: 'master_link_status:down' },
    });
  });

  it('calls text without a role line the wrong server', () => {
    expect(parseRedisReplication('HTTP/1.1 400 Bad Request')).toEqual({ reached: false, kind: 'wrong_server', message: 'INFO replication has no role line: not a Redis server' });
  });
});

describe('cutIsProven', () => {
  const verdictWith = (freshNodes: string[]) => ({ freshNodes }) as unknown as Verdict;
  it('is proven when both nodes have fresh rows, inferred when one is silent', () => {
    expect(cutIsProven(verdictWith(['n1', 'n2', 'n5']), 'n1', 'n2')).toBe(true);
    expect(cutIsProven(verdictWith(['n1', 'n5']), 'n1', 'n2')).toBe(false);
    expect(cutIsProven(undefined, 'n1', 'n2')).toBe(false);
  });
});
