/**
 * etcd member ids are uint64: most exceed 2^53, so a JS number would silently round them and two
 * members could compare equal. They stay decimal strings (what the gRPC layer delivers) and go
 * through BigInt only to normalise or to print them the way etcdctl does (hex).
 */

/** A member id in canonical decimal form, or undefined when the input is not a uint64. */
export function canonicalMemberId(raw: unknown): string | undefined {
  if (typeof raw === 'bigint') return raw >= 0n && raw < 1n << 64n ? raw.toString(10) : undefined;
  if (typeof raw !== 'string' || !/^\d{1,20}$/.test(raw)) return undefined;
  const value = BigInt(raw);
  return value < 1n << 64n ? value.toString(10) : undefined;
}

/** "0" is etcd's way of saying "no leader". */
export const NO_MEMBER = '0';

/** etcdctl's spelling (lower-case hex, no padding): what an operator pastes into `etcdctl move-leader`. */
export function memberIdHex(id: string): string {
  return BigInt(id).toString(16);
}
