// The panel's unit tests: jsdom (Grafana's packages need a DOM), the panel's own swc options,
// stylesheets mapped away. Works from the repository root (`jest --selectProjects panel`)
// and from this folder (`npm test -w panel-plugin`).
const swcOptions = require('./swc.config.js');

module.exports = {
  displayName: 'panel',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  setupFiles: ['<rootDir>/test/setup/browserStubs.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/jestDom.ts'],
  moduleNameMapper: { '\\.(css|scss|sass)$': 'identity-obj-proxy' },
  transform: { '^.+\\.(t|j)sx?$|^.+\\.mjs$': ['@swc/jest', swcOptions({ module: 'commonjs' })] },
  // Grafana's packages ship ES modules (.mjs) in places; let swc turn them into CommonJS too.
  transformIgnorePatterns: ['/node_modules/(?!(@grafana|ol|d3|d3-.*|internmap|marked|react-colorful|uuid|@kusto|@wojtekmaj/date-utils|mimic-function|memoize|get-user-locale|react-calendar|monaco-promql)/)'],
};
