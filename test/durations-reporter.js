// Prints how long each test file took, slowest first, after every jest run (also `npm test`), so
// the files that make a run slow are visible without re-running anything. A jest reporter: it
// only reads the results jest hands it; files that failed to run are listed with their status.
const SHOWN = 25;

class DurationsReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.files = [];
  }

  onTestResult(_test, result) {
    const seconds = (result.perfStats.end - result.perfStats.start) / 1000;
    const status = result.testExecError ? 'error' : result.numFailingTests > 0 ? 'failed' : 'passed';
    this.files.push({ path: result.testFilePath.replace(`${this.rootDir}/`, ''), seconds, status });
  }

  onRunComplete() {
    if (this.files.length === 0) return;
    const slowest = [...this.files].sort((a, b) => b.seconds - a.seconds);
    const total = this.files.reduce((sum, f) => sum + f.seconds, 0);
    const lines = slowest.slice(0, SHOWN).map((f) => `${f.seconds.toFixed(1).padStart(8)} s  ${f.status.padEnd(6)}  ${f.path}`);
    const rest = slowest.length > SHOWN ? [`          … and ${slowest.length - SHOWN} more files under ${slowest[SHOWN - 1].seconds.toFixed(1)} s`] : [];
    console.log([`\nTest files by duration (${this.files.length} files, ${total.toFixed(1)} s summed):`, ...lines, ...rest].join('\n'));
  }
}

module.exports = DurationsReporter;
