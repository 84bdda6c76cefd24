import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, statSync } from 'fs';
import { dirname } from 'path';

/**
 * `mkdir -p` that fails at once: Node's recursive mkdirSync loops forever on some paths
 * (`/proc/x` on Linux). Returns the top-most folder it created (undefined when the path
 * existed); on failure it removes what it created and throws.
 */
export function makeDirs(path: string): string | undefined {
  if (existsSync(path)) return undefined;
  const parent = dirname(path);
  const created = parent === path ? undefined : makeDirs(parent);
  try {
    mkdirSync(path);
  } catch (error) {
    if (created !== undefined) rmSync(created, { recursive: true, force: true });
    throw error;
  }
  return created ?? path;
}

/** The synth's output folder cannot be used: the message names it and says why, on one line. */
export class OutputDirError extends Error {}

const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent is not a directory',
  ENOENT: 'a parent cannot hold folders',
  ENOSPC: 'no space left on the device',
};

/**
 * Makes sure `path` is a folder the synth can write into, creating it (and its parents) when
 * missing. Returns the top-most folder created, to be removed if the synth then fails; throws
 * OutputDirError for a file, a dangling link or a place where nothing can be created (`/proc`).
 */
export function prepareOutputDir(path: string, label: string): string | undefined {
  let link: string | undefined;
  try {
    if (lstatSync(path).isSymbolicLink()) link = readlinkSync(path);
  } catch {
    // nothing there yet
  }
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) throw new OutputDirError(`${label} ${path} is a file, not a directory`);
    return undefined;
  }
  if (link !== undefined) throw new OutputDirError(`${label} ${path} is a dangling symbolic link (to ${link}); remove it or create its target`);
  try {
    return makeDirs(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    throw new OutputDirError(`${label} ${path} cannot be created: ${code}${WHY[code] ? ` (${WHY[code]})` : ''}`);
  }
}
