/**
 * Knot DNS (knotd from Debian, installed by scripts/tools.sh) serving a DnsPlan on port 53 of an
 * address inside the rehearsal's namespace. Knot is a plain authoritative server that answers
 * from the most specific zone it holds and refuses names outside all of them: exactly Azure
 * Private DNS's "a linked zone owns its whole name" rule, with no resolver logic to switch off.
 */
import { execFileSync } from 'child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { ServedZone } from './dns';
import type { ChildSet } from './processes';
import type { ZoneRecord } from './zone';

const fqdn = (name: string): string => (name === '.' ? '.' : `${name.replace(/\.$/, '')}.`);

function rdata(r: ZoneRecord): string {
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return r.address;
    case 'SRV':
      return `${r.priority ?? 0} ${r.weight ?? 0} ${r.port} ${fqdn(r.target)}`;
    case 'TXT':
      return JSON.stringify(r.data); // one quoted string; the values hold no quotes or backslashes
    case 'SOA':
      return `${fqdn(r.primary)} ${fqdn(r.admin)} 1 3600 600 86400 60`;
  }
}

export function zoneFile(zone: ServedZone): string {
  const soa = `${fqdn(zone.name)} 60 IN SOA ns.rehearse.invalid. hostmaster.rehearse.invalid. 1 3600 600 86400 60`;
  const lines = zone.records.map((r) => `${fqdn(r.name)} 60 IN ${r.type} ${rdata(r)}`);
  return [`; ${zone.origin} zone ${zone.name}, written by atlas-pl rehearse`, soa, ...lines, ''].join('\n');
}

/**
 * Knot as a forwarding DNS server (mod-dnsproxy, built into Debian's knotd): what a VNet's custom
 * DNS server or an on-premises resolver does. Each conditional forwarder sends ALL of its domain to
 * its targets with no local attempt (`fallback: off`, a per-zone module; the zone needs no zone
 * file: its load fails, logged, and the module still answers); every other name goes to
 * `upstream` (a global module with `fallback: on`: only queries no local zone answers, i.e. that
 * would be REFUSED). Checked with knotd 3.2.6: a per-zone forwarder wins over the global one.
 */
export interface Forwarding {
  /** The "internet": where every name outside the conditional forwarders goes. */
  readonly upstream: readonly string[];
  readonly conditional: readonly { readonly domain: string; readonly to: readonly string[] }[];
}

export interface KnotOptions {
  readonly bin: string;
  readonly dir: string;
  /** Where it listens (port 53): one address, or several (a resolver's inbound IPs). */
  readonly address: string | readonly string[];
  readonly zones: readonly ServedZone[];
  /** Forward instead of (or besides) serving zones. */
  readonly forwarding?: Forwarding;
  readonly exec: readonly string[];
  readonly children: ChildSet;
  /** Knot's control socket (default `<dir>/knot.sock`; a unix socket path must stay under 108 bytes). */
  readonly controlSocket?: string;
  /** Start knotd in its own session, so it survives this process (rehearse --keep). */
  readonly detached?: boolean;
}

export function findKnotd(): string | undefined {
  for (const candidate of [process.env.ATLAS_PL_KNOTD_BIN, '/usr/sbin/knotd', '/usr/local/sbin/knotd']) {
    if (!candidate) continue;
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

const remoteList = (ips: readonly string[]): string => `[ ${ips.map((ip) => `${ip}@53`).join(', ')} ]`;

/** The remotes, dnsproxy modules and zones of a forwarding Knot (see Forwarding). */
export function forwardingConf(f: Forwarding): { head: string[]; template: string[]; zones: string[] } {
  const head = ['remote:', '  - id: upstream', `    address: ${remoteList(f.upstream)}`];
  f.conditional.forEach((c, i) => head.push(`  - id: forward-${i}`, `    address: ${remoteList(c.to)}`));
  head.push('mod-dnsproxy:', '  - id: upstream', '    remote: upstream', '    fallback: on');
  f.conditional.forEach((_, i) => head.push(`  - id: forward-${i}`, `    remote: forward-${i}`, '    fallback: off'));
  const zones = f.conditional.flatMap((c, i) => [`  - domain: "${fqdn(c.domain)}"`, `    module: mod-dnsproxy/forward-${i}`]);
  return { head, template: ['    global-module: mod-dnsproxy/upstream'], zones };
}

/** Writes the configuration and zone files and starts knotd in the foreground (the caller waits). */
export function startKnot(options: KnotOptions): { process: ReturnType<ChildSet['spawn']>; log: () => string } {
  const zonesDir = join(options.dir, 'zones');
  mkdirSync(zonesDir, { recursive: true });
  mkdirSync(join(options.dir, 'db'), { recursive: true });
  const zoneConf = options.zones.map((zone, i) => {
    const file = join(zonesDir, `${i}-${zone.name === '.' ? 'root' : zone.name}.zone`);
    writeFileSync(file, zoneFile(zone));
    return `  - domain: "${fqdn(zone.name)}"\n    file: "${file}"`;
  });
  const addresses = typeof options.address === 'string' ? [options.address] : options.address;
  const forwarding = options.forwarding ? forwardingConf(options.forwarding) : { head: [], template: [], zones: [] };
  const conf = join(options.dir, 'knot.conf');
  writeFileSync(
    conf,
    [
      'server:',
      `    rundir: "${options.dir}"`,
      `    listen: [ ${addresses.map((a) => `${a}@53`).join(', ')} ]`,
      '    udp-workers: 1',
      '    tcp-workers: 1',
      '    background-workers: 1',
      'control:',
      `    listen: "${options.controlSocket ?? join(options.dir, 'knot.sock')}"`,
      'log:',
      '  - target: stderr',
      '    any: warning',
      'database:',
      `    storage: "${join(options.dir, 'db')}"`,
      // Remotes and modules before the template and zones that name them.
      ...forwarding.head,
      'template:',
      '  - id: default',
      '    zonefile-sync: -1',
      '    zonefile-load: whole',
      '    journal-content: none',
      ...forwarding.template,
      'zone:',
      ...zoneConf,
      ...forwarding.zones,
      '',
    ].join('\n'),
  );
  // Output to a file, not a pipe: with --keep knotd outlives this process.
  const logFile = join(options.dir, 'knotd.log');
  const out = openSync(logFile, 'a');
  const child = options.children.spawn(options.exec[0], [...options.exec.slice(1), options.bin, '-c', conf], { stdio: ['ignore', out, out], detached: options.detached });
  closeSync(out);
  return { process: child, log: () => readFileSync(logFile, 'utf8') };
}
