/**
 * The send list is reused while nothing changed and rebuilt when the peer list or an address
 * changed. The address book here is a stand-in (no DNS in a unit test): a map of host names and a
 * version moved by hand, as AddressBook moves it when a lookup answers with another address.
 */
import { isIP } from 'node:net';
import type { Peer } from '../../src/config/load';
import { SendTargets } from '../../src/agent/send-targets';

function book(): { resolved(host: string): string | undefined; version: number; names: Map<string, string> } {
  const names = new Map<string, string>();
  return { names, version: 0, resolved: (host) => (isIP(host) ? host : names.get(host)) };
}

const peer = (name: string, host: string, port: number): Peer => ({ name, address: { host, port } });

describe('SendTargets', () => {
  it('leaves out a host name until it resolves, then sends to its address', () => {
    const addresses = book();
    const peers = [peer('n2', '10.0.0.2', 9465), peer('n3', 'n3.agents.local', 9466)];
    const targets = new SendTargets(() => peers, addresses);
    expect(targets.list()).toEqual([{ name: 'n2', port: 9465, host: '10.0.0.2' }]);
    addresses.names.set('n3.agents.local', '10.0.0.3');
    addresses.version = 1;
    expect(targets.list()).toEqual([
      { name: 'n2', port: 9465, host: '10.0.0.2' },
      { name: 'n3', port: 9466, host: '10.0.0.3' },
    ]);
  });

  it('returns the same list while neither the peers nor the addresses changed, and a new one for a new peer list', () => {
    const addresses = book();
    let peers = [peer('n2', '10.0.0.2', 9465)];
    const targets = new SendTargets(() => peers, addresses);
    const first = targets.list();
    expect(targets.list()).toBe(first);
    peers = [...peers, peer('n4', '10.0.0.4', 9465)];
    expect(targets.list().map((t) => t.name)).toEqual(['n2', 'n4']);
  });

  it('follows a host name to its new address', () => {
    const addresses = book();
    addresses.names.set('n3.agents.local', '10.0.0.3');
    const peers = [peer('n3', 'n3.agents.local', 9466)];
    const targets = new SendTargets(() => peers, addresses);
    expect(targets.list()[0]!.host).toBe('10.0.0.3');
    addresses.names.set('n3.agents.local', '10.0.9.3');
    addresses.version = 1;
    expect(targets.list()[0]!.host).toBe('10.0.9.3');
  });
});
