// Snapshots live in the top-level __snapshots__/ folder, one file per test file, named by its path under test/.
const path = require('path');

const root = path.resolve(__dirname, '..');
const testDir = path.join(root, 'test');
const snapDir = path.join(root, '__snapshots__');

module.exports = {
  resolveSnapshotPath: (testPath, ext) =>
    path.join(snapDir, path.relative(testDir, testPath).split(path.sep).join('__') + ext),
  resolveTestPath: (snapPath, ext) =>
    path.join(testDir, path.basename(snapPath, ext).split('__').join(path.sep)),
  testPathForConsistencyCheck: path.join(testDir, 'lib', 'example.test.ts'),
};
