/**
 * Offline applies on the replay provider, run the way users run them: `cdktf deploy` of the app,
 * and `terraform init && apply` of a handoff bundle. Every command is a separate engine process;
 * the replay provider keeps the simulated cloud in its state folder in between.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { REPO_ROOT } from './configs';
import { EngineDir, EngineRun, engineEnv, engineTempRoot, replayEnv } from './engine';

export interface Outputs {
  readonly [name: string]: { readonly value: unknown; readonly sensitive: boolean };
}

function failed(what: string, run: { status: number | null; stdout: string; stderr: string }): Error {
  return new Error(`${what} exited ${run.status}\n${run.stderr.slice(-4000)}\n${run.stdout.slice(-4000)}`);
}

/** `cdktf deploy <stack> --auto-approve` of the example app for a config, in a fresh project dir. */
export function cdktfDeploy(configPath: string, stack: string, env: NodeJS.ProcessEnv = {}): { project: string; stackDir: string; outputsFile: string } {
  const project = mkdtempSync(join(engineTempRoot(), 'cdktf-deploy-'));
  writeFileSync(
    join(project, 'cdktf.json'),
    JSON.stringify({ language: 'typescript', app: `node ${join(REPO_ROOT, 'dist', 'main.js')}`, sendCrashReports: 'false', projectId: 'atlas-pl-offline-test' }),
  );
  const outputsFile = join(project, 'outputs.json');
  const run = cdktf(project, ['deploy', stack, '--auto-approve', '--skip-provider-lock', '--outputs-file', outputsFile], { ATLAS_PL_CONFIG: configPath, ...env });
  if (run.status !== 0) throw failed(`cdktf deploy ${stack}`, run);
  return { project, stackDir: join(project, 'cdktf.out', 'stacks', stack), outputsFile };
}

export function cdktfDestroy(project: string, stack: string, configPath: string): void {
  const run = cdktf(project, ['destroy', stack, '--auto-approve', '--skip-provider-lock'], { ATLAS_PL_CONFIG: configPath });
  if (run.status !== 0) throw failed(`cdktf destroy ${stack}`, run);
}

function cdktf(cwd: string, args: string[], extra: NodeJS.ProcessEnv) {
  return spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'cdktf'), args, {
    cwd,
    encoding: 'utf8',
    timeout: 240_000,
    env: {
      ...engineEnv(replayEnv()),
      ...extra,
      TERRAFORM_BINARY_NAME: process.env.ATLAS_PL_TF_BINARY,
      CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
      DISABLE_VERSION_CHECK: '1',
      CI: 'true', // no interactive UI
    },
  });
}

/** A handoff bundle per stack of a config (JSON or HCL), written by the handoff CLI. */
export function handoffBundle(configPath: string, hcl: boolean): string[] {
  const out = mkdtempSync(join(engineTempRoot(), `handoff-${hcl ? 'hcl' : 'json'}-`));
  const args = [join(REPO_ROOT, 'dist', 'handoff', 'cli.js'), '--out', join(out, 'bundles'), '--config', configPath];
  const run = spawnSync('node', hcl ? [...args, '--hcl'] : args, { encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw failed('handoff', run);
  const bundles = join(out, 'bundles');
  return readdirSync(bundles, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => join(bundles, e.name));
}

/** A work dir that runs the engine on the replay provider (the dir itself, not a copy). */
export function replayDir(dir: string): EngineDir {
  return new EngineDir(dir, replayEnv());
}

export function mustRun(dir: EngineDir, args: string[]): EngineRun {
  const run = dir.run([...args, '-no-color']);
  if (run.status !== 0) throw failed(`${args.join(' ')} in ${dir.dir}`, { ...run, status: run.status });
  return run;
}

export function outputsOf(dir: EngineDir): Outputs {
  return JSON.parse(mustRun(dir, ['output', '-json']).stdout) as Outputs;
}

/** What the replay provider holds in its state folder: every record still in the simulated cloud. */
export function replayRecords(workDir: string): { type: string; id: string }[] {
  const folder = join(workDir, '.terraform', 'replay-world');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => (JSON.parse(readFileSync(join(folder, f), 'utf8')).records ?? []) as { type: string; id: string }[])
    .filter((r) => r.type !== 'replay_declared_region'); // the provider's bookkeeping, not a cloud object
}

/** Runs the verifier on an outputs file with DNS pointed at a loopback port nobody serves. */
export function verifyOutputs(outputsFile: string): { status: number | null; report: { checks: { id: string; status: string; message: string }[] } } {
  const run = spawnSync(
    'node',
    [join(REPO_ROOT, 'bin', 'atlas-pl-verify.js'), '--outputs', outputsFile, '--dns-server', '127.0.0.1:9', '--timeout', '300', '--skip-crud', '--json'],
    { encoding: 'utf8', timeout: 60_000, env: { ...process.env, MONGODB_URI: '' } },
  );
  try {
    return { status: run.status, report: JSON.parse(run.stdout) };
  } catch {
    throw failed('atlas-pl-verify --json', run);
  }
}
