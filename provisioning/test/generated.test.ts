import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateAll } from '../src/outputs';
import { DEFAULT_SETTINGS } from '../src/settings';
import { ROOT, readRepoFile } from './tools';

const files = generateAll(DEFAULT_SETTINGS);

describe('generated files', () => {
  it.each([...files.keys()])('%s is checked in and up to date (else: npm run generate)', (path) => {
    expect(readRepoFile(path)).toBe(files.get(path));
  });

  it.each(['dashboards', 'docs/runbook', 'provisioning/prometheus/rules', 'provisioning/grafana/alerting'])(
    '%s holds no file the generator does not write (no orphans of renamed alerts)',
    (dir) => {
      const present = readdirSync(join(ROOT, dir)).map((name) => `${dir}/${name}`);
      expect(present.filter((path) => !files.has(path))).toEqual([]);
    },
  );

  it('writes one runbook page per alert and the two dashboards', () => {
    const paths = [...files.keys()];
    expect(paths.filter((path) => path.startsWith('docs/runbook/'))).toHaveLength(26);
    expect(paths.filter((path) => path.startsWith('dashboards/')).sort()).toEqual(['dashboards/netsplit-node.json', 'dashboards/netsplit-overview.json']);
  });

  it('puts the runbook base in front of every runbook_url', () => {
    const rules = generateAll({ ...DEFAULT_SETTINGS, runbookBaseUrl: 'https://git.example.com/ops/netsplit/blob/main/' }).get(
      'provisioning/prometheus/rules/netsplit-alerts.yml',
    );
    expect(rules).toContain('runbook_url: https://git.example.com/ops/netsplit/blob/main/docs/runbook/partition-detected.md');
    expect(files.get('provisioning/prometheus/rules/netsplit-alerts.yml')).toContain('runbook_url: https://runbooks.example.com/netsplit/docs/runbook/partition-detected.md');
  });
});
