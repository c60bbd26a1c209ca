/**
 * Membership as a pure function of what the agent learned: static peers, discovery snapshots,
 * heartbeats heard, departures announced, explicit removals and the time. No I/O, no clock
 * (`now` is an input), no globals: every function returns a new state and the changes to log.
 *
 * The rules (docs/membership.md):
 * - static peers (and this node) are always members;
 * - a discovered address becomes a member only once a valid heartbeat from it was heard; the
 *   name is the heartbeat's sender, so DNS discovery needs no names. It is `joining` (not in N)
 *   until it is in two-way contact with this node or `joinGrace` passed;
 * - a member gone from discovery stays (state `vanished`, still counted in N) until it announced
 *   its departure, is removed explicitly, was in two-way contact for `leaveAfter` (it is alive
 *   and really left the discovery source), or `removeAfter` passed. A cut that hides members from
 *   discovery (NotReady endpoints, an API server on the other side) therefore cannot shrink N and
 *   turn a minority into a majority;
 * - maintenance (`maintenance:` or a cordoned node) keeps a member but leaves it out of N.
 */
import { compareNames } from '../analysis/membership';
import type { NodeName } from '../analysis/types';
import type { DiscoveredAddress, Member, MembershipChange, MembershipOptions, MembershipSnapshot, MemberState } from './types';

interface DiscoveredMember {
  readonly name: NodeName;
  readonly address: string;
  /** When discovery stopped listing it (local ms); undefined while listed. */
  readonly vanishedAt?: number;
  /** While vanished: since when it has been in two-way contact without a break. */
  readonly contactSince?: number;
  /** While joining (not counted in N yet): when it was first heard. */
  readonly joinedAt?: number;
}

export interface MembershipState {
  readonly options: MembershipOptions;
  /** The last discovery snapshot, by address. */
  readonly discovered: ReadonlyMap<string, DiscoveredAddress>;
  /** The same entries by name (those that carry one). */
  readonly discoveredByName: ReadonlyMap<NodeName, DiscoveredAddress>;
  /** Members learned from heartbeats (static peers are not in here). */
  readonly members: ReadonlyMap<NodeName, DiscoveredMember>;
  /** Discovered addresses a static peer was heard from (this node's own address among them). */
  readonly staticAddresses: ReadonlyMap<string, NodeName>;
  /**
   * Members that announced their departure, with the boot epoch they left in: datagrams of that
   * boot still in flight must not make them join again; a restart (a later epoch) does.
   */
  readonly departed: ReadonlyMap<NodeName, number>;
}

export interface Step {
  state: MembershipState;
  changes: MembershipChange[];
}

export function initialMembership(options: MembershipOptions): MembershipState {
  const staticPeers = new Map(options.staticPeers);
  if (!staticPeers.has(options.self)) staticPeers.set(options.self, '');
  return { options: { ...options, staticPeers }, discovered: new Map(), discoveredByName: new Map(), members: new Map(), staticAddresses: new Map(), departed: new Map() };
}

/** The discovery entry that describes a member: by address, else by name. */
function entryOf(state: MembershipState, name: NodeName, address: string): DiscoveredAddress | undefined {
  return (address === '' ? undefined : state.discovered.get(address)) ?? state.discoveredByName.get(name);
}

function isCordoned(state: MembershipState, name: NodeName, address: string): boolean {
  return entryOf(state, name, address)?.cordoned === true;
}

/** A new discovery snapshot replaces the last one. */
export function onDiscovery(state: MembershipState, addresses: readonly DiscoveredAddress[], now: number): Step {
  const discovered = new Map<string, DiscoveredAddress>();
  const discoveredByName = new Map<NodeName, DiscoveredAddress>();
  for (const entry of addresses) {
    discovered.set(entry.address, entry);
    if (entry.name !== undefined) discoveredByName.set(entry.name, entry);
  }
  const next: MembershipState = { ...state, discovered, discoveredByName };
  const changes: MembershipChange[] = [];
  const members = new Map<NodeName, DiscoveredMember>();
  for (const held of state.members.values()) {
    // A source that names nodes (the Kubernetes API) is the authority on a name's address.
    const named = next.discoveredByName.get(held.name);
    let member = held;
    if (named !== undefined && named.address !== held.address) {
      changes.push({ member: held.name, change: 'moved', reason: `listed by discovery at a new address (was ${held.address})`, address: named.address });
      member = { ...held, address: named.address };
    }
    const listed = entryOf(next, member.name, member.address) !== undefined;
    if (listed && member.vanishedAt !== undefined) {
      changes.push({ member: member.name, change: 'returned', reason: 'listed by discovery again', address: member.address });
      members.set(member.name, { name: member.name, address: member.address, ...(member.joinedAt === undefined ? {} : { joinedAt: member.joinedAt }) });
    } else if (!listed && member.vanishedAt === undefined) {
      changes.push({ member: member.name, change: 'vanished', reason: 'no longer listed by discovery: kept until it leaves, is in contact for leaveAfter, or removeAfter passes', address: member.address });
      members.set(member.name, { ...member, vanishedAt: now });
    } else {
      members.set(member.name, member);
    }
  }
  const after: MembershipState = { ...next, members };
  changes.push(...maintenanceChanges(state, after));
  return { state: after, changes };
}

/**
 * A valid signed heartbeat (or hello) from `name`, boot `epoch`, arrived from `address`. An
 * address discovery lists makes a new member (unless that boot has departed); anything else
 * changes nothing. A member is never moved by what it sends: a captured hello replayed from
 * another listed address would otherwise take its place (only a source that names nodes moves
 * a member, in onDiscovery).
 */
export function onHeard(state: MembershipState, name: NodeName, address: string, epoch: number, now: number): Step {
  // From an address discovery does not list, nothing changes: the common case, decided first
  // (every heartbeat comes through here, 1000 a second at 1000 peers).
  if (state.discovered.size === 0 || !state.discovered.has(address)) return { state, changes: [] };
  const departedIn = state.departed.get(name);
  if (departedIn !== undefined && epoch <= departedIn) return { state, changes: [] };
  if (state.options.staticPeers.has(name)) {
    if (state.staticAddresses.get(address) === name) return { state, changes: [] };
    const staticAddresses = new Map(state.staticAddresses);
    staticAddresses.set(address, name);
    return { state: { ...state, staticAddresses }, changes: [] };
  }
  if (state.members.has(name)) return { state, changes: [] };
  const members = new Map(state.members);
  members.set(name, { name, address, joinedAt: now });
  const departed = new Map(state.departed);
  departed.delete(name);
  return { state: { ...state, members, departed }, changes: [{ member: name, change: 'joined', reason: 'heard a valid heartbeat from a discovered address', address }] };
}

/** A signed departure from `name`, boot `epoch`: a discovered member leaves at once; a static peer stays. */
export function onLeft(state: MembershipState, name: NodeName, epoch: number): Step {
  const held = state.members.get(name);
  if (held === undefined) return { state, changes: [] };
  const members = new Map(state.members);
  members.delete(name);
  const departed = new Map(state.departed);
  departed.set(name, epoch);
  return { state: { ...state, members, departed }, changes: [{ member: name, change: 'left', reason: 'announced its departure', address: held.address }] };
}

/** Explicit removal by the operator: a discovered member goes at once (heard again, it joins again). */
export function onRemoved(state: MembershipState, name: NodeName): Step {
  const held = state.members.get(name);
  if (held === undefined) return { state, changes: [] };
  const members = new Map(state.members);
  members.delete(name);
  return { state: { ...state, members }, changes: [{ member: name, change: 'removed', reason: 'removed by the operator', address: held.address }] };
}

/**
 * Time passes. `contacts` are the members in two-way contact with this node now (the verdict's
 * contacts). A joining member counts once in contact or after joinGrace; a vanished member is
 * removed after leaveAfter of unbroken contact or after removeAfter.
 */
export function onTick(state: MembershipState, now: number, contacts: ReadonlySet<NodeName>): Step {
  let members: Map<NodeName, DiscoveredMember> | undefined;
  const changes: MembershipChange[] = [];
  const replace = (name: NodeName, member: DiscoveredMember | undefined) => {
    members ??= new Map(state.members);
    if (member === undefined) members.delete(name);
    else members.set(name, member);
  };
  for (const held of state.members.values()) {
    const inContact = contacts.has(held.name);
    let member = held;
    if (member.joinedAt !== undefined && (inContact || now - member.joinedAt >= state.options.joinGraceMs)) {
      const { joinedAt: _counted, ...counted } = member;
      member = counted;
    }
    if (member.vanishedAt !== undefined) {
      const contactSince = inContact ? (member.contactSince ?? now) : undefined;
      if (now - member.vanishedAt >= state.options.removeAfterMs) {
        replace(member.name, undefined);
        changes.push({ member: member.name, change: 'removed', reason: 'not listed by discovery for removeAfter', address: member.address });
        continue;
      }
      if (contactSince !== undefined && now - contactSince >= state.options.leaveAfterMs) {
        replace(member.name, undefined);
        changes.push({ member: member.name, change: 'removed', reason: 'not listed by discovery while in two-way contact for leaveAfter', address: member.address });
        continue;
      }
      if (contactSince !== member.contactSince) {
        const { contactSince: _broken, ...rest } = member;
        member = contactSince === undefined ? rest : { ...rest, contactSince };
      }
    }
    if (member !== held) replace(member.name, member);
  }
  return members === undefined ? { state, changes } : { state: { ...state, members }, changes };
}

function stateOf(state: MembershipState, name: NodeName, address: string, member?: DiscoveredMember): MemberState {
  if (state.options.maintenance.includes(name) || isCordoned(state, name, address)) return 'maintenance';
  if (member?.vanishedAt !== undefined) return 'vanished';
  return member?.joinedAt !== undefined ? 'joining' : 'active';
}

/** Cordons and uncordons that a discovery snapshot brought. */
function maintenanceChanges(before: MembershipState, after: MembershipState): MembershipChange[] {
  const changes: MembershipChange[] = [];
  const names = new Set([...after.options.staticPeers.keys(), ...after.members.keys()]);
  for (const name of [...names].sort(compareNames)) {
    const address = after.members.get(name)?.address ?? after.options.staticPeers.get(name) ?? '';
    const was = isCordoned(before, name, address);
    const is = isCordoned(after, name, address);
    if (was !== is) changes.push({ member: name, change: is ? 'maintenance' : 'maintenance_over', reason: is ? 'cordoned' : 'uncordoned', address });
  }
  return changes;
}

export function snapshotOf(state: MembershipState): MembershipSnapshot {
  const members: Member[] = [];
  const claimed = new Set<string>(state.staticAddresses.keys());
  for (const [name, host] of state.options.staticPeers) {
    const entry = entryOf(state, name, host);
    if (entry !== undefined) claimed.add(entry.address);
    const zone = state.options.staticZones?.get(name) ?? entry?.zone ?? '';
    members.push({ name, address: host, zone, state: stateOf(state, name, host), origin: 'static' });
  }
  for (const member of state.members.values()) {
    if (state.options.staticPeers.has(member.name)) continue;
    claimed.add(member.address);
    const entry = entryOf(state, member.name, member.address);
    members.push({ name: member.name, address: member.address, zone: entry?.zone ?? '', state: stateOf(state, member.name, member.address, member), origin: 'discovered' });
  }
  members.sort((a, b) => compareNames(a.name, b.name));
  const maintenance = members.filter((m) => m.state === 'maintenance').map((m) => m.name);
  const uncounted = members.filter((m) => m.state === 'maintenance' || m.state === 'joining').map((m) => m.name);
  const unknownAddresses = [...state.discovered.keys()].filter((address) => !claimed.has(address)).sort(compareNames);
  return { members, quorumSize: members.length - uncounted.length, maintenance, uncounted, unknownAddresses };
}
