/**
 * Is the resolver this machine asks Azure DNS? Azure DNS answers at 168.63.129.16 in every VNet,
 * and only it answers from the Private DNS zones linked to the VNet; a VNet with custom DNS
 * servers resolves private zones only if those servers forward to it (or to a DNS Private
 * Resolver's inbound endpoint). Ubuntu images ask systemd-resolved's stub (127.0.0.53), whose
 * upstream servers are listed in /run/systemd/resolve/resolv.conf.
 */
import { isIP } from 'net';
import { InputFileError, readInputFile } from '../input-file';
import type { SrvTarget } from '../types';

export const AZURE_DNS = '168.63.129.16';
const SYSTEMD_STUB = '127.0.0.53';
const SYSTEMD_UPSTREAM = '/run/systemd/resolve/resolv.conf';

/** "10.0.0.4:53" / "[fd00::53]:53" / "::1" -> the address alone. */
export function serverAddress(server: string): string {
  if (isIP(server)) return server;
  const bracketed = /^\[([^\]]+)\]/.exec(server);
  return bracketed ? bracketed[1] : server.replace(/:\d+$/, '');
}

/** The upstream servers of systemd-resolved, or undefined when that file cannot be read. */
export function systemdUpstream(path = SYSTEMD_UPSTREAM): string[] | undefined {
  try {
    return [...readInputFile(path, 64 * 1024).matchAll(/^\s*nameserver\s+(\S+)/gm)].map((m) => m[1]);
  } catch (e) {
    if (e instanceof InputFileError) return undefined;
    throw e;
  }
}

/** 'azure', 'other' (with what the resolver is), or 'unknown' (a stub whose upstream is unreadable). */
export function resolverKind(servers: readonly string[], upstream: () => string[] | undefined = systemdUpstream): { kind: 'azure' | 'other' | 'unknown'; what: string } {
  const addresses = servers.map(serverAddress);
  const what = servers.join(', ');
  if (addresses.includes(AZURE_DNS)) return { kind: 'azure', what };
  if (!addresses.includes(SYSTEMD_STUB)) return { kind: 'other', what };
  const up = upstream();
  if (up === undefined) return { kind: 'unknown', what };
  return { kind: up.includes(AZURE_DNS) ? 'azure' : 'other', what: `${what} (systemd-resolved, forwarding to ${up.join(', ') || 'no server'})` };
}

/**
 * The evidence for CUSTOM_DNS_NOT_FORWARDING, or undefined when the resolver is (or may be) Azure
 * DNS: which server answered what. A custom DNS server that does not forward the private zones
 * answers the private host with NXDOMAIN (no public record: `missing`) or with an empty answer
 * (NODATA: `empty`), which is what resolvers that drop private addresses from public answers give
 * (dnsmasq --stop-dns-rebind, Unbound private-address; model §M10.7).
 */
export function customDnsEvidence(
  servers: readonly string[],
  resolverIsAzure: boolean,
  srvName: string,
  targets: readonly SrvTarget[],
  missing: readonly string[],
  upstream?: () => string[] | undefined,
  empty: readonly string[] = [],
): string | undefined {
  if (resolverIsAzure || missing.length + empty.length === 0) return undefined;
  const resolver = resolverKind(servers, upstream);
  if (resolver.kind !== 'other') return undefined;
  const answered = [...new Set(targets.map((t) => t.name))].join(', ');
  const what = [
    ...(missing.length ? [`NXDOMAIN for ${missing.join(', ')}`] : []),
    ...(empty.length ? [`no address (an empty answer, as from a resolver that drops private addresses) for ${empty.join(', ')}`] : []),
  ].join(' and ');
  return `the resolver ${resolver.what} is not Azure DNS (${AZURE_DNS}): it answered the SRV query _mongodb._tcp.${srvName} (${answered}) but ${what}`;
}

/**
 * The evidence for PRIVATE_ZONE_NOT_LINKED: through Azure DNS (or a resolver said to forward to
 * it), the SRV name answered, but NONE of the hosts the outputs tie to an endpoint resolves (listed
 * by an endpoint object, or matched by endpoint-match.ts: its pl-<n>-<region> and SRV string).
 * Azure DNS answers those hosts only from a Private DNS zone linked to the VNet (model §M10.4):
 * the resolver works (it answered), the hosts are the endpoint's own (the outputs say so), and
 * not one of them resolves, so no zone holding them is linked. When some listed host resolves, a
 * zone is linked and a record is missing: that stays A_NXDOMAIN; without outputs, too.
 */
export function zoneNotLinkedEvidence(
  servers: readonly string[],
  resolverIsAzure: boolean,
  srvName: string,
  targets: readonly SrvTarget[],
  missing: readonly string[],
  owned: (name: string) => boolean,
  resolved: readonly string[],
  upstream?: () => string[] | undefined,
): string | undefined {
  if (!resolverIsAzure && resolverKind(servers, upstream).kind !== 'azure') return undefined;
  const endpointHosts = missing.filter(owned);
  if (endpointHosts.length === 0 || targets.length === 0 || resolved.some(owned)) return undefined;
  return `${endpointHosts.join(', ')}, an endpoint host by the outputs, is NXDOMAIN through Azure DNS (${servers.join(', ')}), which answered the SRV query _mongodb._tcp.${srvName}, and none of the endpoint's hosts resolves: the resolver works and the hosts are the endpoint's own, so no zone holding them is linked to this VNet`;
}
