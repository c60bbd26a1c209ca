/**
 * The panel as Grafana installs it: `npm run package -w panel-plugin` builds the panel and zips
 * dist/ under one folder named by the plugin id. Read back with Info-ZIP's unzip (another
 * implementation than the one that wrote it), then extracted and compared with dist/.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../lab/exporter-build';

jest.setTimeout(300_000);

const PLUGIN = join(REPO_ROOT, 'panel-plugin');
const ZIP = join(PLUGIN, 'artifacts', 'netsplit-matrix-panel-0.1.0.zip');
const scratch = mkdtempSync(join(tmpdir(), 'netsplit-plugin-zip-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function mustRun(command: string, args: readonly string[], cwd = REPO_ROOT): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
  if (result.error !== undefined) throw new Error(`${command}: ${result.error.message} (apt-get install unzip)`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe('Grafana plugin zip', () => {
  beforeAll(() => {
    mustRun('npm', ['run', 'package', '-w', 'panel-plugin']);
  });

  it('holds one folder named by the plugin id with plugin.json, module.js, LICENSE, README, CHANGELOG and images', () => {
    expect(mustRun('unzip', ['-Z1', ZIP]).trim().split('\n')).toEqual([
      'netsplit-matrix-panel/',
      'netsplit-matrix-panel/CHANGELOG.md',
      'netsplit-matrix-panel/LICENSE',
      'netsplit-matrix-panel/README.md',
      'netsplit-matrix-panel/img/',
      'netsplit-matrix-panel/img/logo.svg',
      'netsplit-matrix-panel/img/screenshot-halves-dark.png',
      'netsplit-matrix-panel/module.js',
      'netsplit-matrix-panel/module.js.LICENSE.txt',
      'netsplit-matrix-panel/module.js.map',
      'netsplit-matrix-panel/plugin.json',
    ]);
    expect(mustRun('unzip', ['-tq', ZIP])).toBe('No errors detected in compressed data of ' + ZIP + '.\n');
  });

  it("extracts to the built files; plugin.json's id is the folder's name and its version the package's", () => {
    mustRun('unzip', ['-q', ZIP, '-d', scratch]);
    const folder = join(scratch, 'netsplit-matrix-panel');
    const pluginJson = JSON.parse(readFileSync(join(folder, 'plugin.json'), 'utf8')) as { id: string; type: string; info: { version: string } };
    expect([pluginJson.id, pluginJson.type, pluginJson.info.version]).toEqual(['netsplit-matrix-panel', 'panel', '0.1.0']);
    for (const file of ['module.js', 'plugin.json', 'README.md', 'img/logo.svg']) {
      expect(readFileSync(join(folder, file)).equals(readFileSync(join(PLUGIN, 'dist', file)))).toBe(true);
    }
    expect(readFileSync(join(folder, 'LICENSE'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8'));
  });

  it('is the same archive, byte for byte, when zipped again from the same build', () => {
    const first = readFileSync(ZIP);
    mustRun('npm', ['run', 'package', '-w', 'panel-plugin', '--', '--no-build']);
    expect(readFileSync(ZIP).equals(first)).toBe(true);
  });
});
