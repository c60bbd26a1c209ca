/**
 * What `metrics.links` means for every series with a peer in its labels (docs/metrics.md § Series
 * budget), in one place: `all` exports per peer; `down` only links that are not up and failed
 * pulls; `none` no per-link series. Outside `all`, per-peer counters fold into one series with an
 * empty peer label (an empty label is no label in Prometheus).
 */
import type { LinkSeriesMode } from '../config/load';
import type { LinkState } from '../contract/vocabulary';

export interface LinkSeriesPolicy {
  /** The peer label value of a per-peer counter (heartbeats received, view pulls). */
  peerLabel(peer: string): string;
  /** Whether an inbound link in this state has its own `netsplit_link_up` series. */
  exportsLink(state: LinkState): boolean;
  /** Whether a pull's RTT has a series: every pull in `all`, failed pulls (NaN) in `down`. */
  exportsRtt(ok: boolean): boolean;
  /** Whether per-member gauges (row ages, member info and maintenance of every member) are exported. */
  perMember: boolean;
}

export function linkSeriesPolicy(mode: LinkSeriesMode): LinkSeriesPolicy {
  const all = mode === 'all';
  return {
    peerLabel: (peer) => (all ? peer : ''),
    exportsLink: (state) => state !== 'unknown' && (all || (mode === 'down' && state === 'down')),
    exportsRtt: (ok) => all || (mode === 'down' && !ok),
    perMember: all,
  };
}
