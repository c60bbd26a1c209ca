/**
 * Per-node Ed25519 keys: each agent signs its own rows and its view responses with its
 * private key; every agent holds every member's public key from the config. A member holding the
 * shared secret can then still send heartbeats and pull views, but cannot speak for another node.
 *
 * Public keys are written as the 32 raw bytes in base64url (43 characters, one YAML scalar);
 * private keys as PKCS#8 PEM, what `openssl genpkey -algorithm ed25519` writes too.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

export interface NodeKeys {
  /** This agent's private key. */
  privateKey: KeyObject;
  /** Every member's public key, this agent's own included. */
  publicKeys: ReadonlyMap<string, KeyObject>;
}

export const PUBLIC_KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new key pair: the PEM to keep in `keyFile`, the public key to put in every agent's `peers[].publicKey`. */
export function generateNodeKey(): { privatePem: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: publicKeyText(publicKey) };
}

export function publicKeyText(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || jwk.x === undefined) throw new Error('not an Ed25519 key');
  return jwk.x;
}

/** The public key of a `peers[].publicKey`, or an error message naming what is wrong. */
export function parsePublicKey(text: string): KeyObject | string {
  if (!PUBLIC_KEY_PATTERN.test(text)) return 'expected an Ed25519 public key: 43 base64url characters, as printed by --gen-key';
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: text }, format: 'jwk' });
  } catch {
    return 'not a valid Ed25519 public key';
  }
}

/** The private key of a `keyFile` (PKCS#8 PEM), or an error message that never quotes the file. */
export function parsePrivateKey(pem: string): KeyObject | string {
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    if (key.asymmetricKeyType !== 'ed25519') return `expected an Ed25519 private key, found ${key.asymmetricKeyType ?? 'another kind'}`;
    return key;
  } catch {
    return 'not a PEM private key (make one with --gen-key or openssl genpkey -algorithm ed25519)';
  }
}

/** Ed25519 signs the message itself (no pre-hash): `null` is the algorithm argument node:crypto wants. */
export function signMessage(privateKey: KeyObject, message: Buffer): string {
  return sign(null, message, privateKey).toString('base64url');
}

export function verifyMessage(publicKey: KeyObject, message: Buffer, signature: string): boolean {
  const bytes = Buffer.from(signature, 'base64url');
  if (bytes.length !== 64) return false;
  try {
    return verify(null, message, publicKey, bytes);
  } catch {
    return false;
  }
}
