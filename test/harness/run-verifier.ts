/** Runs the compiled CLI (dist/verify/cli.js) as a child process, optionally inside a netns. */
import { spawn } from 'child_process';
import { existsSync } from 'fs';
import { dirname, join } from 'path';
import type { Report } from '../../verify/types';

/** The repository root, from test/harness or from its compiled copy in dist/test/harness (the bench). */
export const REPO_ROOT = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
export const CLI = join(REPO_ROOT, 'dist', 'verify', 'cli.js');
export const BIN = join(REPO_ROOT, 'bin', 'atlas-pl-verify.js');

export interface VerifierRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
  /** Parsed stdout when --json was given. */
  readonly report?: Report;
}

export function runVerifier(args: readonly string[], options: { netnsExec?: readonly string[]; env?: NodeJS.ProcessEnv; entry?: string } = {}): Promise<VerifierRun> {
  const entry = options.entry ?? CLI;
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npx tsc -p tsconfig.build.json\` before the tests`);
  const argv = [...(options.netnsExec ?? []), process.execPath, entry, ...args];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      let report: Report | undefined;
      if (args.includes('--json') && code !== 2) {
        try {
          report = JSON.parse(stdout) as Report;
        } catch {
          reject(new Error(`--json output is not JSON:\n${stdout}\n${stderr}`));
          return;
        }
      }
      resolve({ code, stdout, stderr, wallMs: Date.now() - started, report });
    });
  });
}

export function check(run: VerifierRun, id: string): Report['checks'][number] {
  const found = run.report?.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in report: ${run.stdout}\n${run.stderr}`);
  return found;
}

/** id -> status, for compact assertions. */
export function statuses(run: VerifierRun): Record<string, string> {
  return Object.fromEntries((run.report?.checks ?? []).map((c) => [c.id, c.status]));
}

export interface TerminalRun {
  readonly output: string;
  /** When each piece of output arrived, in ms after the start. */
  readonly chunks: ReadonlyArray<{ readonly ms: number; readonly text: string }>;
  readonly wallMs: number;
}

/**
 * Runs the compiled CLI with a pseudo-terminal as stdout (script(1)), as a person at a terminal
 * would; `env` is all the environment it gets besides PATH (e.g. TERM, NO_COLOR).
 */
export function runInTerminal(args: readonly string[], env: Record<string, string> = {}): Promise<TerminalRun> {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, ...env } });
    const chunks: Array<{ ms: number; text: string }> = [];
    child.stdout.on('data', (d: Buffer) => chunks.push({ ms: Date.now() - started, text: d.toString() }));
    child.once('error', reject);
    child.once('close', () => resolve({ output: chunks.map((c) => c.text).join(''), chunks, wallMs: Date.now() - started }));
  });
}
