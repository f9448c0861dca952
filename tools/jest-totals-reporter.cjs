// Writes each jest run's totals to .test-results/<project root>/<target>.json (e.g.
// .test-results/packages/auth/test.json) so that `npm test` can print one line with the totals of
// every run. The path matches the Nx targets' `outputs`, so a cache hit restores the file too.
const fs = require('node:fs');
const path = require('node:path');

const workspaceRoot = path.join(__dirname, '..');

class TotalsReporter {
  constructor(globalConfig, options) {
    this.name = (options && options.name) || 'unknown';
    this.target = (options && options.target) || 'test';
    this.projectRoot = path.relative(workspaceRoot, globalConfig.rootDir);
  }

  onRunComplete(_contexts, results) {
    const dir = path.join(workspaceRoot, '.test-results', this.projectRoot);
    fs.mkdirSync(dir, { recursive: true });
    const totals = {
      project: this.name,
      target: this.target,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suites: results.numTotalTestSuites,
    };
    fs.writeFileSync(path.join(dir, `${this.target}.json`), JSON.stringify(totals) + '\n');
  }
}

module.exports = TotalsReporter;
