/**
 * Network namespaces that hold only what we put in them: a loopback interface, the private
 * endpoint addresses of a rehearsal, a resolv.conf of our own. Nothing routes out of them, so
 * whatever a program inside does with a 10.x or public address, no packet leaves the namespace.
 */
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { isPrivateIpv4, PRIVATE_IPV4_RANGES_TEXT } from '../lib/ip-ranges';

export interface Netns {
  readonly name: string;
  /** The argv prefix that runs a command inside the namespace. */
  readonly exec: readonly string[];
  /** `/etc/netns/<name>`: `ip netns exec` bind-mounts its files over /etc (resolv.conf). */
  readonly etcDir: string;
  remove(): void;
}

const ip = (args: string[]): string => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

export function createNetns(prefix = 'atlaspl'): Netns {
  return createNamedNetns(`${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`);
}

/** A namespace with a name chosen (and recorded) beforehand: the rehearsal's runs.ts record. */
export function createNamedNetns(name: string): Netns {
  const etcDir = join('/etc/netns', name);
  ip(['netns', 'add', name]);
  const remove = (): void => {
    try {
      ip(['netns', 'delete', name]);
    } catch {
      // already gone
    }
    rmSync(etcDir, { recursive: true, force: true });
  };
  try {
    ip(['-n', name, 'link', 'set', 'lo', 'up']);
  } catch (error) {
    remove();
    throw error;
  }
  return { name, exec: ['ip', 'netns', 'exec', name], etcDir, remove };
}

/**
 * Puts host addresses (/32) into the namespace: on a `dummy` interface where the kernel has that
 * link type, else on `lo` (many kernels, these machines included, lack the dummy module).
 * Returns the interface used.
 */
export function addAddresses(ns: Netns, addresses: readonly string[]): string {
  let dev = 'lo';
  try {
    ip(['-n', ns.name, 'link', 'add', 'pe0', 'type', 'dummy']);
    ip(['-n', ns.name, 'link', 'set', 'pe0', 'up']);
    dev = 'pe0';
  } catch {
    // "Unknown device type": use lo, which answers for its addresses just the same.
  }
  for (const address of addresses) ip(['-n', ns.name, 'addr', 'add', `${address}/${address.includes(':') ? 128 : 32}`, 'dev', dev]);
  return dev;
}

/**
 * Puts private IPv4 host addresses on the namespace's own lo (a DNS server's address, such as a
 * resolver's inbound endpoint IP). Anything else is refused: no public address ever goes on an
 * interface, not even inside a namespace.
 */
export function addLoopbackAddresses(ns: Netns, addresses: readonly string[]): void {
  const bad = addresses.find((a) => !isPrivateIpv4(a));
  if (bad) throw new Error(`refusing to put ${bad} in namespace ${ns.name}: not a private IPv4 address (${PRIVATE_IPV4_RANGES_TEXT})`);
  for (const address of addresses) ip(['-n', ns.name, 'addr', 'add', `${address}/32`, 'dev', 'lo']);
}

/** The namespace's /etc/resolv.conf: only our DNS server, short bounded retries, no search list. */
export function writeResolvConf(ns: Netns, nameserver: string): void {
  mkdirSync(ns.etcDir, { recursive: true });
  writeFileSync(join(ns.etcDir, 'resolv.conf'), `# written by atlas-pl rehearse for namespace ${ns.name}\nnameserver ${nameserver}\noptions timeout:2 attempts:2\n`);
}

/** Interfaces that are UP inside the namespace (the tests assert it is loopback only). */
export function interfacesIn(ns: Netns): string[] {
  return ip(['-n', ns.name, '-o', 'link', 'show', 'up'])
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(':')[1].trim().replace(/@.*$/, ''));
}

/** Whether this process may create namespaces: root and iproute2. */
export function netnsAvailable(): { ok: boolean; reason: string } {
  if (process.getuid?.() !== 0) return { ok: false, reason: 'network namespaces need root (run as root, e.g. sudo -E npm run rehearse; CI runs as root)' };
  try {
    ip(['netns', 'list']);
    return { ok: true, reason: '' };
  } catch {
    return { ok: false, reason: 'the ip command (iproute2) with netns support is missing' };
  }
}

/** Names of the namespaces that exist now (tests check none of theirs is left). */
export function listNetns(): string[] {
  return ip(['netns', 'list'])
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ')[0]);
}
