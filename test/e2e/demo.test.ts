/**
 * `npm run demo -- --once` as a user runs it: a child process that builds its own lab (etcd and an
 * agent on every host), plays the runbook timeline and prints a summary. Every step must be right —
 * roles, levels, and the etcd leader and quorum the agents measure — and the lab must be gone after.
 */
import { spawn } from 'node:child_process';
import { listNamespaces } from '../lab/network';
import { REPO_ROOT } from '../lab/exporter-build';
import { requireLabPrerequisites } from '../lab/preflight';
import { requireEtcd } from '../lab/services/etcd-member';

// testTimeout in test/jest.config.js is a global option that jest ignores inside `projects`.
jest.setTimeout(180_000);

const ALL_MEMBERS = ['etcd-n1', 'etcd-n2', 'etcd-n3', 'etcd-n4', 'etcd-n5'];
const MAJORITY_MEMBERS = ['etcd-n1', 'etcd-n2', 'etcd-n3'];

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string; pid: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'demo', '--', '--once', '--port', '0'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr, pid: child.pid ?? 0 }));
  });
}

describe('npm run demo -- --once', () => {
  beforeAll(() => {
    requireLabPrerequisites('The demo test');
    requireEtcd();
  });

  it('plays healthy → split detected → minority isolated → recovery, every step right, and exits 0', async () => {
    const before = await listNamespaces();
    const demo = await runDemo();
    // On failure, show what the demo said (npm may write notices to stderr, so it is not asserted empty).
    expect(demo.code === 0 ? 'exit 0' : `exit ${demo.code}\n${demo.stderr}\n${demo.stdout}`).toBe('exit 0');

    const summary = demo.stdout.slice(demo.stdout.indexOf('\nSummary:'));
    const rows = summary
      .split('\n')
      .filter((line) => /^(Healthy|Split detected|Minority isolated|Recovery) /.test(line))
      .map((line) => line.split(/ {2,}/));
    // cells: step, cut, expected roles, observed, levels, time, etcd leader · quorum, etcd time, result
    expect(rows.map((cells) => [cells[0], cells[1], cells[2], cells[3], cells[4], cells[6]!.split(' · ')[1], cells[8]])).toEqual([
      ['Healthy', 'no drops', 'healthy n1 n2 n3 n4 n5', 'same', '0 0 0 0 0', 'quorum n1 n2 n3 n4 n5', 'ok'],
      ['Split detected', '{n1,n2,n3} | {n4,n5}', 'majority n1 n2 n3 · minority n4 n5', 'same', '0 0 0 1 1', 'quorum n1 n2 n3', 'ok'],
      // Isolated with its own etcd member leaderless, an agent can vouch for nothing: level 3.
      ['Minority isolated', '{n1,n2,n3} | {n4} | {n5}', 'majority n1 n2 n3 · isolated n4 n5', 'same', '0 0 0 2 2', 'quorum n1 n2 n3', 'ok'],
      ['Recovery', 'no drops', 'healthy n1 n2 n3 n4 n5', 'same', '0 0 0 0 0', 'quorum n1 n2 n3 n4 n5', 'ok'],
    ]);
    // Which member leads is etcd's choice; with the cut, it must be one on the majority side.
    const leaders = rows.map((cells) => cells[6]!.split(' · ')[0]);
    expect(ALL_MEMBERS).toContain(leaders[0]);
    expect(MAJORITY_MEMBERS).toContain(leaders[1]);
    expect(MAJORITY_MEMBERS).toContain(leaders[2]);
    expect(ALL_MEMBERS).toContain(leaders[3]);
    // Per step, the quorum each side's agents measured and where writes can go.
    expect(demo.stdout).toContain('   etcd    quorum n1 n2 n3 = 1 · n4 n5 = 0 → writes on n1 n2 n3\n');
    expect(demo.stdout).toContain('   etcd    quorum n1 n2 n3 n4 n5 = 1 → writes on n1 n2 n3 n4 n5\n');
    expect(demo.stdout).toMatch(/ {3}etcd {4}leader etcd-n[123] \(n1 n2 n3\) · none \(n4 n5\)\n/);
    expect(demo.stdout).toContain('Every verdict matched the runbook timeline.');
    expect(demo.stdout).toMatch(/n1 {2}http:\/\/127\.0\.0\.1:\d+\/n1\/metrics {3}http:\/\/127\.0\.0\.1:\d+\/n1\/api\/v1\/view/);
    // The demo removed its lab: no namespace it created is left.
    expect((await listNamespaces()).filter((ns) => !before.includes(ns))).toEqual([]);
  });
});
