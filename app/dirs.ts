import { existsSync, mkdirSync, rmSync } from 'fs';
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
