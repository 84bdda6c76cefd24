/** Jest runs TypeScript through @swc/jest (no type-check: `tsc --noEmit` does that once). */
const { availableParallelism } = require('os');

module.exports = {
  // At least two workers even on 2 cores (Jest's default there is one): the slow suites spend much
  // of their time waiting on their children (terraform, the replay provider, Knot, FerretDB), and
  // every suite owns its temp folders, namespaces and ports, so two run side by side safely.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  testSequencer: '<rootDir>/test/sequencer.js',
  snapshotResolver: '<rootDir>/test/snapshot-resolver.js',
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testTimeout: 60000,
  // Outside the per-run TMPDIR (which run-jest.sh deletes) so transforms are cached between runs.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};
