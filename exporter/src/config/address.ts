/** `host` or `host:port` (IPv6 as `[::1]:9465`), as written in the config. */
import { isIP } from 'node:net';

export interface HostPort {
  host: string;
  port: number;
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function validPort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

function validHost(host: string): boolean {
  if (IPV4.test(host)) return true;
  if (/^\d+(\.\d+)*$/.test(host)) return false; // looks numeric but is not a valid IPv4
  return HOSTNAME.test(host);
}

/**
 * Parses `host`, `host:port`, `[v6]` or `[v6]:port`. `defaultPort` undefined means the port is
 * required. Returns an error message (what is expected) instead of throwing.
 */
export function parseHostPort(text: string, defaultPort?: number): HostPort | string {
  const expected = defaultPort === undefined ? 'expected host:port' : 'expected host or host:port';
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (scheme) return `${expected} without a scheme, got "${text}": drop "${scheme[0]}"`;
  const v6 = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(text);
  if (v6) {
    if (isIP(v6[1]!) !== 6) return `${expected}, "${v6[1]}" is not a valid IPv6 address`;
    const port = v6[2] === undefined ? defaultPort : validPort(v6[2]);
    return port === undefined ? `${expected} (port 1-65535)` : { host: v6[1]!, port };
  }
  if (text.startsWith('[')) return `${expected}, "${text}" is not a bracketed IPv6 address such as [fd00::1]:9465`;
  const parts = text.split(':');
  if (parts.length > 2 || parts[0] === '') return `${expected}, got "${text}"`;
  const host = parts[0]!;
  if (!validHost(host)) return `${expected}, "${host}" is not a valid host name or IPv4 address`;
  if (parts.length === 1) {
    return defaultPort === undefined ? `${expected}, the port is missing in "${text}"` : { host, port: defaultPort };
  }
  const port = validPort(parts[1]!);
  return port === undefined ? `${expected}, "${parts[1]}" is not a port (1-65535)` : { host, port };
}

export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Where a server listens: a TCP host:port, or a Unix domain socket (`unix:/path`). */
export type Listen = HostPort | { path: string };

/** `host:port` or `unix:/absolute/path`, as the config writes a listener. */
export function parseListen(text: string): Listen | string {
  if (text.startsWith('unix:')) {
    const path = text.slice('unix:'.length);
    return path.startsWith('/') ? { path } : `expected unix:/absolute/path, got "${text}"`;
  }
  return parseHostPort(text);
}
