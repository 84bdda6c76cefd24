import { App, TerraformStack, Testing } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { MongodbatlasProvider } from '@cdktf/provider-mongodbatlas/lib/provider';
import { AtlasAzurePrivateLink, AtlasAzurePrivateLinkProps, DnsStrategy } from '../../lib';
import { CLUSTER_NAME, PROJECT_ID } from '../fixtures/samples';
import { resourcesOf, synthJson } from '../support/synth';

// Landing zone: two spokes with their own subscriptions, DNS in the hub's (model §M9.1, §M9.5).
const HUB = '11111111-1111-4111-8111-111111111111';
const SPOKE_A = '22222222-2222-4222-8222-222222222222';
const SPOKE_B = '33333333-3333-4333-8333-333333333333';
const subnet = (sub: string, rg: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/vnet-${rg}/subnets/snet-pe`;
const vnet = (sub: string, rg: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/vnet-${rg}`;

function landingZone(defaultSubscription?: string) {
  const stack = new TerraformStack(Testing.app() as App, 'lz');
  new MongodbatlasProvider(stack, 'mongodbatlas', {});
  const hub = new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: defaultSubscription });
  const a = new AzurermProvider(stack, 'spoke_a', { features: [{}], alias: 'spoke_a', subscriptionId: SPOKE_A });
  const b = new AzurermProvider(stack, 'spoke_b', { features: [{}], alias: 'spoke_b', subscriptionId: SPOKE_B });
  return { stack, hub, a, b };
}

function props(a: AzurermProvider | undefined, b: AzurermProvider | undefined, extra: Partial<AtlasAzurePrivateLinkProps> = {}): AtlasAzurePrivateLinkProps {
  return {
    projectId: PROJECT_ID,
    clusterName: CLUSTER_NAME,
    resourceGroupName: 'rg-hub-dns',
    dnsStrategy: DnsStrategy.HOST_ZONES,
    virtualNetworkIds: [vnet(SPOKE_A, 'rg-a'), vnet(SPOKE_B, 'rg-b'), vnet(HUB, 'rg-hub')],
    endpoints: [
      { region: 'eastus2', subnetId: subnet(SPOKE_A, 'rg-a'), resourceGroupName: 'rg-a', azurermProvider: a },
      { region: 'westus2', subnetId: subnet(SPOKE_B, 'rg-b'), resourceGroupName: 'rg-b', azurermProvider: b },
    ],
    ...extra,
  };
}

describe('subscriptions per part', () => {
  test("Azure's connection state is read through each endpoint's own provider (the data source looks in its provider's subscription, model §M7.1, §M9.1)", () => {
    const { stack, a, b } = landingZone(HUB);
    new AtlasAzurePrivateLink(stack, 'Link', props(a, b));
    const json = synthJson(stack);
    const endpoints = Object.keys(json.resource.azurerm_private_endpoint);
    const reads = Object.values(json.data?.azurerm_private_endpoint_connection ?? {}) as Array<{ provider?: string; name: string; depends_on: string[] }>;
    expect(reads.map((r) => r.provider)).toEqual(['azurerm.spoke_a', 'azurerm.spoke_b']);
    reads.forEach((r, i) => {
      expect(r.name).toBe(`\${azurerm_private_endpoint.${endpoints[i]}.name}`);
      expect(r.depends_on[0]).toBe(`azurerm_private_endpoint.${endpoints[i]}`);
    });
  });

  test("each endpoint goes to its subnet's subscription, in its own resource group; DNS to the hub provider", () => {
    const { stack, a, b } = landingZone(HUB);
    const link = new AtlasAzurePrivateLink(stack, 'Link', props(a, b));
    const json = synthJson(stack);
    const endpoints = resourcesOf(json, 'azurerm_private_endpoint');
    expect(endpoints.map((e) => [e.provider, e.resource_group_name])).toEqual([
      ['azurerm.spoke_a', 'rg-a'],
      ['azurerm.spoke_b', 'rg-b'],
    ]);
    // Zones, A records and links: no provider meta-argument = the default (hub) provider.
    for (const type of ['azurerm_private_dns_zone', 'azurerm_private_dns_a_record', 'azurerm_private_dns_zone_virtual_network_link']) {
      const all = resourcesOf(json, type);
      expect(all.length).toBeGreaterThan(0);
      for (const r of all) expect(r.provider).toBeUndefined();
      for (const r of all) expect(r.resource_group_name).toBe('rg-hub-dns');
    }
    expect(link.dns.zoneNames).toHaveLength(2);
    expect(json.provider.azurerm.map((p: { alias?: string; subscription_id?: string }) => [p.alias, p.subscription_id])).toEqual([
      [undefined, HUB],
      ['spoke_a', SPOKE_A],
      ['spoke_b', SPOKE_B],
    ]);
  });

  test('dnsAzurermProvider sends every zone, record and link (cluster-zone too) to that alias, and dnsResourceGroupName names the group', () => {
    const { stack, a, b } = landingZone(SPOKE_A);
    const dnsHub = new AzurermProvider(stack, 'hub', { features: [{}], alias: 'hub', subscriptionId: HUB });
    new AtlasAzurePrivateLink(stack, 'Link', props(a, b, { dnsAzurermProvider: dnsHub, dnsResourceGroupName: 'rg-dns', dnsStrategy: DnsStrategy.CLUSTER_ZONE }));
    const json = synthJson(stack);
    const dnsTypes = Object.keys(json.resource).filter((t) => t.startsWith('azurerm_private_dns_'));
    expect(dnsTypes.sort()).toEqual(['azurerm_private_dns_a_record', 'azurerm_private_dns_srv_record', 'azurerm_private_dns_txt_record', 'azurerm_private_dns_zone', 'azurerm_private_dns_zone_virtual_network_link']);
    for (const type of dnsTypes) for (const r of resourcesOf(json, type)) expect([r.provider, r.resource_group_name]).toEqual(['azurerm.hub', 'rg-dns']);
  });

  test('an endpoint given the provider of another subscription is refused, naming its azurermProvider', () => {
    const { stack, a } = landingZone(HUB);
    expect(() => new AtlasAzurePrivateLink(stack, 'Link', props(a, a))).toThrow(
      `endpoints[1].azurermProvider: the subnet is in subscription ${SPOKE_B} but the provider given (azurerm.spoke_a) creates in subscription ${SPOKE_A}: Azure creates a private endpoint only in its virtual network's subscription (model §M9.1)`,
    );
  });

  test("an endpoint without a provider is checked against the stack's default provider, naming its subnetId", () => {
    const { stack, a } = landingZone(HUB);
    expect(() => new AtlasAzurePrivateLink(stack, 'Link', props(a, undefined))).toThrow(
      `endpoints[1].subnetId: the subnet is in subscription ${SPOKE_B} but the stack's default provider (azurerm) creates in subscription ${HUB}`,
    );
  });

  test('a default provider without subscription_id (ARM_SUBSCRIPTION_ID at plan) cannot be checked at synth, and is accepted', () => {
    const { stack, a } = landingZone(undefined);
    expect(() => new AtlasAzurePrivateLink(stack, 'Link', props(a, undefined))).not.toThrow();
  });

  test('subscription ids compare case-insensitively, as ARM ids do', () => {
    const { stack, a, b } = landingZone(HUB);
    const upper = props(a, b);
    const endpoints = upper.endpoints.map((e) => ({ ...e, subnetId: (e.subnetId as string).replace(/subscriptions\/([^/]+)/, (_m, s: string) => `subscriptions/${s.toUpperCase()}`) }));
    expect(() => new AtlasAzurePrivateLink(stack, 'Link', { ...upper, endpoints })).not.toThrow();
  });

  test('a provider that is not azurerm is refused by name', () => {
    const { stack, a } = landingZone(HUB);
    const atlas = stack.node.findChild('mongodbatlas') as MongodbatlasProvider;
    expect(() => new AtlasAzurePrivateLink(stack, 'Link', props(a, atlas as unknown as AzurermProvider))).toThrow(
      'endpoints[1].azurermProvider: must be an azurerm provider (AzurermProvider from @cdktf/provider-azurerm/lib/provider); got a mongodbatlas provider',
    );
    const fresh = landingZone(HUB);
    expect(() => new AtlasAzurePrivateLink(fresh.stack, 'Link', props(fresh.a, fresh.b, { dnsAzurermProvider: { alias: 'x' } as unknown as AzurermProvider }))).toThrow(
      'dnsAzurermProvider: must be an azurerm provider',
    );
  });

  test("an endpoint's resourceGroupName is checked under its own name", () => {
    const { stack, a, b } = landingZone(HUB);
    const p = props(a, b);
    const endpoints = [p.endpoints[0], { ...p.endpoints[1], resourceGroupName: 'rg b' }];
    expect(() => new AtlasAzurePrivateLink(stack, 'Link', { ...p, endpoints })).toThrow(/^endpoints\[1\]\.resourceGroupName: "rg b" is not an Azure resource group name/);
  });

  describe('an endpoint brought in by id: its connection state is read through the provider of its own subscription (model §M7.4)', () => {
    const adopted = (sub: string) => `/subscriptions/${sub}/resourceGroups/rg-b/providers/Microsoft.Network/privateEndpoints/pe-by-hand`;
    const withAdopted = (a: AzurermProvider, extra: Record<string, unknown>): AtlasAzurePrivateLinkProps => {
      const p = props(a, undefined);
      return { ...p, endpoints: [p.endpoints[0], { region: 'westus2', existingPrivateEndpointId: adopted(SPOKE_B), existingPrivateIpAddress: '10.2.0.4', ...extra }] };
    };

    test('its azurermProvider reads it (names from the id)', () => {
      const { stack, a, b } = landingZone(HUB);
      new AtlasAzurePrivateLink(stack, 'Link', withAdopted(a, { azurermProvider: b }));
      const reads = Object.values(synthJson(stack).data!.azurerm_private_endpoint_connection) as Array<Record<string, unknown>>;
      expect(reads.map((r) => [r.provider, r.resource_group_name, r.name])).toEqual([
        ['azurerm.spoke_a', expect.any(String), expect.any(String)],
        ['azurerm.spoke_b', 'rg-b', 'pe-by-hand'],
      ]);
    });

    test('a provider of another subscription is refused, naming its azurermProvider; the default one, naming existingPrivateEndpointId', () => {
      const one = landingZone(HUB);
      expect(() => new AtlasAzurePrivateLink(one.stack, 'Link', withAdopted(one.a, { azurermProvider: one.a }))).toThrow(
        `endpoints[1].azurermProvider: the private endpoint is in subscription ${SPOKE_B} but the provider given (azurerm.spoke_a) reads in subscription ${SPOKE_A}: ` +
          "the data source azurerm_private_endpoint_connection looks up an endpoint only in its provider's subscription (model §M7.4); give this endpoint an azurerm provider whose subscription_id is " +
          SPOKE_B,
      );
      const two = landingZone(HUB);
      expect(() => new AtlasAzurePrivateLink(two.stack, 'Link', withAdopted(two.a, {}))).toThrow(
        `endpoints[1].existingPrivateEndpointId: the private endpoint is in subscription ${SPOKE_B} but the stack's default provider (azurerm) reads in subscription ${HUB}`,
      );
      const unchecked = landingZone(undefined);
      expect(() => new AtlasAzurePrivateLink(unchecked.stack, 'Link', withAdopted(unchecked.a, {}))).not.toThrow();
    });

    test('a provider that is not azurerm is refused by name', () => {
      const { stack, a } = landingZone(HUB);
      const atlas = stack.node.findChild('mongodbatlas') as MongodbatlasProvider;
      expect(() => new AtlasAzurePrivateLink(stack, 'Link', withAdopted(a, { azurermProvider: atlas }))).toThrow(
        'endpoints[1].azurermProvider: must be an azurerm provider (AzurermProvider from @cdktf/provider-azurerm/lib/provider); got a mongodbatlas provider',
      );
    });
  });
});
