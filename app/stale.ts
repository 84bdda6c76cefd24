/**
 * After a failed synth the output folder still holds the Terraform of an earlier synth, which looks
 * as fresh as a new one. Each stack's Terraform file is renamed to `<file>.stale` (so `terraform
 * plan` there finds no configuration instead of applying the old one) beside a STALE.md that says
 * why; a successful synth removes both.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';

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

/** Marks every stack under `outdir` stale; returns the stack folders marked. */
export function markStale(outdir: string, configPath: string, reason: string): string[] {
  const marked: string[] = [];
  for (const dir of stackDirs(outdir)) {
    const files = TERRAFORM_FILES.filter((f) => existsSync(join(dir, f)));
    for (const file of files) renameSync(join(dir, file), join(dir, `${file}.stale`));
    const stale = TERRAFORM_FILES.map((f) => `${f}.stale`).filter((f) => existsSync(join(dir, f)));
    if (stale.length === 0) continue;
    writeFileSync(
      join(dir, STALE_NOTE),
      [
        '# Stale: do not apply',
        '',
        `The last synth, of \`${configPath}\`, failed: ${reason}`,
        '',
        `${stale.map((f) => `\`${f}\``).join(' and ')} in this folder came from an earlier synth and may not match the config. ` +
          'Fix the config and synthesize again: a successful synth replaces this folder.',
        '',
      ].join('\n'),
    );
    marked.push(dir);
  }
  return marked;
}

/** Removes the stale marks (after a successful synth into the same folder, as `cdktf synth` does). */
export function clearStale(outdir: string): void {
  for (const dir of stackDirs(outdir)) {
    for (const file of [STALE_NOTE, ...TERRAFORM_FILES.map((f) => `${f}.stale`)]) rmSync(join(dir, file), { force: true });
  }
}
