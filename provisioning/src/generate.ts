/**
 * `npm run generate [-- --runbook-base URL] [-- --check]`: writes every generated file from the
 * typed sources, or with --check lists the stale ones and exits 1.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generateAll } from './outputs';
import { DEFAULT_SETTINGS, type GeneratorSettings } from './settings';

const ROOT = resolve(__dirname, '..', '..');

function parseArgs(argv: readonly string[]): { settings: GeneratorSettings; check: boolean } {
  let settings = DEFAULT_SETTINGS;
  let check = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--check') check = true;
    else if (arg === '--runbook-base') {
      const value = argv[index + 1];
      if (value === undefined) throw new Error('--runbook-base needs a URL, e.g. --runbook-base https://git.example.com/you/netsplit/blob/main/');
      settings = { ...settings, runbookBaseUrl: value };
      index += 1;
    } else throw new Error(`unknown argument ${arg}: use --runbook-base URL or --check`);
  }
  return { settings, check };
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function main(): number {
  const { settings, check } = parseArgs(process.argv.slice(2));
  const files = generateAll(settings);
  const stale = [...files].filter(([path, content]) => readOrUndefined(join(ROOT, path)) !== content).map(([path]) => path);
  if (check) {
    for (const path of stale) console.error(`stale: ${path} (run npm run generate)`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const path of stale) {
    const target = join(ROOT, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, files.get(path) ?? '');
  }
  console.log(`${files.size} files generated, ${stale.length} changed`);
  return 0;
}

process.exitCode = main();
