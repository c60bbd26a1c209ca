/**
 * The service fuses the mesh verdict into link states: a real Redis pair placed on two nodes
 * (127.0.0.1 = n1, 127.0.0.2 = n2), and a verdict that loses or keeps two-way contact with n2.
 */
import type { Verdict } from '../../src/analysis/types';
import { createRedisService } from '../../src/probes/redis';
import { freePorts } from '../agent/helpers';
import { eventually, startService, type ServiceHarness } from './harness';
import { RedisServer } from './redis-servers';

jest.setTimeout(120_000);

/** The parts of a verdict the fusion reads: n1's own view (n2's row fresh unless its agent is down). */
function verdictOfN1(contacts: string[], freshNodes: string[] = ['n1', 'n2']): Verdict {
  const components = contacts.includes('n2') ? [['n1', 'n2']] : freshNodes.includes('n2') ? [['n1'], ['n2']] : [['n1']];
  return { self: 'n1', contacts, freshNodes, components, links: [], unreachable: ['n1', 'n2'].filter((n) => !contacts.includes(n)) } as unknown as Verdict;
}

describe('replication links fused with the mesh verdict', () => {
  let primary: RedisServer;
  let replica: RedisServer;
  let harness: ServiceHarness;
  let link: { system: string; target: string; replica: string };

  beforeAll(async () => {
    const [primaryPort, replicaPort] = await freePorts(2);
    primary = new RedisServer(primaryPort!);
    await primary.ready();
    // The replica listens on 127.0.0.2 and announces it, so the primary lists it under that address.
    replica = new RedisServer(replicaPort!, primaryPort!, ['--replica-announce-ip', '127.0.0.2'], '127.0.0.2');
    await replica.ready();
    link = { system: 'redis', target: 'cache', replica: `127.0.0.2:${replicaPort}` };
    // A long interval: one round at start, the next 10 s later — so a scrape between them shows the verdict alone.
    harness = startService(createRedisService, `  redis:\n    - { name: cache, primary: "redis://127.0.0.1:${primaryPort}", replicas: ["redis://127.0.0.2:${replicaPort}"] }`, {
      peers: '  - { name: n1, address: "127.0.0.1:9465" }\n  - { name: n2, address: "127.0.0.2:9465" }',
      interval: '10s',
    });
  });

  afterAll(async () => {
    await harness?.stop();
    await Promise.all([primary?.destroy(), replica?.destroy()]);
  });

  const up = () => harness.value('netsplit_replication_up', link);

  it('places the primary on n1 as a writer and reads the link up while n1 and n2 are in contact', async () => {
    harness.setVerdict(verdictOfN1(['n1', 'n2']));
    expect(await eventually(up, (v) => v === 1)).toBe(1);
    expect(harness.service.facts()).toEqual({ writers: [{ system: 'redis', target: 'cache', instance: `127.0.0.1:${primary.port}`, node: 'n1' }] });
  });

  it('reads the link down for network_cut at the first scrape after the mesh loses n2, lag unknown, with no new probe round', async () => {
    harness.setVerdict(verdictOfN1(['n1']));
    expect(await up()).toBe(0);
    expect(await harness.value('netsplit_replication_down_reason', { ...link, reason: 'network_cut' })).toBe(1);
    expect(await harness.value('netsplit_replication_down_reason', { ...link, reason: 'database' })).toBe(0);
    expect(await harness.value('netsplit_replication_lag_bytes', link)).toBeNaN();
    expect(harness.lines.some((l) => l.includes('"msg":"replication link down"') && l.includes('"reason":"network_cut"') && l.includes('"replicaNode":"n2"'))).toBe(true);
  });

  it('keeps a proven cut (both rows fresh) down although both databases still say the link works', async () => {
    expect(await eventually(up, (v) => v === 1, 12_000)).toBe(0);
  });

  it('believes the databases again when the cut is only inferred (n2 silent: its agent down, not the network) and a round begun after it reaches both ends', async () => {
    harness.setVerdict(verdictOfN1(['n1'], ['n1']));
    expect(await eventually(up, (v) => v === 1, 30_000)).toBe(1);
    expect(await harness.value('netsplit_replication_down_reason', { ...link, reason: 'network_cut' })).toBe(0);
  });
});
