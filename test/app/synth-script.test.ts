/**
 * `npm run synth` (scripts/synth.sh) runs the app in-process: it must write what `cdktf synth`
 * writes for the same config (the layout `cdktf deploy` reads), and reject unknown arguments.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'synth.sh');

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(cmd, args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', ...env },
  });
}

/** Every stack's synthesized JSON and the manifest's stack list, by stack name. */
function synthesized(outdir: string): Record<string, unknown> {
  const stacks = readdirSync(join(outdir, 'stacks')).sort();
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  return {
    manifestStacks: Object.keys(manifest.stacks).sort(),
    ...Object.fromEntries(stacks.map((s) => [s, JSON.parse(readFileSync(join(outdir, 'stacks', s, 'cdk.tf.json'), 'utf8'))])),
  };
}

describe('npm run synth', () => {
  const work = mkdtempSync(join(process.env.ATLAS_PL_TEST_TMP ?? '/tmp', 'synth-script-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test.each(['example', 'two-endpoints'])('writes what cdktf synth writes for config/%s.json', (name) => {
    const env = { ATLAS_PL_CONFIG: join(ROOT, 'config', `${name}.json`) };
    const ours = run('bash', [SCRIPT, '--output', join(work, `${name}-ours`)], env);
    expect(ours.stderr).toBe('');
    expect(ours.status).toBe(0);
    const cli = run(join(ROOT, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', join(work, `${name}-cli`)], env);
    expect(cli.status).toBe(0);
    expect(synthesized(join(work, `${name}-ours`))).toEqual(synthesized(join(work, `${name}-cli`)));
  }, 120_000);

  test.each([['--bogus'], ['--output'], ['--output', '--hcl'], ['--output=']])('%p is a usage error naming the argument', (...args) => {
    const result = run('bash', [SCRIPT, ...args]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^synth: (unknown argument '${args[0]}'|--output: expected a directory)`));
  });
});
