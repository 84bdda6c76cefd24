import { spawnSync } from 'child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';

/**
 * cdktf 0.21's HCL renderer (the last release: it will not be fixed upstream) writes lifecycle
 * preconditions as an attribute, `precondition = [{ condition = ..., error_message = ... }]`,
 * which Terraform rejects ("An argument named precondition is not expected here"): they must be
 * blocks. The JSON output is right. This rewrites the rendered list into one block per condition.
 */
export function fixConditionBlocks(hcl: string): string {
  const lines = hcl.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(precondition|postcondition) = \[$/.exec(lines[i]);
    if (!open) {
      out.push(lines[i]);
      continue;
    }
    // The renderer puts each condition object's braces and the list's closing bracket on lines
    // of their own (indentation differs before and after `terraform fmt`, so it is ignored).
    const [, indent, kind] = open;
    let j = i + 1;
    for (; j < lines.length && lines[j].trim() !== ']'; j++) {
      const line = lines[j].trim();
      if (line === '{') out.push(`${indent}${kind} {`);
      else if (line === '}' || line === '},') out.push(`${indent}}`);
      else out.push(`${indent}  ${line}`);
    }
    if (j === lines.length) throw new Error(`unterminated ${kind} list at line ${i + 1} of the rendered HCL`);
    i = j;
  }
  return out.join('\n');
}

/**
 * cdktf also quotes `depends_on` references (`"type.name"`), which Terraform deprecates
 * ("Quoted references are deprecated ... will be removed"): write them bare.
 */
export function unquoteDependsOn(hcl: string): string {
  return hcl.replace(/(depends_on\s*=\s*\[)([^\]]*)\]/g, (_all, head: string, list: string) =>
    `${head}${list.replace(/"((?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)"/g, '$1')}]`,
  );
}

/**
 * The oldest Terraform that parses a configuration (JSON or HCL): preconditions came in 1.2,
 * startswith()/endswith() in 1.3.
 */
export function minimumTerraform(text: string): string {
  if (/\b(endswith|startswith)\(/.test(text)) return '1.3';
  return /"precondition"|\bprecondition\s*[={]/.test(text) ? '1.2' : '1.0';
}

/** Declares that version in the `terraform` block, so an older Terraform says so instead of failing on a construct. */
export function addRequiredVersion(hcl: string): string {
  if (/^\s*required_version\s*=/m.test(hcl)) return hcl;
  return hcl.replace(/^terraform \{\n/m, (head) => `${head}required_version = ">= ${minimumTerraform(hcl)}"\n`);
}

/**
 * `terraform fmt` of the text when a Terraform binary is at hand ($ATLAS_PL_TF_BINARY, set by the tools env, else
 * `terraform` on PATH), so that the HCL handoff passes `terraform fmt -check` in the receiving
 * team's pipeline; without one the text stays as it is (valid, only not in canonical layout).
 */
export function terraformFmt(hcl: string, env: NodeJS.ProcessEnv = process.env): string {
  const run = spawnSync(env.ATLAS_PL_TF_BINARY || 'terraform', ['fmt', '-no-color', '-'], {
    input: hcl,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...env, CHECKPOINT_DISABLE: '1' },
  });
  return run.status === 0 && run.stdout ? run.stdout : hcl;
}

/** The fixes cdktf 0.21's rendered HCL needs before Terraform accepts it cleanly and `terraform fmt -check` passes. */
export function fixRenderedHcl(hcl: string): string {
  return terraformFmt(addRequiredVersion(unquoteDependsOn(fixConditionBlocks(hcl))));
}

/** Applies fixRenderedHcl to every `cdk.tf` below a synth output folder. */
export function fixRenderedHclIn(outdir: string): void {
  const stacks = join(outdir, 'stacks');
  for (const name of readdirSync(stacks)) {
    const file = join(stacks, name, 'cdk.tf');
    if (!statSync(join(stacks, name)).isDirectory()) continue;
    try {
      writeFileSync(file, fixRenderedHcl(readFileSync(file, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
