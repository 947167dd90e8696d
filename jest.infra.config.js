// Integration and end-to-end tests: one real Kafka broker and one MongoDB-wire server for the run
// (KAFKA_BROKERS/MONGO_URL when set, testcontainers where Docker answers, else infra/local).
const preset = require('./jest.preset');

module.exports = {
  reporters: ['default', ['<rootDir>/tools/jest-summary-reporter.js', { name: 'integration+e2e' }]],
  rootDir: __dirname,
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  projects: [
    { ...preset, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts', '<rootDir>/tools/**/*.int-spec.js', '<rootDir>/infra/**/*.int-spec.js'] },
    { ...preset, displayName: 'e2e', testMatch: ['<rootDir>/apps/pipeline-e2e/**/*.e2e-spec.ts'] },
  ],
};
