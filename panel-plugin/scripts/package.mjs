#!/usr/bin/env node
/**
 * `npm run package -w panel-plugin`: builds the panel and zips dist/ the way Grafana installs a
 * plugin — one top folder named by the plugin id (plugin.json, module.js, LICENSE, README,
 * CHANGELOG and images inside) — as artifacts/<id>-<version>.zip. Unzip it into Grafana's
 * plugins folder (docs/panel.md). `--no-build` zips the dist/ that is there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

const pluginDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(pluginDir, 'dist');
/** What Grafana and its plugin validator look for in every plugin archive. */
const REQUIRED = ['plugin.json', 'module.js', 'LICENSE', 'README.md'];

if (!process.argv.includes('--no-build')) {
  const built = spawnSync('npm', ['run', 'build'], { cwd: pluginDir, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const missing = REQUIRED.filter((file) => !existsSync(join(dist, file)));
if (missing.length > 0) {
  console.error(`${dist} lacks ${missing.join(', ')}: run npm run build -w panel-plugin (or drop --no-build)`);
  process.exit(2);
}
const { id, info } = JSON.parse(readFileSync(join(dist, 'plugin.json'), 'utf8'));
const files = (dir) => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
// Fixed times make the archive depend on the files alone (zip stores DOS times from 1980 on).
const mtime = new Date('1980-01-01T00:00:00Z');
const paths = files(dist).map((file) => `${id}/${relative(dist, file).split('\\').join('/')}`);
// Folder entries too (`id/`, `id/img/`), as zip tools write them: some extractors need them.
const folders = new Set(paths.flatMap((path) => path.split('/').slice(0, -1).map((_, i, parts) => `${parts.slice(0, i + 1).join('/')}/`)));
const entries = Object.fromEntries(
  [...folders, ...paths].sort().map((path) => [path, [path.endsWith('/') ? new Uint8Array(0) : readFileSync(join(dist, path.slice(id.length + 1))), { mtime }]]),
);
const out = join(pluginDir, 'artifacts', `${id}-${info.version}.zip`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, zipSync(entries, { level: 9 }));
console.log(`${relative(process.cwd(), out)}: ${paths.length} files under ${id}/`);
