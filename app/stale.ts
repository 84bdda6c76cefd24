/**
 * After a failed synth the output folder still holds the Terraform of an earlier synth, which looks
 * as fresh as a new one; so do stacks of other configs synthesized there before. Such a stack's
 * Terraform file is renamed to `<file>.stale` (so `terraform plan` there finds no configuration
 * instead of applying the old one) beside a STALE.md that says why; a successful synth of that
 * stack removes both.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'fs';
import { basename, join } from 'path';

export const STALE_NOTE = 'STALE.md';
const TERRAFORM_FILES = ['cdk.tf.json', 'cdk.tf'];

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // missing, or a dangling link
  }
}

function stackDirs(outdir: string): string[] {
  const stacks = join(outdir, 'stacks');
  if (!isDirectory(stacks)) return [];
  return readdirSync(stacks)
    .map((name) => join(stacks, name))
    .filter(isDirectory);
}

/** Renames a stack folder's Terraform to `.stale` and says why in STALE.md; false when it holds none. */
function mark(dir: string, why: string): boolean {
  for (const file of TERRAFORM_FILES.filter((f) => existsSync(join(dir, f)))) renameSync(join(dir, file), join(dir, `${file}.stale`));
  const stale = TERRAFORM_FILES.map((f) => `${f}.stale`).filter((f) => existsSync(join(dir, f)));
  if (stale.length === 0) return false;
  writeFileSync(
    join(dir, STALE_NOTE),
    [
      '# Stale: do not apply',
      '',
      why,
      '',
      `${stale.map((f) => `\`${f}\``).join(' and ')} in this folder came from an earlier synth and may not match the config. ` +
        'Synthesize its config again: a successful synth of it replaces this folder.',
      '',
    ].join('\n'),
  );
  return true;
}

/** After a failed synth: marks every stack under `outdir` stale; returns the stack folders marked. */
export function markStale(outdir: string, configPath: string, reason: string): string[] {
  return stackDirs(outdir).filter((dir) => mark(dir, `The last synth, of \`${configPath}\`, failed: ${reason}`));
}

/**
 * After a successful synth into a folder that earlier synths of other configs wrote to: their
 * stacks are not in this synth's manifest (cdktf synth deletes them; the app alone does not).
 */
export function markOrphans(outdir: string, produced: readonly string[], configPath: string): string[] {
  return stackDirs(outdir)
    .filter((dir) => !produced.includes(basename(dir)))
    .filter((dir) => mark(dir, `The last synth, of \`${configPath}\`, did not produce this stack: it came from a synth of another config.`));
}

/** Removes the marks of the stacks a successful synth just wrote (into the same folder, as `cdktf synth` does). */
export function clearStale(outdir: string, produced: readonly string[]): void {
  for (const dir of stackDirs(outdir).filter((d) => produced.includes(basename(d)))) {
    for (const file of [STALE_NOTE, ...TERRAFORM_FILES.map((f) => `${f}.stale`)]) rmSync(join(dir, file), { force: true });
  }
}
