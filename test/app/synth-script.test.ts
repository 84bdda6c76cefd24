/**
 * `npm run synth` (scripts/synth.sh) runs the app in-process: it must write what `cdktf synth`
 * writes for the same config (the layout `cdktf deploy` reads), say what it wrote in one line, and
 * turn every usage problem (arguments, the output folder, the config file) into one line and exit 2.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'synth.sh');

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(cmd, args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, npm_lifecycle_event: '', CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', ...env },
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

  test('prints one line on success: where it wrote, which stack, from which config', () => {
    const out = join(work, 'one-line');
    const result = run('bash', [SCRIPT, '--output', out], { ATLAS_PL_CONFIG: join(ROOT, 'config', 'example.json') });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`synth: wrote ${out}/stacks/atlas-private-link/cdk.tf.json (stack atlas-private-link, config ${join(ROOT, 'config', 'example.json')})\n`);
  }, 60_000);

  test.each([
    ['a file', () => {
      writeFileSync(join(work, 'a-file'), 'x');
      return join(work, 'a-file');
    }, (p: string) => `${p} is a file, not a directory`],
    ['below /proc', () => '/proc/atlas-pl-x/out', (p: string) => `${p} cannot be created: ENOENT (a parent cannot hold folders)`],
    ['a dangling link', () => {
      symlinkSync(join(work, 'nowhere'), join(work, 'dangling'));
      return join(work, 'dangling');
    }, (p: string) => `${p} is a dangling symbolic link (to ${join(work, 'nowhere')}); remove it or create its target`],
  ])('--output at %s: exit 2, one line, no stack trace', (_name, make, message) => {
    const out = make();
    const result = run('bash', [SCRIPT, '--output', out], { ATLAS_PL_CONFIG: join(ROOT, 'config', 'example.json') });
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 2, stdout: '' });
    expect(result.stderr).toBe(`error: output folder (--output, CDKTF_OUTDIR) ${message(out)}\n`);
  }, 60_000);

  test.each([
    ['a config file that is /dev/zero', '/dev/zero', /^error: config file: \/dev\/zero is a device, not a config file \(a regular JSON file\)\n$/],
    ['a bad config', join(ROOT, 'test', 'fixtures', 'no-such-config.json'), /^error: config file: cannot read .*no-such-config\.json: ENOENT\n$/],
  ])('%s: exit 2, and the output folder (and its parents) are not created', (_name, config, message) => {
    const out = join(work, 'never', 'out');
    const result = run('bash', [SCRIPT, '--output', out], { ATLAS_PL_CONFIG: config });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(join(work, 'never'))).toBe(false);
  }, 60_000);

  test('a config the constructs reject: exit 2, and the folders made for the output are removed', () => {
    const bad = join(work, 'bad-timeout.json');
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync(join(ROOT, 'config', 'example.json'), 'utf8')), timeouts: { service: 'an hour' } }));
    const result = run('bash', [SCRIPT, '--output', join(work, 'made', 'out')], { ATLAS_PL_CONFIG: bad });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/timeouts\.service: "an hour" is not a Terraform duration/);
    expect(existsSync(join(work, 'made'))).toBe(false);
  }, 60_000);

  test('under npm run synth, --output and ATLAS_PL_CONFIG are read from the folder npm was called in (INIT_CWD)', () => {
    const caller = join(work, 'caller');
    mkdirSync(caller);
    writeFileSync(join(caller, 'mine.json'), readFileSync(join(ROOT, 'config', 'example.json')));
    const result = run('bash', [SCRIPT, '--output', 'out'], { npm_lifecycle_event: 'synth', INIT_CWD: caller, ATLAS_PL_CONFIG: 'mine.json' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('synth: wrote out/stacks/atlas-private-link/cdk.tf.json (stack atlas-private-link, config mine.json)\n');
    expect(readdirSync(join(caller, 'out', 'stacks'))).toEqual(['atlas-private-link']);
    expect(existsSync(join(ROOT, 'out'))).toBe(false);
  }, 60_000);

  test.each([['--bogus'], ['--output'], ['--output', '--hcl'], ['--output=']])('%p is a usage error naming the argument', (...args) => {
    const result = run('bash', [SCRIPT, ...args]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^synth: (unknown argument '${args[0]}'|--output: expected a directory)`));
  });
});
