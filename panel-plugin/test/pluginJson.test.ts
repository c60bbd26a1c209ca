/**
 * dist/plugin.json against the plugin.json schema from grafana/plugin-validator, vendored in
 * test/schemas/ with its source and licence (draft-07, which Ajv's default class speaks).
 * Needs `npm run build` first: the build stamps version and date into the copy in dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const repoRoot = resolve(__dirname, '..', '..');
const schemaPath = resolve(__dirname, 'schemas', 'grafana-plugin.schema.json');
const distPluginJson = resolve(repoRoot, 'panel-plugin', 'dist', 'plugin.json');

function readJson(path: string, hint: string): Record<string, unknown> {
  if (!existsSync(path)) throw new Error(`${path} is missing: ${hint}`);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

test('dist/plugin.json is valid against the plugin.json schema', () => {
  const schema = readJson(schemaPath, 'the vendored schema belongs to the repository (panel-plugin/test/schemas)');
  const pluginJson = readJson(distPluginJson, 'run `npm run build -w panel-plugin` first');
  // The schema's id pattern escapes '-' (\-), which JavaScript rejects in unicode mode.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const valid = validate(pluginJson);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
});

test('dist/plugin.json names the panel, its logos and the Grafana it needs', () => {
  const pluginJson = readJson(distPluginJson, 'run `npm run build -w panel-plugin` first') as {
    id: string;
    type: string;
    info: { version: string; updated: string; logos: { small: string; large: string } };
    dependencies: { grafanaDependency: string };
  };
  expect(pluginJson.id).toBe('netsplit-matrix-panel');
  expect(pluginJson.type).toBe('panel');
  expect(pluginJson.info.version).toBe('0.1.0');
  expect(pluginJson.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(pluginJson.info.logos).toEqual({ small: 'img/logo.svg', large: 'img/logo.svg' });
  expect(pluginJson.dependencies.grafanaDependency).toBe('>=11.0.0');
  for (const file of ['module.js', 'img/logo.svg', 'img/screenshot-halves-dark.png', 'README.md', 'CHANGELOG.md']) expect(existsSync(resolve(repoRoot, 'panel-plugin', 'dist', file))).toBe(true);
});
