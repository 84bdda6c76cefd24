/** Child processes of a test suite: started here, all killed in afterAll. */
import { spawn, type ChildProcess, type SpawnOptions } from 'child_process';
import { closeSync, openSync, writeSync } from 'fs';

export class ChildSet {
  private readonly children = new Set<ChildProcess>();
  /** Children started as their own process group (detached): stopping one ends its group. */
  private readonly leaders = new WeakSet<ChildProcess>();

  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    this.children.add(child);
    if (options.detached) this.leaders.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** SIGTERM, then SIGKILL for whatever is still alive after graceMs. */
  async stop(child: ChildProcess, graceMs = 2000): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const kill = (signal: NodeJS.Signals): void => {
      if (this.leaders.has(child)) killGroup(child.pid, signal);
      else child.kill(signal);
    };
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), graceMs);
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
  /** The tail of the output (at most keepBytes of each stream). */
  readonly stdout: string;
  readonly stderr: string;
  /** Bytes of output not kept in memory (before the tails). */
  readonly droppedBytes: number;
  readonly timedOut: boolean;
  readonly ms: number;
}

export interface CommandOptions extends SpawnOptions {
  readonly timeoutMs: number;
  readonly input?: string;
  /** Bytes of each stream kept in memory, the last ones (default 32 MiB). */
  readonly keepBytes?: number;
  /** Every byte of output also goes here, up to LOG_CAP_BYTES. */
  readonly logFile?: string;
  /**
   * Run the command as its own process group and judge it by its own exit: when it exits, or
   * at the timeout, the whole group is ended (SIGTERM, then SIGKILL), so a child it left
   * running neither outlives it nor holds the run until the timeout.
   */
  readonly group?: boolean;
}

export const LOG_CAP_BYTES = 64 * 1024 * 1024;
const GRACE_MS = 2000;

/** The last `max` bytes of a stream; the rest is counted, not kept (700 MB of output must not crash us). */
class Tail {
  private chunks: Buffer[] = [];
  private size = 0;
  dropped = 0;
  constructor(private readonly max: number) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0].length >= this.max) {
      this.size -= this.chunks[0].length;
      this.dropped += this.chunks.shift()!.length;
    }
  }
  text(): string {
    const all = Buffer.concat(this.chunks);
    const cut = Math.max(0, all.length - this.max);
    this.dropped += cut;
    return all.subarray(cut).toString('utf8');
  }
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is empty
  }
}

/**
 * Runs a command to completion, the tail of its output kept, killed (SIGTERM, then SIGKILL)
 * after timeoutMs. Async, so a Ctrl-C handler and a TTY spinner keep running meanwhile.
 */
export function runCommand(children: ChildSet, argv: readonly string[], options: CommandOptions): Promise<CommandResult> {
  const started = Date.now();
  const { timeoutMs, input, keepBytes = 32 * 1024 * 1024, logFile, group = false, ...spawnOptions } = options;
  return new Promise((resolve) => {
    const child = children.spawn(argv[0], argv.slice(1), { ...spawnOptions, detached: group, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out = new Tail(keepBytes);
    const err = new Tail(keepBytes);
    let log: number | undefined = logFile === undefined ? undefined : openSync(logFile, 'a', 0o600);
    let logged = 0;
    const toLog = (chunk: Buffer): void => {
      if (log === undefined) return;
      const room = LOG_CAP_BYTES - logged;
      writeSync(log, chunk, 0, Math.min(room, chunk.length));
      logged += Math.min(room, chunk.length);
      if (chunk.length >= room) {
        writeSync(log, `\n[atlas-pl rehearse: log cut at ${LOG_CAP_BYTES} bytes]\n`);
        closeSync(log);
        log = undefined;
      }
    };
    let timedOut = false;
    let exitCode: number | null | undefined;
    let settled = false;
    child.stdout?.on('data', (d: Buffer) => {
      out.push(d);
      toLog(d);
    });
    child.stderr?.on('data', (d: Buffer) => {
      err.push(d);
      toLog(d);
    });
    if (input !== undefined) child.stdin?.end(input);
    const end = (): void => {
      if (group) {
        killGroup(child.pid, 'SIGTERM');
        setTimeout(() => killGroup(child.pid, 'SIGKILL'), GRACE_MS).unref();
      } else void children.stop(child);
    };
    const timer = setTimeout(() => {
      if (exitCode !== undefined) return;
      timedOut = true;
      end();
    }, timeoutMs);
    const done = (code: number | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(closeTimer);
      if (log !== undefined) closeSync(log);
      log = undefined;
      const stdout = out.text();
      const stderr = err.text();
      resolve({ code, stdout, stderr, droppedBytes: out.dropped + err.dropped, timedOut, ms: Date.now() - started });
    };
    let closeTimer: NodeJS.Timeout | undefined;
    // A command that cannot start (ENOENT) reports 'error' and may never 'close'.
    child.once('error', (error) => {
      err.push(Buffer.from(`${error.message}\n`));
      done(null);
    });
    child.once('exit', (code) => {
      exitCode = code;
      if (!group) return;
      // Judged by its own exit; what it left running goes, and its pipes close with it. A
      // descendant that left the group keeps them open: stop waiting after the grace period.
      end();
      closeTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        done(exitCode ?? null);
      }, GRACE_MS + 1000);
    });
    child.once('close', (code) => done(group ? (exitCode ?? code) : code));
  });
}
