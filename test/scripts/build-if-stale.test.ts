/**
 * `cdktf synth/deploy` run cdktf.json's "app": it must compile first when a source changed, or
 * cdktf would deploy a stale dist/ while the user edits main.ts or lib/. scripts/build-if-stale.sh
 * is that step (npm run synth uses it too); it is run here in a throw-away package with a fake
 * compiler, so the test never rebuilds this tree's dist/.
 */
import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(process.env.ATLAS_PL_TEST_TMP ?? tmpdir(), 'build-if-stale-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('cdktf.json runs the build step before the app', () => {
  const app = JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')).app;
  expect(app).toBe('bash scripts/build-if-stale.sh && node dist/main.js');
});

test('compiles when a source is newer than the build, and only then', () => {
  const pkg = join(work, 'pkg');
  for (const dir of ['scripts', 'dist', 'lib', 'handoff']) mkdirSync(join(pkg, dir), { recursive: true });
  copyFileSync(join(ROOT, 'scripts', 'build-if-stale.sh'), join(pkg, 'scripts', 'build-if-stale.sh'));
  const old = new Date(Date.now() - 60_000);
  for (const f of ['lib/x.ts', 'handoff/y.ts']) {
    writeFileSync(join(pkg, f), '');
    utimesSync(join(pkg, f), old, old);
  }
  writeFileSync(join(pkg, 'dist', 'main.js'), '');
  const built = join(pkg, 'built');
  // Run from another folder, as cdktf may: the script works in its package root.
  const run = () => spawnSync('bash', [join(pkg, 'scripts', 'build-if-stale.sh')], { cwd: work, env: { ...process.env, ATLAS_PL_BUILD_CMD: `touch ${built}` } });

  expect(run().status).toBe(0);
  expect(existsSync(built)).toBe(false); // up to date

  for (const f of ['lib/x.ts', 'handoff/y.ts']) {
    rmSync(built, { force: true });
    utimesSync(join(pkg, f), new Date(), new Date(Date.now() + 5_000));
    expect(run().status).toBe(0);
    expect(existsSync(built)).toBe(true); // a source edited after the build
    utimesSync(join(pkg, f), old, old);
  }

  rmSync(join(pkg, 'dist', 'main.js'));
  rmSync(built, { force: true });
  expect(run().status).toBe(0);
  expect(existsSync(built)).toBe(true); // never built
});
