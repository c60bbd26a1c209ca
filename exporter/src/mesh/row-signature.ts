/**
 * What an origin signs in its row (docs/security.md, F1/F4): cluster, membership, origin, (epoch, seq)
 * and the states. Relays pass rows on verbatim, so no relay can change a link its origin reported
 * or claim a higher (epoch, seq) for it. The membership enters as a digest: the states string is
 * one character per member in that order, and means nothing under another member list.
 */
import { createHash, type KeyObject } from 'node:crypto';
import type { NodeName } from '../analysis/types';
import { signMessage, verifyMessage } from './node-keys';

const ROW_VERSION = 'nsrow1';

/** sha256 over the sorted member names, base64url: computed once per view, not per row. */
export function membersDigest(members: readonly NodeName[]): string {
  return createHash('sha256').update(members.join('\n')).digest('base64url');
}

export interface SignedRowFields {
  cluster: string;
  members: string;
  origin: NodeName;
  epoch: number;
  seq: number;
  states: string;
}

function message(row: SignedRowFields): Buffer {
  return Buffer.from(`${ROW_VERSION} ${row.cluster} ${row.members} ${row.origin} ${row.epoch} ${row.seq} ${row.states}`, 'latin1');
}

export function signRow(privateKey: KeyObject, row: SignedRowFields): string {
  return signMessage(privateKey, message(row));
}

export function verifyRow(publicKey: KeyObject, row: SignedRowFields, signature: string): boolean {
  return verifyMessage(publicKey, message(row), signature);
}
