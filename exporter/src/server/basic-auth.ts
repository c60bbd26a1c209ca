/**
 * HTTP basic auth against bcrypt hashes (exporter-toolkit's basic_auth_users). bcrypt is slow on
 * purpose (~50 ms at cost 10), so a successful check is remembered by a digest of the header and
 * the hash: a scrape every 15 s costs one comparison, not one per scrape. Failures are never
 * cached (a wrong password costs the asker the full bcrypt time).
 */
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

export type BasicAuthResult = 'ok' | 'missing' | 'wrong';

export class BasicAuth {
  private readonly verified = new Map<string, true>();

  constructor(private readonly users: Readonly<Record<string, string>>) {}

  get enabled(): boolean {
    return Object.keys(this.users).length > 0;
  }

  async check(header: string | undefined): Promise<BasicAuthResult> {
    if (header === undefined || !/^Basic\s+/i.test(header)) return 'missing';
    const decoded = Buffer.from(header.replace(/^Basic\s+/i, '').trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return 'wrong';
    const user = decoded.slice(0, colon);
    const hash = Object.prototype.hasOwnProperty.call(this.users, user) ? this.users[user] : undefined;
    if (hash === undefined) return 'wrong';
    const key = createHash('sha256').update(`${header}\n${hash}`).digest('base64');
    if (this.verified.has(key)) return 'ok';
    const ok = await bcrypt.compare(decoded.slice(colon + 1), hash);
    if (!ok) return 'wrong';
    if (this.verified.size > 1000) this.verified.clear();
    this.verified.set(key, true);
    return 'ok';
  }
}
