/**
 * Every rehearsal on this machine leaves a record in RUNS_DIR (root-only, on tmpfs) BEFORE it
 * creates anything: its id (also its namespace's name and the marker in its children's
 * environment), the owning process (pid and start time, so a reused pid is not mistaken for
 * it), its temp folder. A run that dies without its teardown (SIGKILL, OOM, a crash) is found
 * by the next one from that record and removed: processes, namespace, /etc/netns entry, folder.
 */
import { execFileSync } from 'child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { basename, isAbsolute, join } from 'path';

export const RUNS_DIR = '/run/atlas-pl-rehearse';
/** Set in every child's environment: finds processes outside the namespace (terraform, providers). */
export const MARKER_VAR = 'ATLAS_PL_REHEARSE_RUN';
export const NETNS_PREFIX = 'atlaspl-rh';
const ID = /^atlaspl-rh-(\d+)-[0-9a-f]{6}$/;
const TEMP_FOLDER = /^atlas-pl-rehearse-[0-9a-f]{12}$/;

export interface RunRecord {
  /** `atlaspl-rh-<pid>-<hex>`: the namespace's name and the environment marker's value. */
  readonly id: string;
  readonly pid: number;
  /** Start time of `pid` (field 22 of /proc/<pid>/stat), to tell a reused pid apart. */
  readonly started: string;
  /** The run's temp folder (absolute). */
  readonly dir: string;
  /** Left running by --keep: only --cleanup removes it. */
  readonly kept: boolean;
}

export function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export const ownerAlive = (record: RunRecord): boolean => startTimeOf(record.pid) === record.started;

const recordFile = (id: string): string => join(RUNS_DIR, `${id}.json`);

/**
 * A folder with a short path, beside the record and removed with it, for unix sockets: a socket
 * path holds at most 107 bytes, too few under a deep TMPDIR (Knot's control socket, and
 * Terraform's provider plugins, which put theirs in TMPDIR).
 */
export const shortDirOf = (id: string): string => join(RUNS_DIR, id);

/** Written whole (temp file, then rename): a run killed mid-write leaves the old record or none. */
export function saveRecord(record: RunRecord): void {
  mkdirSync(RUNS_DIR, { recursive: true, mode: 0o700 });
  const file = recordFile(record.id);
  writeFileSync(`${file}.tmp`, JSON.stringify(record), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function dropRecord(id: string): void {
  rmSync(shortDirOf(id), { recursive: true, force: true });
  rmSync(recordFile(id), { force: true });
}

export function readRecords(): RunRecord[] {
  if (!existsSync(RUNS_DIR)) return [];
  return readdirSync(RUNS_DIR)
    .filter((f) => f.endsWith('.json') && ID.test(f.slice(0, -5)))
    .flatMap((f) => {
      try {
        const r = JSON.parse(readFileSync(join(RUNS_DIR, f), 'utf8')) as RunRecord;
        return r.id === f.slice(0, -5) && Number.isInteger(r.pid) && typeof r.dir === 'string' ? [r] : [];
      } catch {
        return [];
      }
    });
}

/** Pids in the namespace, plus every process whose environment carries the run's marker. */
export function processesOf(id: string): number[] {
  const pids = new Set<number>();
  try {
    for (const p of execFileSync('ip', ['netns', 'pids', id], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')) if (p) pids.add(Number(p));
  } catch {
    // no such namespace
  }
  const marker = `${MARKER_VAR}=${id}`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) pids.add(Number(entry));
    } catch {
      // gone, or a kernel thread
    }
  }
  pids.delete(process.pid);
  return [...pids];
}

/** SIGKILL, then wait (bounded) until they are gone: a namespace is deleted only when empty. */
export async function killAll(pids: readonly number[], waitMs = 3000): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const until = Date.now() + waitMs;
  while (pids.some((pid) => existsSync(`/proc/${pid}/stat`) && !isZombie(pid)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

export function deleteNetns(name: string): void {
  try {
    execFileSync('ip', ['netns', 'delete', name], { stdio: 'ignore' });
  } catch {
    // already gone
  }
  rmSync(join('/etc/netns', name), { recursive: true, force: true });
}

/** Only a folder this tool names and makes is ever removed, never a path a record merely claims. */
export function removeTempFolder(dir: string): void {
  if (!isAbsolute(dir) || !TEMP_FOLDER.test(basename(dir))) return;
  try {
    if (!lstatSync(dir).isDirectory()) return;
  } catch {
    return;
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Removes everything of one run that is not running any more (or was kept). */
export async function removeRun(record: RunRecord): Promise<void> {
  await killAll(processesOf(record.id));
  deleteNetns(record.id);
  removeTempFolder(record.dir);
  dropRecord(record.id);
}

/**
 * Removes what runs whose process is gone left behind. `includeKept` (--cleanup) also removes
 * --keep runs and namespaces named like ours with a dead owner and no record (older versions).
 * Returns one line per run removed.
 */
export async function sweep(includeKept: boolean): Promise<string[]> {
  const removed: string[] = [];
  const records = readRecords();
  for (const r of records) {
    if (r.kept ? !includeKept : ownerAlive(r)) continue;
    await removeRun(r);
    removed.push(`${r.id}${r.kept ? ' (kept by --keep)' : ` (process ${r.pid} is gone)`}: namespace, /etc/netns entry, processes, ${r.dir}`);
  }
  if (!includeKept) return removed;
  const known = new Set(records.map((r) => r.id));
  const namespaces = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0]);
  const etc = existsSync('/etc/netns') ? readdirSync('/etc/netns') : [];
  for (const name of new Set([...namespaces, ...etc])) {
    const match = ID.exec(name);
    if (!match || known.has(name) || existsSync(`/proc/${match[1]}`)) continue;
    await killAll(processesOf(name));
    deleteNetns(name);
    removed.push(`${name} (no record, process ${match[1]} is gone): namespace, /etc/netns entry, processes`);
  }
  return removed;
}
