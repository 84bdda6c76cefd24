/** Runs the compiled rehearsal (dist/rehearse/cli.js) as a child process, bounded, with its own TMPDIR. */
import { spawn, spawnSync, execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { REPO_ROOT } from '../harness/run-verifier';
import { makeTmpDir } from '../harness/tmp';
import { RUNS_DIR } from '../../rehearse/runs';

export const CLI = join(REPO_ROOT, 'dist', 'rehearse', 'cli.js');
export const APP = 'node examples/app.js';

export interface RehearsalRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly json?: any;
  /** The TMPDIR the run had: empty again after a run that tore down. */
  readonly tmp: string;
  readonly pid: number;
}

const tmpRoot = makeTmpDir('rehearse');
export const removeTmpRoot = (): void => tmpRoot.remove();

export const newTmp = (prefix = 'run-'): string => mkdtempSync(join(tmpRoot.path, prefix));

export interface RehearseOptions {
  readonly timeoutMs?: number;
  readonly onStdout?: (text: string, child: ReturnType<typeof spawn>) => void;
  readonly uid?: number;
  /** Run it in a new user namespace (`unshare --user`): uid 65534 with no capability on the host. */
  readonly userNamespace?: boolean;
  /** The run's TMPDIR (default: a fresh folder under the suite's own). */
  readonly tmp?: string;
}

export function rehearse(args: readonly string[], options: RehearseOptions = {}): Promise<RehearsalRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -p tsconfig.build.json\` first`);
  const tmp = options.tmp ?? newTmp();
  return new Promise((resolve, reject) => {
    const argv = [...(options.userNamespace ? ['unshare', '--user'] : []), process.execPath, CLI, ...args];
    const child = spawn(argv[0], argv.slice(1), {
      cwd: REPO_ROOT,
      env: { ...process.env, TMPDIR: tmp, INIT_CWD: REPO_ROOT, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      uid: options.uid,
      gid: options.uid,
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 140_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      options.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      let json: unknown;
      if (args.includes('--json') && stdout.trim().startsWith('{')) json = JSON.parse(stdout);
      resolve({ code, signal, stdout, stderr, json, tmp, pid: child.pid ?? -1 });
    });
  });
}

/** Namespaces, /etc/netns entries and run records left by a rehearsal process (named atlaspl-rh-<pid>-...). */
export function leftoverNamespaces(pid: number): string[] {
  const names = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter(Boolean).map((l) => l.split(' ')[0]);
  const etc = existsSync('/etc/netns') ? readdirSync('/etc/netns') : [];
  const runs = existsSync(RUNS_DIR) ? readdirSync(RUNS_DIR) : [];
  return [...names, ...etc.map((n) => `/etc/netns/${n}`), ...runs.sort().map((n) => `${RUNS_DIR}/${n}`)].filter((n) => n.includes(`atlaspl-rh-${pid}-`));
}

/**
 * Processes of a run: their command line mentions its TMPDIR, or their environment carries it
 * (everything the rehearsal starts inherits TMPDIR, --exec's children included). None may
 * outlive the run.
 */
export function processesUsing(folder: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid)) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (args !== '' && (args.includes(folder) || env.includes(`TMPDIR=${folder}`))) found.push(`${pid} ${args}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** A pid no process has now: one that just exited. */
export function deadPid(): number {
  const pid = spawnSync('true').pid;
  if (existsSync(`/proc/${pid}`)) throw new Error(`pid ${pid} was reused at once`);
  return pid;
}

export function statusOf(run: RehearsalRun): Record<string, string> {
  return Object.fromEntries((run.json?.steps ?? []).map((s: { id: string; status: string }) => [s.id, s.status]));
}

export function canRehearse(): boolean {
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
}

/** The exit status, with the run's output when it is not the expected one. */
export function expectCode(run: RehearsalRun, code: number): void {
  if (run.code !== code) throw new Error(`exit ${run.code} (signal ${run.signal}), expected ${code}\n--- stdout ---\n${run.stdout.slice(-4000)}\n--- stderr ---\n${run.stderr.slice(-4000)}`);
}

/** Nothing of a finished run is left: namespace, /etc/netns entry, run record, processes (every knotd), temp folder. */
export function expectTornDown(run: RehearsalRun): void {
  // The URI's user info is always printed as <credentials>: "rehearse:<password>" never appears.
  expect(run.stdout + run.stderr).not.toMatch(/rehearse:[^<\s]/);
  expect(leftoverNamespaces(run.pid)).toEqual([]);
  expect(processesUsing(run.tmp)).toEqual([]);
  expect(readdirSync(run.tmp)).toEqual([]);
}
