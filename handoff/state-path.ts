/**
 * cdktf's default local backend records an absolute state path (the synthesizing machine's working
 * directory); a bundle must run from its own directory on another machine, and keep its state there.
 * The config refuses a path that leaves the folder (app/config-checks.ts); this is the same rule for
 * whatever else built the Terraform: anything absolute or with a `..` step becomes its file name.
 */
import { stateOutsideFolder } from '../app/config-checks';

export function relativeLocalStatePath(path: string): string {
  return stateOutsideFolder(path) ? (path.split(/[\\/]/).pop() as string) : path;
}

/** The same for HCL: `path = "/abs/x.tfstate"` inside `backend "local" { ... }`. */
export function relativeLocalStatePathHcl(hcl: string): string {
  return hcl.replace(
    /(backend "local" \{\s*path = )"((?:[^"\\]|\\.)*)"/,
    (_, head: string, path: string) => `${head}${JSON.stringify(relativeLocalStatePath(JSON.parse(`"${path}"`)))}`,
  );
}
