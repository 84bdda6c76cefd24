/**
 * The replay provider cannot pass for the real one: applying a handoff bundle with real-looking
 * (fake) credentials in the environment and no opt-in is refused before anything is created,
 * naming the variables and never their values; with ATLAS_PL_REPLAY_ACCEPT_CREDENTIALS=1 the
 * apply runs and its output says it was simulated. scripts/offline-terraform.sh runs one command
 * on the replay mirror, announces the simulation and flags the lock file it wrote.
 */
import { spawnSync } from 'child_process';
import { existsSync, rmSync } from 'fs';
import { join } from 'path';
import { REPO_ROOT } from './support/configs';
import { describeWithReplay, EngineDir, replayEnv } from './support/engine';
import { handoffBundle, mustRun, replayRecords } from './support/offline';

const SECRET = 'fake-secret-0f3c9a-never-printed';
const CREDENTIALS = {
  ARM_CLIENT_ID: '00000000-0000-0000-0000-00000000c1d0',
  ARM_CLIENT_SECRET: SECRET,
  ARM_TENANT_ID: '00000000-0000-0000-0000-0000000007e2',
  MONGODB_ATLAS_PUBLIC_KEY: 'abcdwxyz',
  MONGODB_ATLAS_PRIVATE_KEY: SECRET,
};
const SIMULATED = 'Warning: SIMULATED: nothing real was created, changed or read (replay provider)';
const flat = (text: string) => text.replace(/\s+/g, ' ');

describeWithReplay()('the replay provider announces itself and refuses real credentials', () => {
  let bundle: string;

  beforeAll(() => {
    [bundle] = handoffBundle(join(REPO_ROOT, 'config', 'example.json'), false);
  });
  afterAll(() => rmSync(join(bundle, '..', '..'), { recursive: true, force: true }));

  test('with credentials and no opt-in the apply is refused before anything is created; with the opt-in it runs and says SIMULATED', () => {
    const refused = new EngineDir(bundle, { ...replayEnv(), ...CREDENTIALS });
    mustRun(refused, ['init', '-input=false']);
    const apply = refused.run(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(apply.status).toBe(1);
    const said = flat(apply.stderr);
    expect(said).toContain('Replay provider: refusing to run with real credentials in the environment');
    for (const name of ['ARM_CLIENT_ID', 'ARM_CLIENT_SECRET', 'MONGODB_ATLAS_PUBLIC_KEY', 'MONGODB_ATLAS_PRIVATE_KEY']) expect(said).toContain(name);
    expect(said).not.toContain('ARM_TENANT_ID'); // an identifier, not a credential
    expect(said).toContain('ATLAS_PL_REPLAY_ACCEPT_CREDENTIALS=1');
    expect(apply.stdout + apply.stderr).not.toContain(SECRET);
    expect(refused.run(['state', 'list', '-no-color']).stdout.trim()).toBe('');
    expect(replayRecords(bundle)).toEqual([]);

    const accepted = new EngineDir(bundle, { ...replayEnv(), ...CREDENTIALS, ATLAS_PL_REPLAY_ACCEPT_CREDENTIALS: '1' });
    const applied = mustRun(accepted, ['apply', '-auto-approve', '-input=false']);
    expect(applied.stdout + applied.stderr).toContain(SIMULATED);
    expect(flat(applied.stdout + applied.stderr)).toContain('No Azure or Atlas resource exists behind these values');
    expect(applied.stdout).toMatch(/Apply complete! Resources: \d+ added/);
    const plan = mustRun(accepted, ['plan', '-input=false']);
    expect(plan.stdout + plan.stderr).toContain(SIMULATED);
    const destroyed = mustRun(accepted, ['destroy', '-auto-approve', '-input=false']);
    expect(destroyed.stdout + destroyed.stderr).toContain(SIMULATED);
    expect(replayRecords(bundle)).toEqual([]);
  }, 240_000);

  test('scripts/offline-terraform.sh runs the command on the replay mirror alone and flags the lock file it wrote', () => {
    const [copy] = handoffBundle(join(REPO_ROOT, 'config', 'example.json'), false);
    try {
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.TF_CLI_CONFIG_FILE;
      for (const key of Object.keys(env)) if (/^(ARM_|MONGODB_ATLAS_|MCLI_)/.test(key)) delete env[key];
      const run = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'offline-terraform.sh'), 'init', '-input=false', '-no-color'], { cwd: copy, env, encoding: 'utf8', timeout: 120_000 });
      expect(run.status).toBe(0);
      expect(run.stderr).toMatch(/offline-terraform\.sh: SIMULATION: \S+ init .* on the replay provider \(.*mongodbatlas@1\.41\.1.*\); nothing real is created/);
      expect(run.stderr).toContain('.terraform.lock.hcl now holds the REPLAY provider\'s hashes: do not commit it.');
      expect(run.stderr).toContain('terraform providers lock -platform=linux_amd64');
      expect(existsSync(join(copy, '.terraform.lock.hcl'))).toBe(true);
      // The same command again leaves the lock file as it was: no second warning.
      const again = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'offline-terraform.sh'), 'init', '-input=false', '-no-color'], { cwd: copy, env, encoding: 'utf8', timeout: 120_000 });
      expect(again.status).toBe(0);
      expect(again.stderr).not.toContain('do not commit it');
    } finally {
      rmSync(join(copy, '..', '..'), { recursive: true, force: true });
    }
  }, 240_000);
});
