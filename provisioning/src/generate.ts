/**
 * `npm run generate [-- --config my.yaml] [--out dir/] [--runbook-base URL] [--check]`: writes
 * every generated file from the typed sources (into the repository, or under --out with the same
 * relative paths), or with --check lists the stale ones and exits 1.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generateAll } from './outputs';
import { settingsFromYaml } from './generator-config';
import { DEFAULT_SETTINGS, type GeneratorSettings } from './settings';

const ROOT = resolve(__dirname, '..', '..');

function parseArgs(argv: readonly string[]): { settings: GeneratorSettings; check: boolean; out: string; custom: boolean } {
  let settings = DEFAULT_SETTINGS;
  let check = false;
  let out = ROOT;
  let custom = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--check') check = true;
    else if (arg === '--config') {
      const file = argv[index + 1];
      if (file === undefined) throw new Error('--config needs a YAML file (see docs/alerts.md, "Configuring the bundle")');
      settings = settingsFromYaml(readFileSync(file, 'utf8'), file);
      custom = true;
      index += 1;
    } else if (arg === '--out') {
      const dir = argv[index + 1];
      if (dir === undefined) throw new Error('--out needs a directory');
      out = resolve(dir);
      index += 1;
    } else if (arg === '--runbook-base') {
      const value = argv[index + 1];
      if (value === undefined) throw new Error('--runbook-base needs a URL, e.g. --runbook-base https://git.example.com/you/netsplit/blob/main/');
      settings = { ...settings, runbookBaseUrl: value };
      index += 1;
    } else throw new Error(`unknown argument ${arg}: use --config FILE, --out DIR, --runbook-base URL or --check`);
  }
  return { settings, check, out, custom };
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function main(): number {
  const { settings, check, out, custom } = parseArgs(process.argv.slice(2));
  const files = generateAll(settings, { ruleTests: !custom });
  const stale = [...files].filter(([path, content]) => readOrUndefined(join(out, path)) !== content).map(([path]) => path);
  if (check) {
    for (const path of stale) console.error(`stale: ${path} (run npm run generate)`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const path of stale) {
    const target = join(out, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, files.get(path) ?? '');
  }
  console.log(`${files.size} files generated, ${stale.length} changed`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  // A wrong config or argument: the message names the key and the fix; no stack trace.
  console.error((error as Error).message);
  process.exitCode = 2;
}
