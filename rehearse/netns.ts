/**
 * Network namespaces with only a loopback interface, for scenarios whose DNS answers name
 * non-loopback addresses: whatever the verifier does with such an answer, no packet can leave.
 */
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';

export interface Netns {
  readonly name: string;
  /** The argv prefix that runs a command inside the namespace. */
  readonly exec: readonly string[];
  remove(): void;
}

export function createNetns(): Netns {
  const name = `atlaspl-${process.pid}-${randomBytes(3).toString('hex')}`;
  execFileSync('ip', ['netns', 'add', name]);
  try {
    execFileSync('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
  } catch (error) {
    execFileSync('ip', ['netns', 'delete', name]);
    throw error;
  }
  return {
    name,
    exec: ['ip', 'netns', 'exec', name],
    remove: () => {
      try {
        execFileSync('ip', ['netns', 'delete', name], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    },
  };
}

/** Interfaces that are UP inside the namespace (the tests assert it is loopback only). */
export function interfacesIn(ns: Netns): string[] {
  const out = execFileSync('ip', ['netns', 'exec', ns.name, 'ip', '-o', 'link', 'show', 'up'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(':')[1].trim());
}
