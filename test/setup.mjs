#!/usr/bin/env node
/**
 * Set-up that `npm test` and `npm run demo` do first, so each is one command on a fresh Debian
 * machine: the Debian packages the profile needs (installed with apt-get when running as root,
 * otherwise named with the command to run) and the npm dependencies (`npm ci` when node_modules
 * is missing or older than package-lock.json). Plain Node, no dependencies: it runs before any.
 *
 *   node test/setup.mjs test|demo
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = {
  demo: ['iproute2', 'nftables', 'etcd-server', 'etcd-client'],
  test: ['iproute2', 'nftables', 'etcd-server', 'etcd-client', 'prometheus', 'prometheus-alertmanager', 'redis-server', 'postgresql', 'mariadb-server', 'chromium', 'systemd', 'unzip', 'dnsmasq-base'],
};

const profile = process.argv[2];
if (!(profile in PACKAGES)) {
  console.error(`usage: node test/setup.mjs ${Object.keys(PACKAGES).join('|')}`);
  process.exit(2);
}

function installed(pkg) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

const hasDpkg = spawnSync('dpkg-query', ['--version']).status === 0;
const missing = hasDpkg ? PACKAGES[profile].filter((pkg) => !installed(pkg)) : [];
if (missing.length > 0) {
  if (process.getuid?.() === 0) {
    console.error(`setup: installing Debian packages: ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  } else {
    // The lab needs root anyway; the demo and the tests say so themselves with the exact fix.
    console.error(`setup: missing Debian packages: ${missing.join(' ')} — run: sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`);
  }
} else if (!hasDpkg) {
  console.error('setup: not a Debian system (no dpkg-query): install iproute2, nftables, etcd, Prometheus, Alertmanager, Redis, PostgreSQL, MariaDB, Chromium and dnsmasq yourself');
}

const lock = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  console.error('setup: npm ci');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
