/** Child processes of a test suite: started here, all killed in afterAll. */
import { spawn, type ChildProcess, type SpawnOptions } from 'child_process';

export class ChildSet {
  private readonly children = new Set<ChildProcess>();

  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** SIGTERM, then SIGKILL for whatever is still alive after graceMs. */
  async stop(child: ChildProcess, graceMs = 2000): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children].map((c) => this.stop(c)));
  }

  /** Lets this process exit while the children keep running (their output must go to files). */
  detachAll(): void {
    for (const child of this.children) child.unref();
    this.children.clear();
  }
}

/** Resolves with the first stdout line, for children that print their port when ready. */
export function firstLine(child: ChildProcess, timeoutMs = 10000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`no output within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      buffer += d.toString();
      const nl = buffer.indexOf('\n');
      if (nl !== -1) {
        clearTimeout(timer);
        resolve(buffer.slice(0, nl));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing; stderr: ${stderr}`));
    });
  });
}

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly ms: number;
}

/**
 * Runs a command to completion, output captured, killed (SIGTERM, then SIGKILL) after timeoutMs.
 * Async, so a Ctrl-C handler and a TTY spinner keep running meanwhile.
 */
export function runCommand(children: ChildSet, argv: readonly string[], options: SpawnOptions & { timeoutMs: number; input?: string }): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = children.spawn(argv[0], argv.slice(1), { ...options, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    if (options.input !== undefined) child.stdin?.end(options.input);
    const timer = setTimeout(() => {
      timedOut = true;
      void children.stop(child);
    }, options.timeoutMs);
    const done = (code: number | null): void => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut, ms: Date.now() - started });
    };
    // A command that cannot start (ENOENT) reports 'error' and may never 'close'.
    child.once('error', (error) => {
      stderr += `${error.message}\n`;
      done(null);
    });
    child.once('close', done);
  });
}
