/**
 * The layering rules of eslint.config.mjs bite: the repository's own config, run by ESLint's API
 * on fixture sources placed (by name only) in the folders the rules guard. One child process runs
 * them all: ESLint loads its config with import(), which jest's module sandbox does not offer.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const repoRoot = resolve(__dirname, '..', '..', '..');

interface Fixture {
  filePath: string;
  code: string;
}

/** Every no-restricted-imports message ESLint reports per fixture, in order. */
function restrictedImports(fixtures: readonly Fixture[]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    const fixtures = JSON.parse(process.env.FIXTURES);
    const eslint = new ESLint({ cwd: process.cwd() });
    const out = [];
    for (const f of fixtures) {
      const [result] = await eslint.lintText(f.code, { filePath: f.filePath });
      out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
    }
    process.stdout.write(JSON.stringify(out));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, env: { ...process.env, FIXTURES: JSON.stringify(fixtures) }, encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`eslint failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

const ANALYSIS = "analysis/ is pure: it imports only its own modules (./…) and the contract's data (../contract/…), no node: module, no package, nothing else.";
const CONTRACT = 'contract/ is data that the exporter, the panel and provisioning all import: it imports only its own modules (./…).';
const PANEL_DATA = "data/ turns frames into a view model; it never imports a component.";
const PROBES = 'probes never import the HTTP server: the agent wires them.';
const MEMBERSHIP = 'membership/ is pure: it imports only its own modules (./…), the pure analysis (../analysis/…) and the contract (../contract/…); discovery and sockets live in agent/.';

test('each wall reports a forbidden import and lets an allowed one pass', () => {
  const messages = restrictedImports([
    { filePath: 'exporter/src/analysis/fixture.ts', code: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n" },
    { filePath: 'exporter/src/analysis/fixture.ts', code: "import { createSocket } from 'dgram';\nexport const x = createSocket;\n" },
    { filePath: 'exporter/src/analysis/fixture.ts', code: "import type { Config } from '../config/load';\nexport type X = Config;\n" },
    { filePath: 'exporter/src/analysis/fixture.ts', code: "import { quorumOf } from './membership';\nexport const x = quorumOf;\n" },
    { filePath: 'exporter/src/analysis/fixture.ts', code: "import { ROLES } from '../contract/vocabulary';\nexport const x = ROLES;\n" },
    { filePath: 'exporter/src/contract/fixture.ts', code: "import { createMetrics } from '../metrics/registry';\nexport const x = createMetrics;\n" },
    { filePath: 'exporter/src/contract/fixture.ts', code: "import { SERVER_LABEL } from './labels';\nexport const x = SERVER_LABEL;\n" },
    { filePath: 'panel-plugin/src/data/fixture.ts', code: "import { MatrixPanel } from '../components/MatrixPanel';\nexport const x = MatrixPanel;\n" },
    { filePath: 'panel-plugin/src/data/fixture.ts', code: "import { memoizeLast } from './memoizeLast';\nexport const x = memoizeLast;\n" },
    { filePath: 'exporter/src/probes/fixture.ts', code: "import { createApp } from '../server/app';\nexport const x = createApp;\n" },
    { filePath: 'exporter/src/probes/fixture.ts', code: "import { withDeadline } from './deadline';\nexport const x = withDeadline;\n" },
    { filePath: 'exporter/src/membership/fixture.ts', code: "import { Resolver } from 'node:dns/promises';\nexport const x = Resolver;\n" },
    { filePath: 'exporter/src/membership/fixture.ts', code: "import type { Config } from '../config/load';\nexport type X = Config;\n" },
    { filePath: 'exporter/src/membership/fixture.ts', code: "import { compareNames } from '../analysis/membership';\nexport const x = compareNames;\n" },
  ]);
  expect(messages).toEqual([
    [expect.stringContaining(ANALYSIS)],
    [expect.stringContaining(ANALYSIS)],
    [expect.stringContaining(ANALYSIS)],
    [],
    [],
    [expect.stringContaining(CONTRACT)],
    [],
    [expect.stringContaining(PANEL_DATA)],
    [],
    [expect.stringContaining(PROBES)],
    [],
    [expect.stringContaining(MEMBERSHIP)],
    [expect.stringContaining(MEMBERSHIP)],
    [],
  ]);
});
