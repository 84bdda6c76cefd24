/**
 * Runs a real Terraform engine (terraform or tofu, from scripts/tools.sh --print-env) on a copy
 * of a synthesized stack: `init -backend=false` offline against the provider mirror, `validate
 * -json`, and `test -json` with generated `.tftest.hcl` files. Failures carry the engine's own
 * diagnostics so a red test says what the engine said.
 */
import { spawnSync } from 'child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describeWithTool, requireTool } from '../../support/tools';

/** The environment that puts the replay provider under the real addresses (offline applies). */
export function replayEnv(): NodeJS.ProcessEnv {
  const config = process.env.ATLAS_PL_REPLAY_CLI_CONFIG;
  if (!config) throw new Error('ATLAS_PL_REPLAY_CLI_CONFIG is not set: run the tests through scripts/run-jest.sh after npm run tools');
  return { TF_CLI_CONFIG_FILE: config };
}

/** `describe` when an engine and the replay mirror are available (skip locally, fail in CI otherwise). */
export function describeWithReplay(): jest.Describe {
  if (describeWithTool('ATLAS_PL_TF_BINARY', 'Terraform engine (terraform >= 1.7 or tofu >= 1.8)') !== describe) return describe.skip;
  return requireTool('ATLAS_PL_REPLAY_CLI_CONFIG', 'Replay provider mirror').ok ? describe : describe.skip;
}

/** Which providers the engine suites run on, for their output: real binaries or the replay provider. */
export function providerMode(): string {
  const mode = process.env.ATLAS_PL_PROVIDER_MODE ?? 'unknown';
  return mode === 'replay' ? 'replay (recorded schemas; no provider-side validators)' : `${mode} providers`;
}

/** `describe` when an engine AND the providers are available; skip locally, fail in CI otherwise. */
export function describeWithEngine(): jest.Describe {
  const engine = describeWithTool('ATLAS_PL_TF_BINARY', 'Terraform engine (terraform >= 1.7 or tofu >= 1.8)');
  if (engine !== describe) return describe.skip;
  if (process.env.ATLAS_PL_TF_PROVIDERS === 'registry') return describe;
  return requireTool('ATLAS_PL_TF_PROVIDERS', 'Provider mirror (mongodbatlas 1.41.1, azurerm 4.55.0)').ok ? describe : describe.skip;
}

export interface EngineRun {
  readonly args: string[];
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { filename: string; start: { line: number } };
  readonly snippet?: { code?: string };
}

export interface ValidateResult {
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: Diagnostic[];
}

export interface TestRunStatus {
  readonly file: string;
  readonly run: string;
  readonly status: string;
}

export interface TestDiagnostic extends Diagnostic {
  readonly file?: string;
  readonly run?: string;
  /** `teardown`: reported while the test framework destroyed what a file's runs created. */
  readonly phase: 'run' | 'teardown';
}

export interface TestReport {
  readonly run: EngineRun;
  readonly summary?: { status: string; passed: number; failed: number; errored: number; skipped: number };
  readonly runs: TestRunStatus[];
  readonly diagnostics: TestDiagnostic[];
}

/** Every engine run of this process, for the timing summary. */
export const engineRuns: EngineRun[] = [];

function engineBinary(): string {
  const bin = process.env.ATLAS_PL_TF_BINARY;
  if (!bin) throw new Error('ATLAS_PL_TF_BINARY is not set: run the tests through scripts/run-jest.sh');
  return bin;
}

/** Root for engine work dirs: the run's private temp dir when run through scripts/run-jest.sh. */
export function engineTempRoot(): string {
  const root = join(process.env.ATLAS_PL_TEST_TMP ?? tmpdir(), 'engine');
  mkdirSync(root, { recursive: true });
  return root;
}

/**
 * The engine's environment: the mode's mirror-only CLI config (ATLAS_PL_ENGINE_CLI_CONFIG from
 * tools.sh --print-env, which never sets TF_CLI_CONFIG_FILE for the shell; in registry mode the
 * user's own TF_CLI_CONFIG_FILE) unless `extra` names another, and no credentials from the outer environment: these tests never talk to a cloud
 * (a test that passes credentials in `extra` on purpose keeps them).
 */
export function engineEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  if (process.env.ATLAS_PL_ENGINE_CLI_CONFIG) env.TF_CLI_CONFIG_FILE = process.env.ATLAS_PL_ENGINE_CLI_CONFIG;
  for (const key of Object.keys(env)) {
    if (/^(ARM_|AZURE_|MONGODB_ATLAS_|MCLI_|TF_VAR_|TF_TOKEN_)/.test(key) || key === 'ATLAS_PL_REPLAY_ACCEPT_CREDENTIALS') delete env[key];
  }
  Object.assign(env, extra);
  delete env.TF_LOG;
  if (process.env.ATLAS_PL_TF_PROVIDERS === 'registry' && extra.TF_CLI_CONFIG_FILE === undefined) {
    // Downloaded providers are shared by every work dir of the run.
    env.TF_PLUGIN_CACHE_DIR = join(engineTempRoot(), 'plugin-cache');
    mkdirSync(env.TF_PLUGIN_CACHE_DIR, { recursive: true });
  }
  return env;
}

export function formatDiagnostics(diagnostics: readonly (Diagnostic & { file?: string; run?: string; phase?: string })[]): string {
  return diagnostics
    .map((d) => {
      const where = [d.file, d.run && `run "${d.run}"`, d.address, d.range && `${d.range.filename}:${d.range.start.line}`]
        .filter(Boolean)
        .join(' ');
      const code = d.snippet?.code ? `\n      ${d.snippet.code.trim()}` : '';
      return `  ${d.severity}${d.phase === 'teardown' ? ' (teardown)' : ''}: ${d.summary}${where ? ` (${where})` : ''}${d.detail ? `\n      ${d.detail.replace(/\n/g, '\n      ')}` : ''}${code}`;
    })
    .join('\n');
}

/** Initialized dirs by required providers, to copy `.terraform` from (see EngineDir.init). */
const initializedDirs = new Map<string, string>();

/** The required providers of a dir's JSON configuration (no modules), or undefined for HCL / modules. */
function providersKey(dir: string): string | undefined {
  const files = readdirSync(dir).filter((f) => /\.tf(\.json)?$/.test(f));
  if (files.length !== 1 || !files[0].endsWith('.tf.json')) return undefined;
  const json = JSON.parse(readFileSync(join(dir, files[0]), 'utf8'));
  if (json.module) return undefined;
  return JSON.stringify(json.terraform?.required_providers ?? {});
}

/** A work dir holding one stack's configuration, initialized once and reused for every command. */
export class EngineDir {
  private initialized = false;

  /** `env` is laid over the engine's environment (e.g. the replay mirror's CLI config). */
  constructor(
    public readonly dir: string,
    private readonly env: NodeJS.ProcessEnv = {},
  ) {}

  /** Copies the synthesized configuration files (not state, not .terraform) of a stack dir. */
  static fromStack(stackDir: string, name: string): EngineDir {
    const dir = mkdtempSync(join(engineTempRoot(), `${name.replace(/[^A-Za-z0-9-]/g, '-')}-`));
    const files = readdirSync(stackDir).filter((f) => /\.tf(\.json)?$/.test(f));
    if (files.length === 0) throw new Error(`no .tf or .tf.json file in ${stackDir}`);
    for (const file of files) copyFileSync(join(stackDir, file), join(dir, file));
    return new EngineDir(dir);
  }

  /** A work dir from configuration text, e.g. a hand-written `main.tf.json`. */
  static fromFiles(files: Record<string, string>, name: string): EngineDir {
    const dir = mkdtempSync(join(engineTempRoot(), `${name}-`));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return new EngineDir(dir);
  }

  run(args: string[], timeoutMs = 180_000): EngineRun {
    const started = Date.now();
    const result = spawnSync(engineBinary(), args, {
      cwd: this.dir,
      env: engineEnv(this.env),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: timeoutMs,
    });
    if (result.error) throw new Error(`${engineBinary()} ${args.join(' ')} in ${this.dir}: ${result.error.message}`);
    const run: EngineRun = {
      args,
      status: result.status ?? -1,
      stdout: result.stdout,
      stderr: result.stderr,
      ms: Date.now() - started,
    };
    engineRuns.push(run);
    return run;
  }

  /**
   * `init -backend=false` against the configured provider source (the mirror); once per dir.
   * Dirs whose JSON requires the same providers reuse the first one's `.terraform` (symlinks
   * into the mirror) and lock file instead of running init again.
   */
  init(): void {
    if (this.initialized) return;
    // Reusing another dir's init is only safe when both use the same provider source.
    const key = Object.keys(this.env).length === 0 ? providersKey(this.dir) : undefined;
    const template = key ? initializedDirs.get(key) : undefined;
    if (template) {
      cpSync(join(template, '.terraform'), join(this.dir, '.terraform'), { recursive: true, verbatimSymlinks: true });
      copyFileSync(join(template, '.terraform.lock.hcl'), join(this.dir, '.terraform.lock.hcl'));
      this.initialized = true;
      return;
    }
    const run = this.run(['init', '-backend=false', '-input=false', '-no-color']);
    if (run.status !== 0) {
      throw new Error(
        `${process.env.ATLAS_PL_TF_ENGINE ?? 'engine'} init failed in ${this.dir} (exit ${run.status}); ` +
          `TF_CLI_CONFIG_FILE=${engineEnv(this.env).TF_CLI_CONFIG_FILE ?? '<unset>'}\n${run.stderr}\n${run.stdout}`,
      );
    }
    this.initialized = true;
    if (key && existsSync(join(this.dir, '.terraform.lock.hcl'))) initializedDirs.set(key, this.dir);
  }

  validate(): ValidateResult {
    this.init();
    const run = this.run(['validate', '-json', '-no-color']);
    try {
      return JSON.parse(run.stdout) as ValidateResult;
    } catch {
      throw new Error(`validate printed no JSON (exit ${run.status}) in ${this.dir}:\n${run.stderr}\n${run.stdout}`);
    }
  }

  /** Writes the given `.tftest.hcl` files into `tests/` (replacing earlier ones) and runs `test -json`. */
  test(files: Record<string, string>, extraArgs: string[] = []): TestReport {
    this.init();
    const testsDir = join(this.dir, 'tests');
    rmSync(testsDir, { recursive: true, force: true });
    mkdirSync(testsDir);
    for (const [file, text] of Object.entries(files)) writeFileSync(join(testsDir, file), text);
    const run = this.run(['test', '-json', '-no-color', ...extraArgs]);
    return parseTestOutput(run);
  }

  remove(): void {
    for (const [key, dir] of initializedDirs) if (dir === this.dir) initializedDirs.delete(key);
    if (process.env.ATLAS_PL_KEEP_ENGINE_DIRS === '1') return;
    if (existsSync(this.dir)) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Parses `terraform test -json` (one JSON message per line). */
export function parseTestOutput(run: EngineRun): TestReport {
  const runs: TestRunStatus[] = [];
  const diagnostics: TestDiagnostic[] = [];
  let summary: TestReport['summary'];
  let phase: TestDiagnostic['phase'] = 'run';
  for (const line of run.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let message: Record<string, any>;
    try {
      message = JSON.parse(line);
    } catch {
      continue;
    }
    // terraform reports progress (starting, complete, teardown); tofu only the final status.
    const progress = message.test_run?.progress;
    const fileProgress = message.test_file?.progress;
    // A new file or a run's result starts a run phase (tofu reports both without progress).
    if (message.type === 'test_file' && (fileProgress === undefined || fileProgress === 'starting')) phase = 'run';
    if (message.type === 'test_run' && (progress === undefined || progress === 'complete')) phase = 'run';
    // terraform announces the teardown; tofu only reports what it left behind (test_cleanup),
    // before the teardown's diagnostics.
    if (fileProgress === 'teardown' || progress === 'teardown' || message.type === 'test_cleanup') phase = 'teardown';
    if (message.type === 'test_run' && message.test_run?.status && (progress === undefined || progress === 'complete')) {
      runs.push({ file: message.test_run.path, run: message.test_run.run, status: message.test_run.status });
    } else if (message.type === 'diagnostic' && message.diagnostic) {
      diagnostics.push({ ...message.diagnostic, file: message['@testfile'], run: message['@testrun'], phase });
    } else if (message.type === 'test_summary') {
      summary = message.test_summary;
    }
  }
  return { run, summary, runs, diagnostics };
}

/** Throws with the engine's diagnostics unless every run block passed. */
export function expectAllRunsPassed(report: TestReport, expectedRuns: number): void {
  const failed = report.runs.filter((r) => r.status !== 'pass');
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  if (report.run.status === 0 && failed.length === 0 && errors.length === 0 && report.runs.length === expectedRuns) return;
  throw new Error(
    `terraform test: expected ${expectedRuns} passing run blocks, got ` +
      `${report.runs.map((r) => `${r.file}/${r.run}=${r.status}`).join(', ') || 'none'} (exit ${report.run.status})\n` +
      `${formatDiagnostics(report.diagnostics) || report.run.stderr || report.run.stdout}`,
  );
}

/** Throws with the diagnostics unless validate says valid with zero errors. */
export function expectValid(result: ValidateResult): void {
  if (result.valid && result.error_count === 0) return;
  throw new Error(`validate: valid=${result.valid}, ${result.error_count} error(s)\n${formatDiagnostics(result.diagnostics)}`);
}

/** One-line timing summary of this process' engine runs (printed by the suites' afterAll). */
export function timingSummary(label: string): string {
  const byCommand = new Map<string, { n: number; ms: number }>();
  for (const run of engineRuns) {
    const entry = byCommand.get(run.args[0]) ?? { n: 0, ms: 0 };
    entry.n += 1;
    entry.ms += run.ms;
    byCommand.set(run.args[0], entry);
  }
  const parts = [...byCommand].map(([cmd, { n, ms }]) => `${cmd} ${n}x ${(ms / 1000).toFixed(1)}s`);
  return `${label}: ${process.env.ATLAS_PL_TF_ENGINE ?? 'engine'} runs: ${parts.join(', ')}`;
}

/** `plan -detailed-exitcode` must exit 0: nothing to change after an apply. */
export function mustRunPlan(dir: EngineDir): void {
  const run = dir.run(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
  if (run.status !== 0) throw new Error(`plan -detailed-exitcode exited ${run.status} (2 = changes) in ${dir.dir}\n${run.stdout.slice(-4000)}\n${run.stderr}`);
}
