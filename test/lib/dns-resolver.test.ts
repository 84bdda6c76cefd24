import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { AtlasAzurePrivateLink, AtlasAzurePrivateLinkProps, AzureDnsPrivateResolver, DnsStrategy } from '../../lib';
import { CLUSTER_NAME, PROJECT_ID, RESOURCE_GROUP, SUBNET_ID, VNET_ID } from '../fixtures/samples';
import { newStack, onlyResource, resourcesOf, synthJson } from '../support/synth';

const HUB_SUB = '4c1d7e2a-9b3f-4a6e-8d5c-2f7a1b9e0c3d';
const HUB_VNET = `/subscriptions/${HUB_SUB}/resourceGroups/rg-connectivity/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
const INBOUND_SUBNET = `${HUB_VNET}/subnets/snet-dns-inbound`;
const resolver = { location: 'eastus2', virtualNetworkId: HUB_VNET, inboundSubnetId: INBOUND_SUBNET };

const base: AtlasAzurePrivateLinkProps = {
  projectId: PROJECT_ID,
  clusterName: CLUSTER_NAME,
  resourceGroupName: RESOURCE_GROUP,
  virtualNetworkIds: [VNET_ID],
  endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }],
};

function build(props: Partial<AtlasAzurePrivateLinkProps>) {
  const stack = newStack();
  const link = new AtlasAzurePrivateLink(stack, 'Link', { ...base, ...props });
  return { stack, link, json: synthJson(stack) };
}

describe('DNS Private Resolver and the forwarding output', () => {
  test('creates the resolver and its inbound endpoint with the DNS provider, and links every zone to its VNet', () => {
    const stack = newStack();
    const hub = new AzurermProvider(stack, 'hub', { features: [{}], alias: 'hub', subscriptionId: HUB_SUB });
    new AtlasAzurePrivateLink(stack, 'Link', { ...base, dnsAzurermProvider: hub, dnsResourceGroupName: 'rg-dns', dnsResolver: { ...resolver, inboundPrivateIpAddress: '10.0.2.4' } });
    const json = synthJson(stack);
    const r = onlyResource(json, 'azurerm_private_dns_resolver');
    expect(r).toMatchObject({ provider: 'azurerm.hub', resource_group_name: 'rg-dns', location: 'eastus2', virtual_network_id: HUB_VNET, name: 'dnspr-atlas' });
    const inbound = onlyResource(json, 'azurerm_private_dns_resolver_inbound_endpoint');
    expect(inbound.provider).toBe('azurerm.hub');
    expect(inbound.ip_configurations).toEqual({ subnet_id: INBOUND_SUBNET, private_ip_allocation_method: 'Static', private_ip_address: '10.0.2.4' });
    const linked = resourcesOf(json, 'azurerm_private_dns_zone_virtual_network_link').map((l) => l.virtual_network_id);
    expect(linked).toEqual([VNET_ID, HUB_VNET]);
  });

  test('host-zones: the output forwards exactly each pl-<n>-<region> zone to the inbound IP, never <hash>.mongodb.net', () => {
    const { json } = build({ dnsResolver: resolver });
    const value = json.output!.atlas_pl_dns_forwarding.value as string;
    const zone = Object.keys(json.resource.azurerm_private_dns_zone)[0];
    const inbound = Object.keys(json.resource.azurerm_private_dns_resolver_inbound_endpoint)[0];
    expect(value).toBe(
      `\${[{ domain = azurerm_private_dns_zone.${zone}.name, forward_to = [azurerm_private_dns_resolver_inbound_endpoint.${inbound}.ip_configurations[0].private_ip_address] }]}`,
    );
    expect(onlyResource(json, 'azurerm_private_dns_resolver_inbound_endpoint').ip_configurations.private_ip_allocation_method).toBe('Dynamic');
  });

  test('an existing inbound endpoint: its IPs in the output, nothing created, the VNet list unchanged', () => {
    const { json } = build({ existingDnsResolverInboundIps: ['10.0.2.4', '10.0.2.5'], dnsStrategy: DnsStrategy.CLUSTER_ZONE });
    expect(json.resource.azurerm_private_dns_resolver).toBeUndefined();
    const zone = Object.keys(json.resource.azurerm_private_dns_zone)[0];
    expect(json.output!.atlas_pl_dns_forwarding.value).toBe(`\${[{ domain = azurerm_private_dns_zone.${zone}.name, forward_to = ["10.0.2.4", "10.0.2.5"] }]}`);
    expect(resourcesOf(json, 'azurerm_private_dns_zone_virtual_network_link')).toHaveLength(1);
  });

  test('without a resolver there is no forwarding output', () => {
    expect(build({}).json.output!.atlas_pl_dns_forwarding).toBeUndefined();
  });

  test.each([
    ['both ways', { dnsResolver: resolver, existingDnsResolverInboundIps: ['10.0.2.4'] }, /^existingDnsResolverInboundIps: conflicts with dnsResolver/],
    ['nothing to forward to', { dnsResolver: resolver, dnsStrategy: DnsStrategy.NONE, virtualNetworkIds: [] }, /^dnsResolver: needs Private DNS zones to forward to: dnsStrategy none creates none/],
    ['a public IP', { existingDnsResolverInboundIps: ['8.8.8.8'] }, /^existingDnsResolverInboundIps\[0\]: "8\.8\.8\.8"/],
    ['an empty list', { existingDnsResolverInboundIps: [] }, /^existingDnsResolverInboundIps: must list at least one IP/],
    ['a subnet of another VNet', { dnsResolver: { ...resolver, inboundSubnetId: SUBNET_ID } }, /^dnsResolver\.inboundSubnetId: must be a subnet of virtualNetworkId/],
    ['a missing location', { dnsResolver: { virtualNetworkId: HUB_VNET, inboundSubnetId: INBOUND_SUBNET } as never }, /^dnsResolver\.location: is required/],
    ['a bad resource group', { dnsResolver: { ...resolver, resourceGroupName: 'rg dns' } }, /^dnsResolver\.resourceGroupName: "rg dns" is not an Azure resource group name/],
  ])('refuses %s, naming the field', (_what, props, message) => {
    expect(() => build(props as Partial<AtlasAzurePrivateLinkProps>)).toThrow(message);
  });

  test('the construct alone exposes the inbound IP reference', () => {
    const stack = newStack();
    const r = new AzureDnsPrivateResolver(stack, 'R', { resourceGroupName: 'rg-dns', location: 'US_EAST_2', virtualNetworkId: HUB_VNET, inboundSubnetId: INBOUND_SUBNET, name: 'dnspr-hub' });
    expect(r.inboundIpAddress).toMatch(/TfToken/);
    expect(onlyResource(synthJson(stack), 'azurerm_private_dns_resolver_inbound_endpoint').name).toBe('dnspr-hub-inbound');
  });
});
