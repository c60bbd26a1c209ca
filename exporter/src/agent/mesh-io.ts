/** What every part of the agent that talks to peers needs: the mesh, where peers are, and how to report. */
import type { Config, Peer } from '../config/load';
import type { Logger } from '../log';
import type { Mesh } from '../mesh/mesh';
import type { Metrics } from '../metrics/registry';
import type { AddressBook } from './address-book';
import type { MembershipKeeper } from './membership-keeper';

export interface MeshIo {
  config: Config;
  mesh: Mesh;
  metrics: Metrics;
  log: Logger;
  addresses: AddressBook;
  /** Every member but this node, as the membership stands now. */
  peers(): readonly Peer[];
  membership: MembershipKeeper;
}
