/**
 * A real DNS server for discovery tests: dnsmasq (Debian package dnsmasq-base) in the
 * foreground, answering only from one hosts file that the test rewrites; SIGHUP makes it re-read
 * the file. No upstream, no /etc/hosts, no cache beyond the records' TTL of 0.
 */
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const DNSMASQ = 'dnsmasq';

/** Throws with the install hint when dnsmasq is not on PATH. */
export function requireDnsmasq(): void {
  const probe = spawnSync(DNSMASQ, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error('dnsmasq is not installed: apt-get install -y dnsmasq-base (the DNS discovery tests need a real DNS server)');
}

/**
 * The command line: listen on address:port only, records from hostsFile, authoritative for
 * `domain` (without --local, dnsmasq with no upstream answers REFUSED for a record type the file
 * lacks, e.g. AAAA, instead of "no data").
 */
export function dnsmasqArgs(address: string, port: number, hostsFile: string, domain: string): string[] {
  return [
    `--local=/${domain}/`,
    '--keep-in-foreground',
    '--conf-file=/dev/null',
    '--no-resolv',
    '--no-hosts',
    `--addn-hosts=${hostsFile}`,
    `--listen-address=${address}`,
    '--bind-interfaces',
    `--port=${port}`,
    // The hosts file lives in a private temporary folder: stay root to read it again on SIGHUP.
    '--user=root',
    '--pid-file=',
    '--log-facility=-',
    '--local-ttl=0',
  ];
}

/** Writes the records: one `address name` line each. */
export function writeHosts(hostsFile: string, name: string, addresses: readonly string[]): void {
  writeFileSync(hostsFile, addresses.map((address) => `${address} ${name}\n`).join(''));
}
