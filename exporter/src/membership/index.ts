/** Public API of the pure membership core (docs/membership.md). */
export * from './types';
export { initialMembership, onDiscovery, onHeard, onLeft, onRemoved, onTick, snapshotOf, type MembershipState, type Step } from './membership';
