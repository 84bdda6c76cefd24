/**
 * What a handoff run may replace in `--out`: only what an earlier run wrote. Each bundle folder
 * carries a marker file, and the index README starts with a marker line; anything else in the
 * way (an unrelated folder named like a stack, the repository's own README) is refused.
 */
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync, statSync } from 'fs';
import { join } from 'path';

/** A problem with the `--out` target: the message names `--out` and the path. */
export class OutError extends Error {}

export const BUNDLE_MARKER = '.atlas-pl-handoff.json';
export const INDEX_MARKER = '<!-- written by `npm run handoff` (atlas-azure-private-link); the next run replaces this file -->';
const WRITTEN_BY = 'npm run handoff (atlas-azure-private-link)';

export interface BundleMark {
  readonly writtenBy: string;
  readonly stack: string;
  readonly config: string;
}

export function bundleMark(stack: string, config: string): string {
  return `${JSON.stringify({ writtenBy: WRITTEN_BY, stack, config } satisfies BundleMark, null, 2)}\n`;
}

/** The mark of a bundle folder an earlier run wrote, or undefined for anything else. */
export function readBundleMark(dir: string): BundleMark | undefined {
  try {
    const mark = JSON.parse(readFileSync(join(dir, BUNDLE_MARKER), 'utf8')) as BundleMark;
    return mark.writtenBy === WRITTEN_BY && typeof mark.stack === 'string' ? mark : undefined;
  } catch {
    return undefined;
  }
}

function refuse(path: string, what: string): never {
  throw new OutError(
    `--out: ${path} ${what} and was not written by npm run handoff, which replaces only its own bundles and index; ` +
      'move it away or choose another --out',
  );
}

/** `--out` must be a directory (or not exist yet) whose ancestors are directories. */
export function checkOutTarget(out: string): void {
  if (present(out) && !existsSync(out)) {
    throw new OutError(`--out: ${out} is a dangling symbolic link (to ${readlinkSync(out)}); remove it or create its target`);
  }
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new OutError(`--out: ${out} is a file, not a directory`);
    return;
  }
  let ancestor = out;
  while (!existsSync(ancestor)) ancestor = join(ancestor, '..');
  if (!statSync(ancestor).isDirectory()) throw new OutError(`--out: ${out} cannot be created: ${ancestor} is a file, not a directory`);
}

/** Anything at the path, a dangling link included (existsSync follows links). */
function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Refuses unless every path this run replaces was written by an earlier run. */
export function checkReplaceable(out: string, stackNames: readonly string[]): void {
  for (const name of stackNames) {
    const dir = join(out, name);
    if (!present(dir)) continue;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) refuse(dir, 'is a file or a link');
    if (!readBundleMark(dir)) refuse(dir, `exists (no ${BUNDLE_MARKER} in it)`);
  }
  const index = join(out, 'README.md');
  if (present(index) && !(existsSync(index) && statSync(index).isFile() && readFileSync(index, 'utf8').startsWith(INDEX_MARKER))) {
    refuse(index, 'exists');
  }
}

/** Bundles an earlier run wrote into `out` that this run does not regenerate. */
export function staleBundles(out: string, stackNames: readonly string[]): { dir: string; mark: BundleMark }[] {
  if (!existsSync(out)) return [];
  return readdirSync(out)
    .filter((name) => !stackNames.includes(name))
    .map((name) => join(out, name))
    .filter((dir) => {
      try {
        return statSync(dir).isDirectory();
      } catch {
        return false; // a dangling link: not a bundle
      }
    })
    .flatMap((dir) => {
      const mark = readBundleMark(dir);
      return mark ? [{ dir, mark }] : [];
    });
}

/** An fs error while writing into `--out`, as a usage problem naming the path. */
export function outWriteError(error: unknown, out: string): Error {
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string') return error as Error;
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOTDIR: 'a parent is not a directory',
    ENOENT: 'no such directory',
    ENOSPC: 'no space left on the device',
    EEXIST: 'already exists',
  };
  // Name the path inside --out that failed; a staging folder beside it would only confuse.
  const at = typeof e.path === 'string' && e.path.startsWith(`${out}/`) ? ` (at ${e.path})` : '';
  return new OutError(`--out: cannot write ${out}${at}: ${e.code}${why[e.code] ? ` (${why[e.code]})` : ''}`);
}
