/**
 * scripts/run-jest.sh's leftover check looks only at what its own run made: another process's
 * `cdktf.outdir.*` in the system temp folder must not turn a green run red, while a staging folder
 * the run's own tests leak is reported. Runs the wrapper on small throw-away test files.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(process.env.ATLAS_PL_TEST_TMP ?? tmpdir(), 'run-jest-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runJest(name: string, body: string) {
  const cases = join(work, `${name}-cases`);
  const systemTmp = join(work, `${name}-system-tmp`);
  mkdirSync(cases);
  mkdirSync(systemTmp);
  writeFileSync(join(cases, `${name}.test.ts`), body);
  const run = spawnSync('bash', [join(ROOT, 'scripts', 'run-jest.sh'), '--roots', cases, '--ci'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, TMPDIR: systemTmp, FOREIGN_TMP: systemTmp },
  });
  return { status: run.status, stderr: run.stderr, systemTmp };
}

test("another process's cdktf.outdir.* in the system temp folder, made during the run, leaves the run green", () => {
  const run = runJest(
    'foreign',
    `import { mkdtempSync } from 'fs';
     import { join } from 'path';
     test('passes while someone else synthesizes', () => {
       mkdtempSync(join(process.env.FOREIGN_TMP as string, 'cdktf.outdir.'));
       mkdtempSync(join(process.env.FOREIGN_TMP as string, '.synth-'));
     });`,
  );
  // stderr in the comparison, so a failure shows why the nested run went red
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: expect.not.stringMatching(/left|FAIL/) });
  expect(readdirSync(run.systemTmp).filter((n) => n.startsWith('atlas-pl-test.'))).toEqual([]); // its own folder is removed
}, 120_000);

test('a staging folder the run itself leaks is reported and fails the run', () => {
  const run = runJest(
    'leak',
    `import { mkdtempSync } from 'fs';
     import { tmpdir } from 'os';
     import { join } from 'path';
     test('passes but leaks a synth staging folder', () => {
       mkdtempSync(join(tmpdir(), '.synth-'));
     });`,
  );
  expect(run.stderr).toMatch(/run-jest: the tests left staging folders behind:\n.*\/\.synth-\w+/);
  expect(run.status).toBe(1);
}, 120_000);
