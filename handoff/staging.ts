/**
 * The staging folder a handoff writes into before anything moves into `--out`. It carries a marker
 * naming the process that made it, so that a later run can remove the folders of runs that were
 * killed (SIGKILL, a power cut) and only those: a folder without the marker, or whose process is
 * still running, is never touched.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join } from 'path';
import { outWriteError, readBundleMark } from './ownership';

/** The staging folder cannot be made (TMPDIR is not a folder): one line, exit 2. */
export class StagingError extends Error {}

export const STAGING_MARKER = '.atlas-pl-handoff-staging.json';
const WRITTEN_BY = 'npm run handoff (atlas-azure-private-link), staging';
/** A run takes seconds; a staging folder this old is stale even if its pid was reused. */
const STALE_AFTER_MS = 60 * 60 * 1000;

interface StagingMark {
  readonly writtenBy: string;
  readonly pid: number;
  readonly startedAt: number;
}

const prefixBeside = (target: string) => `.${basename(target)}.handoff-`;
const TMP_PREFIX = 'atlas-pl-handoff-';

/** Beside the target when its parent exists (same filesystem: renames are atomic), else in the temp folder. */
export function makeStaging(target: string): string {
  const parent = dirname(target);
  const beside = existsSync(parent);
  if (!beside) checkTmpdir();
  let dir: string;
  try {
    dir = mkdtempSync(beside ? join(parent, prefixBeside(target)) : join(tmpdir(), TMP_PREFIX));
  } catch (error) {
    throw outWriteError(error, target);
  }
  writeFileSync(join(dir, STAGING_MARKER), JSON.stringify({ writtenBy: WRITTEN_BY, pid: process.pid, startedAt: Date.now() } satisfies StagingMark));
  return dir;
}

function checkTmpdir(): void {
  const tmp = tmpdir();
  let isDir = false;
  try {
    isDir = statSync(tmp).isDirectory();
  } catch {
    // missing: said below
  }
  if (!isDir) {
    throw new StagingError(`TMPDIR: ${tmp} is not a directory; the handoff stages its bundles there when --out's parent does not exist yet (set TMPDIR to a folder, or create --out's parent)`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True for a staging folder a handoff wrote whose process is gone (or that is older than any run). */
function abandoned(dir: string): boolean {
  try {
    const mark = JSON.parse(readFileSync(join(dir, STAGING_MARKER), 'utf8')) as StagingMark;
    if (mark.writtenBy !== WRITTEN_BY || !Number.isInteger(mark.pid)) return false;
    return mark.pid !== process.pid && (!alive(mark.pid) || Date.now() - mark.startedAt > STALE_AFTER_MS);
  } catch {
    return false;
  }
}

/** The replaced bundles a killed run left in `--out` (`.<stack>.replaced-<pid>`), with the stack they belong to. */
function replacedBundles(target: string): { dir: string; stack: string }[] {
  if (!existsSync(target) || !statSync(target).isDirectory()) return [];
  return readdirSync(target).flatMap((name) => {
    const m = /^\.(.+)\.replaced-(\d+)$/.exec(name);
    if (!m || alive(Number(m[2]))) return [];
    const dir = join(target, name);
    return readBundleMark(dir) ? [{ dir, stack: m[1] }] : [];
  });
}

/**
 * Removes what earlier runs into `target` left when they were killed: their staging folders, and a
 * bundle set aside for replacement (put back when its new version never arrived). Returns the paths removed.
 */
export function sweepStaging(target: string): string[] {
  const places = [
    { dir: dirname(target), prefix: prefixBeside(target) },
    { dir: tmpdir(), prefix: TMP_PREFIX },
  ];
  const removed: string[] = [];
  for (const { dir, prefix } of places) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.startsWith(prefix))) {
      const path = join(dir, name);
      if (!abandoned(path)) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    }
  }
  for (const { dir, stack } of replacedBundles(target)) {
    const home = join(target, stack);
    if (existsSync(home)) rmSync(dir, { recursive: true, force: true });
    else renameSync(dir, home);
    removed.push(dir);
  }
  return removed;
}
