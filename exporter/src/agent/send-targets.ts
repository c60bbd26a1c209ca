/**
 * Where each peer's datagrams go (heartbeats, pushed rows, departures), with its address
 * resolved: built once and reused every interval (at 1000 peers the send loop would otherwise
 * check and look up 1000 addresses twice a second), rebuilt when the membership's peer list is
 * another array or the address book learned another address for a host name.
 */
import type { Peer } from '../config/load';
import type { AddressBook } from './address-book';

export interface SendTarget {
  name: string;
  port: number;
  /** An IP address (a host name's resolved one). */
  host: string;
}

export class SendTargets {
  private built: { peers: readonly Peer[]; addressVersion: number; list: readonly SendTarget[] } | undefined;

  constructor(
    private readonly peers: () => readonly Peer[],
    private readonly addresses: Pick<AddressBook, 'resolved' | 'version'>,
  ) {}

  /** The peers whose address is known now; a host name not resolved yet is left out until it is. */
  list(): readonly SendTarget[] {
    const peers = this.peers();
    const version = this.addresses.version;
    if (this.built?.peers === peers && this.built.addressVersion === version) return this.built.list;
    const list = peers.flatMap((peer) => {
      const host = this.addresses.resolved(peer.address.host);
      return host === undefined ? [] : [{ name: peer.name, port: peer.address.port, host }];
    });
    this.built = { peers, addressVersion: version, list };
    return list;
  }
}
