/** Runs the compiled rehearsal (dist/rehearse/cli.js) as a child process, bounded, with its own TMPDIR. */
import { spawn, execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync } from 'fs';
import { join } from 'path';
import { REPO_ROOT } from '../harness/run-verifier';
import { makeTmpDir } from '../harness/tmp';

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

export function rehearse(args: readonly string[], options: { timeoutMs?: number; onStdout?: (text: string, child: ReturnType<typeof spawn>) => void; uid?: number } = {}): Promise<RehearsalRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -p tsconfig.build.json\` first`);
  const tmp = mkdtempSync(join(tmpRoot.path, 'run-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, TMPDIR: tmp, INIT_CWD: REPO_ROOT, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      uid: options.uid,
      gid: options.uid,
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 80_000);
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

/** Namespaces and /etc/netns entries left by a rehearsal process (named atlaspl-rh-<pid>-...). */
export function leftoverNamespaces(pid: number): string[] {
  const names = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter(Boolean).map((l) => l.split(' ')[0]);
  const etc = existsSync('/etc/netns') ? readdirSync('/etc/netns') : [];
  return [...names, ...etc.map((n) => `/etc/netns/${n}`)].filter((n) => n.includes(`atlaspl-rh-${pid}-`));
}

/** Processes whose command line mentions a folder (the run's TMPDIR): none may outlive a run. */
export function processesUsing(folder: string): string[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(folder) && !l.includes('ps -eo'));
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
