// @ts-check
// Prints one plain closing line per jest run ("unit: 120 passed, 0 failed") that any CI can read.
'use strict';

class SummaryReporter {
  /** @param {unknown} _globalConfig @param {{ name?: string }} options */
  constructor(_globalConfig, options) {
    this.name = options?.name ?? 'tests';
  }

  /** @param {unknown} _contexts @param {{ numPassedTests: number, numFailedTests: number, numPendingTests: number }} results */
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests ? `, ${results.numPendingTests} skipped` : '';
    process.stdout.write(`\n${this.name}: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped}\n`);
  }
}

module.exports = SummaryReporter;
