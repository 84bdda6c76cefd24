/**
 * `main.ts`, as `cdktf synth` runs it: a bad config exits 2 with one line naming the file and the
 * field, and marks the earlier output stale; the next good synth clears the marks.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'app-main-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function synth(configPath: string, outdir: string) {
  return spawnSync(process.execPath, ['-r', join(ROOT, 'test/harness/ts-register.js'), join(ROOT, 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ATLAS_PL_CONFIG: configPath, CDKTF_OUTDIR: outdir, SYNTH_HCL_OUTPUT: 'false' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

test('a bad config: exit 2, one line, earlier output marked stale; a good one clears the marks', () => {
  const outdir = join(work, 'cdktf.out');
  const good = synth(join(ROOT, 'config', 'example.json'), outdir);
  expect({ status: good.status, stderr: good.stderr }).toEqual({ status: 0, stderr: '' });
  const stackDir = join(outdir, 'stacks', 'atlas-private-link');
  expect(readdirSync(stackDir)).toEqual(['cdk.tf.json']);

  const bad = join(work, 'bad.json');
  writeFileSync(bad, JSON.stringify({ atlas: { projectId: '64b7f2c1e4b0a1d2c3f4a5b6' }, azure: { resourceGroupName: 'rg' }, timeouts: { service: 'an hour' }, endpoints: [{ region: 'eastus2', subnetId: '/x' }] }));
  const failed = synth(bad, outdir);
  expect(failed.status).toBe(2);
  expect(failed.stdout).toBe('');
  expect(failed.stderr).toMatch(/^error: .*bad\.json: timeouts\.service: "an hour" is not a Terraform duration[^\n]*\n$/);
  expect(readdirSync(stackDir).sort()).toEqual(['STALE.md', 'cdk.tf.json.stale']);

  const again = synth(join(ROOT, 'config', 'example.json'), outdir);
  expect(again.status).toBe(0);
  expect(readdirSync(stackDir)).toEqual(['cdk.tf.json']);
  expect(existsSync(join(stackDir, 'STALE.md'))).toBe(false);
}, 120_000);

test('stacks of another config synthesized into the same folder before are marked stale, not left looking fresh', () => {
  const outdir = join(work, 'two-configs');
  expect(synth(join(ROOT, 'config', 'example.json'), outdir).status).toBe(0);
  expect(synth(join(ROOT, 'config', 'two-endpoints.json'), outdir).status).toBe(0);
  const stacks = join(outdir, 'stacks');
  expect(readdirSync(join(stacks, 'atlas-private-link-multi-region'))).toEqual(['cdk.tf.json']);
  expect(readdirSync(join(stacks, 'atlas-private-link')).sort()).toEqual(['STALE.md', 'cdk.tf.json.stale']);
  expect(readFileSync(join(stacks, 'atlas-private-link', 'STALE.md'), 'utf8')).toContain('did not produce this stack');
  expect(synth(join(ROOT, 'config', 'example.json'), outdir).status).toBe(0);
  expect(readdirSync(join(stacks, 'atlas-private-link'))).toEqual(['cdk.tf.json']);
  expect(readdirSync(join(stacks, 'atlas-private-link-multi-region')).sort()).toEqual(['STALE.md', 'cdk.tf.json.stale']);
}, 120_000);
