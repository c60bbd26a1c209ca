import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, rmdirSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { parseConfig } from '../../src/config/load';
import { followFile, type FileFollower } from '../../src/logs/follow-file';
import { createLogService } from '../../src/logs/log-service';
import type { Logger } from '../../src/log';

let dir: string;
let file: string;
let lines: string[];
let follower: FileFollower | undefined;
const HOUR = 3_600_000;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'netsplit-follow-'));
  file = join(dir, 'etcd.log');
  lines = [];
});
afterEach(async () => {
  await follower?.stop();
  follower = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const follow = async (options: { maxLineBytes?: number; maxBytesPerPoll?: number } = {}) =>
  (follower = await followFile({ path: file, onLine: (line) => lines.push(line), pollMs: HOUR, ...options }));

describe('followFile', () => {
  it('starts at the end: history is not news', async () => {
    writeFileSync(file, 'old 1\nold 2\n');
    const f = await follow();
    appendFileSync(file, 'new 1\nnew 2\n');
    await f.poll();
    expect(lines).toEqual(['new 1', 'new 2']);
  });

  it('holds an unfinished line until its newline arrives', async () => {
    writeFileSync(file, '');
    const f = await follow();
    appendFileSync(file, 'lost TCP str');
    await f.poll();
    expect(lines).toEqual([]);
    appendFileSync(file, 'eaming connection\r\nnext\n');
    await f.poll();
    expect(lines).toEqual(['lost TCP streaming connection', 'next']);
  });

  it('rotation by rename + recreate: drains the old file, then reads the new one from its start', async () => {
    writeFileSync(file, 'history\n');
    const f = await follow();
    appendFileSync(file, 'before rename\n');
    renameSync(file, `${file}.1`);
    // The writer still holds the old inode for a moment: those lines count too.
    appendFileSync(`${file}.1`, 'after rename, old inode\n');
    await f.poll();
    writeFileSync(file, 'fresh 1\n');
    appendFileSync(file, 'fresh 2\n');
    await f.poll();
    appendFileSync(file, 'fresh 3\n');
    await f.poll();
    expect(lines).toEqual(['before rename', 'after rename, old inode', 'fresh 1', 'fresh 2', 'fresh 3']);
  });

  it('rotation seen in one poll keeps the order and ends a cut line', async () => {
    writeFileSync(file, '');
    const f = await follow();
    appendFileSync(file, 'a\nhalf');
    renameSync(file, `${file}.1`);
    writeFileSync(file, 'b\n');
    await f.poll();
    expect(lines).toEqual(['a', 'half', 'b']);
  });

  it('copytruncate: a file shorter than the offset is read again from 0', async () => {
    writeFileSync(file, 'a long history line\n');
    const f = await follow();
    truncateSync(file, 0);
    appendFileSync(file, 'x\n');
    await f.poll();
    expect(lines).toEqual(['x']);
  });

  it('copytruncate and a longer rewrite within one poll loses no line', async () => {
    const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${String(i).padStart(3, '0')}`);
    writeFileSync(file, numbered('old', 100).join('\n') + '\n');
    const f = await follow();
    truncateSync(file, 0);
    appendFileSync(file, numbered('new', 200).join('\n') + '\n');
    await f.poll();
    expect(lines).toEqual(numbered('new', 200));
    appendFileSync(file, 'after\n');
    await f.poll();
    expect(lines.length).toBe(201);
    expect(lines[200]).toBe('after');
  });

  it('a rewrite that keeps the head but not the bytes at the offset is seen too', async () => {
    writeFileSync(file, '2026-12-02 header\nold tail line\n');
    const f = await follow();
    truncateSync(file, 0);
    appendFileSync(file, '2026-12-02 header\nnew line 1 that is longer\nnew line 2\n');
    await f.poll();
    expect(lines).toEqual(['2026-12-02 header', 'new line 1 that is longer', 'new line 2']);
  });

  it('bounded memory: a huge line is cut at maxLineBytes and the rest skipped', async () => {
    writeFileSync(file, '');
    const f = await follow({ maxLineBytes: 10 });
    appendFileSync(file, `${'a'.repeat(100_000)}\nshort\n`);
    await f.poll();
    expect(lines).toEqual(['aaaaaaaaaa', 'short']);
  });

  it('reads at most maxBytesPerPoll per poll and continues on the next', async () => {
    writeFileSync(file, '');
    const f = await follow({ maxBytesPerPoll: 8 });
    appendFileSync(file, '1234\n5678\n9\n');
    await f.poll();
    expect(lines).toEqual(['1234']);
    await f.poll();
    expect(lines).toEqual(['1234', '5678', '9']);
  });

  it('a FIFO at the path is refused once, without blocking, and retried with back-off', async () => {
    execFileSync('mkfifo', [file]);
    let clock = 0;
    const errors: string[] = [];
    const f = (follower = await followFile({ path: file, onLine: (line) => lines.push(line), onError: (e) => errors.push(e.message), pollMs: HOUR, now: () => clock }));
    for (let i = 0; i < 20; i++) await f.poll();
    expect(errors).toEqual([`${file} is a FIFO, not a regular file: only regular log files are followed`]);
    // Replaced by a regular file: picked up once the back-off has passed, from its start.
    rmSync(file);
    writeFileSync(file, 'regular now\n');
    await f.poll();
    expect(lines).toEqual([]);
    clock += 60_000;
    await f.poll();
    expect(lines).toEqual(['regular now']);
  });

  it('an unreadable path (a directory) warns once, again only after 10 minutes, then once more on a new error', async () => {
    mkdirSync(file);
    let clock = 0;
    const errors: string[] = [];
    const f = (follower = await followFile({ path: file, onLine: (line) => lines.push(line), onError: (e) => errors.push(e.message), pollMs: 250, now: () => clock }));
    for (let i = 0; i < 2400; i++) {
      clock += 250; // ten minutes of polls every 250 ms
      await f.poll();
    }
    expect(errors).toEqual([`${file} is a directory, not a regular file: only regular log files are followed`]);
    clock += 30_000;
    await f.poll();
    expect(errors.length).toBe(2);
    rmdirSync(file);
    execFileSync('mkfifo', [file]);
    clock += 30_000;
    await f.poll();
    expect(errors).toEqual([
      `${file} is a directory, not a regular file: only regular log files are followed`,
      `${file} is a directory, not a regular file: only regular log files are followed`,
      `${file} is a FIFO, not a regular file: only regular log files are followed`,
    ]);
  });

  it('a file created after the start is read from its beginning', async () => {
    const f = await follow();
    await f.poll();
    writeFileSync(file, 'first\n');
    await f.poll();
    expect(lines).toEqual(['first']);
  });
});

describe('log service', () => {
  it('counts catalog matches of a followed file by pattern, system and file', async () => {
    writeFileSync(file, '');
    const parsed = parseConfig(`cluster: c\nnode: a\ninsecure: true\npeers: [{ name: a, address: 127.0.0.1:1 }]\nlogs:\n  - { path: ${JSON.stringify(file)}, system: etcd }\n`, 'test.yaml');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const registry = new Registry();
    const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const service = createLogService({ config: parsed.config, registry, log: quiet })!;
    service.start();
    try {
      // Let the follower open the file (at its end) before writing.
      await new Promise((resolve) => setTimeout(resolve, 300));
      appendFileSync(
        file,
        '{"level":"warn","ts":"2026-11-26T08:01:02.345Z","caller":"rafthttp/stream.go:421","msg":"lost TCP streaming connection with remote peer","stream-reader-type":"stream MsgApp v2"}\n' +
          '{"level":"info","msg":"peer became active"}\n' +
          '2026-11-26 08:01:02.345678 W | rafthttp: lost the TCP streaming connection with peer 91bc3c398fb3c146 (stream Message reader)\n',
      );
      const deadline = Date.now() + 10_000;
      let text = '';
      while (Date.now() < deadline && !/netsplit_log_pattern_matches_total\{[^}]*\} 2/.test(text)) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        text = await registry.metrics();
      }
      expect(text).toContain(`netsplit_log_pattern_matches_total{pattern="etcd-peer-stream-lost",system="etcd",file="${file}"} 2`);
    } finally {
      await service.stop();
    }
  });

  it('is not created without a logs section', () => {
    const parsed = parseConfig('cluster: c\nnode: a\ninsecure: true\npeers: [{ name: a, address: 127.0.0.1:1 }]\n', 'test.yaml');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    expect(createLogService({ config: parsed.config, registry: new Registry(), log: quiet })).toBeUndefined();
  });

  it('rejects an unknown system with the list of allowed ones', () => {
    const parsed = parseConfig('cluster: c\nnode: a\ninsecure: true\npeers: [{ name: a, address: 127.0.0.1:1 }]\nlogs: [{ path: /x.log, system: kafka }]\n', 'test.yaml');
    expect(parsed).toEqual({ ok: false, problems: ['test.yaml: logs[0].system: "kafka" is not allowed: use one of etcd, mysql, postgres, redis, envoy, consul'] });
  });
});
