/**
 * cdktf's default local backend records an absolute state path (the synthesizing machine's working
 * directory); a bundle must run from its own directory on another machine.
 */

export function relativeLocalStatePath(path: string): string {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) ? (path.split(/[\\/]/).pop() as string) : path;
}

/** The same for HCL: `path = "/abs/x.tfstate"` inside `backend "local" { ... }`. */
export function relativeLocalStatePathHcl(hcl: string): string {
  return hcl.replace(
    /(backend "local" \{\s*path = )"((?:[^"\\]|\\.)*)"/,
    (_, head: string, path: string) => `${head}${JSON.stringify(relativeLocalStatePath(JSON.parse(`"${path}"`)))}`,
  );
}
