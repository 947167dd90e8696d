// Unit tests: pure functions beside the code, nothing started.
module.exports = {
  reporters: ['default', ['<rootDir>/tools/jest-summary-reporter.js', { name: 'unit' }]],
  ...require('./jest.preset'),
  displayName: 'unit',
  testMatch: ['<rootDir>/{apps,libs,deploy}/**/*.spec.ts', '<rootDir>/tools/**/*.spec.js'],
};
