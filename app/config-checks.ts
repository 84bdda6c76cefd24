/**
 * Paths in a config are written as the config spells them: `endpoints[0].requestMessage`, `tags["cost center"]`.
 */
import { shown } from '../lib/text';

export function pathJoin(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${shown(key)}]`;
}
