/** A fresh random HMAC secret per lab run (never a fixed string an outsider could know). */
import { randomBytes } from 'node:crypto';

export function newLabSecret(): string {
  return randomBytes(24).toString('base64url');
}
