// Writes each project's test totals to .test-results/<name>.json so that `npm test` can print one
// line with the totals of every jest run (Nx restores the file from cache with the test target).
const fs = require('node:fs');
const path = require('node:path');

class TotalsReporter {
  constructor(_globalConfig, options) {
    this.name = (options && options.name) || 'unknown';
  }

  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '..', '.test-results');
    fs.mkdirSync(dir, { recursive: true });
    const totals = {
      project: this.name,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suites: results.numTotalTestSuites,
    };
    fs.writeFileSync(path.join(dir, `${this.name}.json`), JSON.stringify(totals) + '\n');
  }
}

module.exports = TotalsReporter;
