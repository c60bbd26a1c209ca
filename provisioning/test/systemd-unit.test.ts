/**
 * The systemd unit for VMs, checked by systemd's own parser (`systemd-analyze verify`, in a
 * scratch root holding the unit, the host's unit library and stand-ins for the two commands it
 * runs: no systemd runs as PID 1 here, so the unit is verified, not started). Its name is the one
 * the runbook tells on-call to ask about, and its reload is the SIGHUP the agent reloads on.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { exporterAlerts } from '../src/alerts/exporter';
import { DEFAULT_SETTINGS } from '../src/settings';
import { readRepoFile, requireTool } from './tools';

const UNIT_FILE = 'provisioning/systemd/netsplit-exporter.service';
const unitText = readRepoFile(UNIT_FILE);
const scratch = mkdtempSync(join(tmpdir(), 'netsplit-systemd-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** key → values of one section (a key may repeat). */
function section(text: string, name: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  let current = '';
  for (const line of text.split('\n')) {
    const header = /^\[(.+)\]$/.exec(line.trim());
    if (header) current = header[1]!;
    else if (current === name && /^[A-Za-z]+=/.test(line)) {
      const key = line.slice(0, line.indexOf('='));
      entries.set(key, [...(entries.get(key) ?? []), line.slice(line.indexOf('=') + 1)]);
    }
  }
  return entries;
}
const service = section(unitText, 'Service');
const one = (key: string) => service.get(key)?.join('\n');

/** `systemd-analyze verify` of `text` as /etc/systemd/system/<name> in a scratch root. */
function verify(text: string, name = basename(UNIT_FILE)) {
  const root = mkdtempSync(join(scratch, 'root-'));
  mkdirSync(join(root, 'etc/systemd/system'), { recursive: true });
  mkdirSync(join(root, 'usr/lib/systemd'), { recursive: true });
  cpSync('/usr/lib/systemd/system', join(root, 'usr/lib/systemd/system'), { recursive: true });
  for (const line of [...(section(text, 'Service').get('ExecStart') ?? []), ...(section(text, 'Service').get('ExecReload') ?? [])]) {
    const command = join(root, line.split(' ')[0]!);
    mkdirSync(dirname(command), { recursive: true });
    writeFileSync(command, '#!/bin/sh\n');
    chmodSync(command, 0o755);
  }
  const unit = join(root, 'etc/systemd/system', name);
  writeFileSync(unit, text);
  const result = spawnSync(requireTool('systemd-analyze'), ['verify', `--root=${root}`, unit], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr.replaceAll(root, '<root>') };
}

describe('systemd unit', () => {
  it('is named as the runbook tells on-call to ask about it', () => {
    const down = exporterAlerts(DEFAULT_SETTINGS).find((alert) => alert.name === 'NetsplitExporterDown');
    expect(down?.command).toContain(`systemctl status ${basename(UNIT_FILE, '.service')}`);
  });

  it("passes systemd's own verification with no warning", () => {
    expect(verify(unitText)).toEqual({ status: 0, stderr: '' });
  });

  it('a misspelled key fails that verification (the check bites)', () => {
    expect(verify(unitText.replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes')).stderr).toBe(
      "<root>/etc/systemd/system/netsplit-exporter.service:27: Unknown key 'NoNewPrivilege' in section [Service], ignoring.\n",
    );
  });

  it('runs the packaged bin as a dedicated user, reloads with SIGHUP and does not restart a refused config', () => {
    expect([one('User'), one('Group'), one('ExecStart'), one('ExecReload'), one('RestartPreventExitStatus')]).toEqual([
      'netsplit',
      'netsplit',
      '/opt/netsplit/node_modules/.bin/netsplit-exporter --config /etc/netsplit/netsplit.yaml',
      '/bin/kill -HUP $MAINPID',
      '2',
    ]);
  });

  it('holds no privilege and sees the file system read-only', () => {
    expect(['NoNewPrivileges', 'CapabilityBoundingSet', 'AmbientCapabilities', 'ProtectSystem', 'ProtectHome', 'PrivateTmp', 'PrivateDevices', 'RestrictAddressFamilies', 'SystemCallFilter'].map((key) => `${key}=${one(key)}`)).toEqual([
      'NoNewPrivileges=yes',
      'CapabilityBoundingSet=',
      'AmbientCapabilities=',
      'ProtectSystem=strict',
      'ProtectHome=yes',
      'PrivateTmp=yes',
      'PrivateDevices=yes',
      'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX',
      'SystemCallFilter=@system-service',
    ]);
    // V8 compiles to memory that is writable and executable: this option would kill the agent.
    expect(service.has('MemoryDenyWriteExecute')).toBe(false);
  });
});
