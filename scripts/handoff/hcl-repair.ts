/**
 * Fixes for cdktf 0.21.0's HCL output. cdktf is archived, so its renderer will not be fixed upstream:
 * it writes `lifecycle { precondition = [ { ... }, ] }`, an attribute Terraform rejects
 * ("An argument named precondition is not expected here"); the valid form is one
 * `precondition { ... }` block per condition.
 */

const LIST_START = /^(\s*)(precondition|postcondition) = \[\s*$/;

/**
 * Rewrites condition lists into blocks. cdktf renders each list item as `{`, one line per
 * attribute (HCL quoted strings cannot span lines), then `},`; anything else is a shape this
 * code does not know, so it throws rather than emit Terraform that might be wrong.
 */
export function repairConditionBlocks(hcl: string): string {
  const lines = hcl.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = LIST_START.exec(lines[i]);
    if (!start) {
      out.push(lines[i]);
      continue;
    }
    const [, indent, kind] = start;
    const unexpected = (at: number) => new Error(`cdk.tf line ${at + 1}: unexpected ${kind} list shape: ${JSON.stringify(lines[at])}`);
    for (i++; i < lines.length && lines[i].trim() !== ']'; i++) {
      if (lines[i].trim() !== '{') throw unexpected(i);
      out.push(`${indent}${kind} {`);
      for (i++; i < lines.length && lines[i].trim() !== '},' && lines[i].trim() !== '}'; i++) {
        if (!/^\s*[a-z_]+ = ".*"\s*$/.test(lines[i])) throw unexpected(i);
        out.push(`${indent}  ${lines[i].trim()}`);
      }
      if (i >= lines.length) throw unexpected(lines.length - 1);
      out.push(`${indent}}`);
    }
    if (i >= lines.length) throw unexpected(lines.length - 1);
  }
  return out.join('\n');
}

/** An absolute local-backend path would tie the state to the machine that synthesized it. */
export function relativeLocalStatePath(path: string): string {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) ? (path.split(/[\\/]/).pop() as string) : path;
}

/** The same for HCL: `path = "/abs/x.tfstate"` inside `backend "local" { ... }`. */
export function repairLocalBackendHcl(hcl: string): string {
  return hcl.replace(/(backend "local" \{\s*path = )"((?:[^"\\]|\\.)*)"/, (_, head: string, path: string) => `${head}${JSON.stringify(relativeLocalStatePath(JSON.parse(`"${path}"`)))}`);
}
