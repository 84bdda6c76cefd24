import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { synthConfigFile } from '../../app/synth';
import { aliasFor } from '../../app/subscriptions';

const ROOT = join(__dirname, '..', '..');
const LANDING_ZONE = join(ROOT, 'config', 'landing-zone.json');
const HUB = '4c1d7e2a-9b3f-4a6e-8d5c-2f7a1b9e0c3d';
const SPOKE_EAST = '5b2e8f14-7c3a-4d9b-a1e6-3f8c0d2b7a95';
const SPOKE_WEST = '9d6a3c71-2e8b-4f05-b4c7-6a1e9f3d8b20';
const work = mkdtempSync(join(tmpdir(), 'app-lz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const config = JSON.parse(readFileSync(LANDING_ZONE, 'utf8'));

function synth(name: string, value: unknown) {
  const path = join(work, `${name}.json`);
  writeFileSync(path, JSON.stringify(value));
  const out = join(work, name);
  synthConfigFile(path, out);
  return JSON.parse(readFileSync(join(out, 'stacks', (value as { stackName: string }).stackName, 'cdk.tf.json'), 'utf8'));
}

describe('config/landing-zone.json: spokes and hub in their own subscriptions', () => {
  const json = synth('lz', config);

  test('one azurerm provider per subscription, each naming its subscription_id and nothing else secret', () => {
    const providers = json.provider.azurerm as Record<string, unknown>[];
    expect(providers.map((p) => [p.alias, p.subscription_id])).toEqual([
      [undefined, HUB],
      [aliasFor(SPOKE_EAST), SPOKE_EAST],
      [aliasFor(SPOKE_WEST), SPOKE_WEST],
    ]);
    for (const p of providers) expect(Object.keys(p).sort()).toEqual(p.alias ? ['alias', 'features', 'subscription_id'] : ['features', 'subscription_id']);
  });

  test("each endpoint goes to its subnet's subscription and resource group, every DNS object to the hub's group", () => {
    const endpoints = Object.values<Record<string, string>>(json.resource.azurerm_private_endpoint);
    expect(endpoints.map((e) => [e.provider, e.resource_group_name])).toEqual([
      [`azurerm.${aliasFor(SPOKE_EAST)}`, 'rg-orders-east'],
      [`azurerm.${aliasFor(SPOKE_WEST)}`, 'rg-orders-west'],
    ]);
    const dns = Object.keys(json.resource).filter((t) => t.startsWith('azurerm_private_dns_') && !t.startsWith('azurerm_private_dns_resolver'));
    expect(dns.length).toBeGreaterThan(0);
    for (const type of dns) {
      for (const r of Object.values<Record<string, string>>(json.resource[type])) expect([r.provider, r.resource_group_name]).toEqual([undefined, 'rg-private-dns']);
    }
  });

  test("an endpoint brought in by id gets its own subscription's provider, which reads its connection state (names from the id)", () => {
    const adoptedId = `/subscriptions/${SPOKE_WEST}/resourceGroups/rg-orders-west/providers/Microsoft.Network/privateEndpoints/pe-made-by-hand`;
    const adopted = synth('lz-adopted', {
      ...config,
      stackName: 'lz-adopted',
      endpoints: [config.endpoints[0], { region: 'westus2', existingPrivateEndpointId: adoptedId, existingPrivateIpAddress: '10.41.1.4' }],
    });
    expect(Object.keys(adopted.resource.azurerm_private_endpoint)).toHaveLength(1);
    const reads = Object.values<Record<string, unknown>>(adopted.data.azurerm_private_endpoint_connection);
    expect(reads.map((r) => [r.provider, r.resource_group_name, r.name])).toEqual([
      [`azurerm.${aliasFor(SPOKE_EAST)}`, expect.stringMatching(/^\$\{azurerm_private_endpoint\.\S+\.resource_group_name\}$/), expect.any(String)],
      [`azurerm.${aliasFor(SPOKE_WEST)}`, 'rg-orders-west', 'pe-made-by-hand'],
    ]);
    expect(reads[1].depends_on).toEqual([expect.stringMatching(/^mongodbatlas_privatelink_endpoint_service\./)]);
    expect(adopted.output.atlas_pl_westus2_connection_status.value).toMatch(/^\$\{data\.azurerm_private_endpoint_connection\.\S+\.private_service_connection\[0\]\.status\}$/);
  });

  test('subnets in several subscriptions without dns.subscriptionId: refused, naming the field', () => {
    const { subscriptionId: _omit, ...dns } = config.dns;
    expect(() => synth('no-hub', { ...config, dns })).toThrow(
      new RegExp(`: dns\\.subscriptionId: is required when the endpoints' subnets \\(or endpoints brought in by id\\) are in several subscriptions \\(${SPOKE_EAST}, ${SPOKE_WEST}\\)`),
    );
  });

  test('dns.subscriptionId must be a GUID', () => {
    expect(() => synth('bad-hub', { ...config, dns: { ...config.dns, subscriptionId: 'hub' } })).toThrow(/: dns\.subscriptionId: must be a subscription id \(a GUID/);
  });

  test('dns.resourceGroupName and the older azure.dnsResourceGroupName: one, or the same', () => {
    expect(() => synth('two-groups', { ...config, azure: { ...config.azure, dnsResourceGroupName: 'rg-other' } })).toThrow(
      /: dns\.resourceGroupName: "rg-private-dns" differs from azure\.dnsResourceGroupName "rg-other"/,
    );
    const older = synth('older', { ...config, stackName: 'older', azure: { ...config.azure, dnsResourceGroupName: 'rg-private-dns' }, dns: { ...config.dns, resourceGroupName: undefined } });
    expect(Object.values<Record<string, string>>(older.resource.azurerm_private_dns_zone)[0].resource_group_name).toBe('rg-private-dns');
  });

  test('a bad dns.resourceGroupName is reported under that name', () => {
    expect(() => synth('bad-group', { ...config, dns: { ...config.dns, resourceGroupName: 'rg dns' } })).toThrow(/: dns\.resourceGroupName: "rg dns" is not an Azure resource group name/);
  });

  test('a config without dns.subscriptionId and one subscription keeps the single provider without subscription_id', () => {
    const example = synth('example', JSON.parse(readFileSync(join(ROOT, 'config', 'example.json'), 'utf8')));
    expect(example.provider.azurerm).toEqual([{ features: [{}] }]);
  });
});

describe('config/landing-zone.json: the DNS Private Resolver in the hub', () => {
  const json = synth('lz-resolver', config);

  test('the resolver and its inbound endpoint (static IP) go to the hub provider; the hub VNet is linked to every zone', () => {
    const resolver = Object.values<Record<string, string>>(json.resource.azurerm_private_dns_resolver);
    expect(resolver.map((r) => [r.provider, r.resource_group_name, r.virtual_network_id])).toEqual([[undefined, 'rg-private-dns', config.dns.resolver.virtualNetworkId]]);
    const inbound = Object.values<Record<string, any>>(json.resource.azurerm_private_dns_resolver_inbound_endpoint)[0];
    expect(inbound.ip_configurations.private_ip_address).toBe('10.0.2.4');
    const links = Object.values<Record<string, string>>(json.resource.azurerm_private_dns_zone_virtual_network_link).map((l) => l.virtual_network_id);
    expect(links.filter((l) => l === config.dns.resolver.virtualNetworkId)).toHaveLength(2); // one per host zone
    expect(json.output.atlas_pl_dns_forwarding.description).toMatch(/Forward nothing else of mongodb\.net/);
  });

  test('a resolver field is reported under dns.resolver', () => {
    expect(() => synth('bad-resolver', { ...config, dns: { ...config.dns, resolver: { ...config.dns.resolver, inboundSubnetId: config.endpoints[0].subnetId } } })).toThrow(
      /: dns\.resolver\.inboundSubnetId: must be a subnet of virtualNetworkId/,
    );
    expect(() => synth('both', { ...config, dns: { ...config.dns, existingResolverInboundIps: ['10.0.2.5'] } })).toThrow(/: dns\.existingResolverInboundIps: conflicts with dnsResolver/);
  });
});
