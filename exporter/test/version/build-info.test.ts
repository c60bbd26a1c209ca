/**
 * `--version` names the commit a build came from: scripts/build.mjs records it in
 * dist/build-info.json, readBuildInfo reads it back and never guesses.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBuildInfo, versionLine } from '../../src/version';

const dir = mkdtempSync(join(tmpdir(), 'netsplit-build-info-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const withFile = (text: string) => {
  writeFileSync(join(dir, 'build-info.json'), text);
  return readBuildInfo(dir);
};

describe('readBuildInfo', () => {
  it('reads the recorded commit and whether the checkout was modified', () => {
    expect(withFile('{"commit":"6ac1178b3e9d4b2f4c1a0e2f7d8c9b0a1e2f3d4c","modified":false}\n')).toEqual({ commit: '6ac1178b3e9d4b2f4c1a0e2f7d8c9b0a1e2f3d4c', modified: false });
    expect(withFile('{"commit":"6ac1178","modified":true}')).toEqual({ commit: '6ac1178', modified: true });
    expect(withFile('{"commit":"unknown","modified":false}')).toEqual({ commit: 'unknown', modified: false });
  });

  it('is "unknown" without the file (run from the sources) and for anything that is not a commit id', () => {
    expect(readBuildInfo(join(dir, 'missing'))).toEqual({ commit: 'unknown', modified: false });
    expect(withFile('not json')).toEqual({ commit: 'unknown', modified: false });
    expect(withFile('{"commit":"main; rm -rf /","modified":true}')).toEqual({ commit: 'unknown', modified: false });
    expect(withFile('{"commit":42}')).toEqual({ commit: 'unknown', modified: false });
    expect(withFile('null')).toEqual({ commit: 'unknown', modified: false });
  });
});

describe('versionLine', () => {
  it('prints the version and the commit, and says when the build had uncommitted changes', () => {
    expect(versionLine('0.1.0', { commit: '6ac1178', modified: false })).toBe('netsplit-exporter 0.1.0 (commit 6ac1178)');
    expect(versionLine('0.1.0', { commit: '6ac1178', modified: true })).toBe('netsplit-exporter 0.1.0 (commit 6ac1178, with uncommitted changes)');
    expect(versionLine('0.1.0', { commit: 'unknown', modified: false })).toBe('netsplit-exporter 0.1.0 (commit unknown)');
  });
});
