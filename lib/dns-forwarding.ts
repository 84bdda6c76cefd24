/**
 * Forwarding for resolvers outside the linked VNets: which domains, to which IPs. With
 * host-zones the domains are exactly the `pl-<n>-<region>.<hash>.mongodb.net` zones, so the
 * cluster's SRV and TXT names (`_mongodb._tcp.<srv host>`, `<srv host>`) keep resolving publicly;
 * forwarding `<hash>.mongodb.net` would shadow them unless the zone carries them (cluster-zone).
 */
import type { AtlasAzurePrivateLinkProps } from './atlas-azure-private-link';
import { checkPrivateIpv4 } from './azure-validation';
import { DnsStrategy } from './atlas-private-dns';
import { hcl, hclValue } from './hcl';
import { checkPropTypes, InvalidPropError, isToken, PropType } from './validation';

/** An Azure DNS Private Resolver to create in the hub (with the DNS provider). */
export interface DnsResolverOptions {
  /** Region of the resolver: its VNet's (`eastus2` or `US_EAST_2`). */
  readonly location: string;
  /**
   * The hub VNet; the zones are linked to it.
   * @example '/subscriptions/4c1d7e2a-9b3f-4a6e-8d5c-2f7a1b9e0c3d/resourceGroups/rg-connectivity/providers/Microsoft.Network/virtualNetworks/vnet-hub'
   */
  readonly virtualNetworkId: string;
  /** A subnet of that VNet, dedicated to the inbound endpoint and delegated to Microsoft.Network/dnsResolvers. */
  readonly inboundSubnetId: string;
  /**
   * Static inbound IP (what forwarders point at).
   * @default - dynamic
   */
  readonly inboundPrivateIpAddress?: string;
  /**
   * Resource group of the resolver.
   * @default - the DNS resource group
   */
  readonly resourceGroupName?: string;
  /**
   * Name of the resolver.
   * @default 'dnspr-atlas'
   */
  readonly name?: string;
}

const RESOLVER_TYPES: Record<keyof DnsResolverOptions, PropType> = {
  location: 'string',
  virtualNetworkId: 'string',
  inboundSubnetId: 'string',
  inboundPrivateIpAddress: 'string',
  resourceGroupName: 'string',
  name: 'string',
};

/** Checks the two ways of naming forward targets; returns the named IPs (a fresh array). */
export function checkResolverOptions(props: AtlasAzurePrivateLinkProps): string[] {
  const ips = props.existingDnsResolverInboundIps;
  if (props.dnsResolver !== undefined) {
    checkPropTypes('dnsResolver', 'DnsResolverOptions', props.dnsResolver, RESOLVER_TYPES, ['location', 'virtualNetworkId', 'inboundSubnetId']);
    if (ips !== undefined) {
      throw new InvalidPropError('existingDnsResolverInboundIps', 'conflicts with dnsResolver: give a resolver to create or the IPs of an existing one');
    }
  }
  if (ips !== undefined) {
    if (ips.length === 0) throw new InvalidPropError('existingDnsResolverInboundIps', 'must list at least one IP (or leave it out)');
    ips.forEach((ip, i) => checkPrivateIpv4(`existingDnsResolverInboundIps[${i}]`, ip));
  }
  const wanted = props.dnsResolver !== undefined || ips !== undefined;
  if (wanted && props.dnsStrategy === DnsStrategy.NONE) {
    throw new InvalidPropError(props.dnsResolver !== undefined ? 'dnsResolver' : 'existingDnsResolverInboundIps', 'needs Private DNS zones to forward to: dnsStrategy none creates none');
  }
  return [...(ips ?? [])];
}

/** The VNet ids to link, plus the resolver's VNet when it is not among them. */
export function withResolverVnet(ids: string[], resolverVnet: string | undefined): string[] {
  if (resolverVnet === undefined) return ids;
  const known = ids.some((id) => !isToken(id) && !isToken(resolverVnet) && id.toLowerCase() === resolverVnet.toLowerCase());
  return known ? ids : [...ids, resolverVnet];
}

/** `[{ domain, forward_to }]`: one conditional-forwarder zone per Private DNS zone. */
export function forwardingOutput(zoneNames: string[], targets: string[]): string {
  const to = `[${targets.map(hclValue).join(', ')}]`;
  return hcl(`[${zoneNames.map((z) => `{ domain = ${hclValue(z)}, forward_to = ${to} }`).join(', ')}]`);
}
