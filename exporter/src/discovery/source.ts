/** What every discovery source gives the agent: snapshots of addresses, and a count of refreshes. */
import type { Logger } from '../log';
import type { DiscoveredAddress } from '../membership';

export interface DiscoveryDeps {
  /** A complete answer: every address the source lists now. */
  onSnapshot(addresses: readonly DiscoveredAddress[]): void;
  /** One refresh ended (a DNS answer, a list, a watch event) or failed; after a failure the last snapshot stands. */
  onRefresh(result: 'ok' | 'error'): void;
  log: Logger;
}

export interface DiscoverySource {
  stop(): void;
}
