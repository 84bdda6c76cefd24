import { AtlasClusterConnectionStrings, AtlasPrivateDns, AtlasPrivateDnsProps, DnsStrategy, PrivateDnsEndpoint } from '../../lib';
import {
  CLUSTER_NAME,
  HUB_VNET_ID,
  PORTS,
  PRIVATE_ENDPOINT_ID,
  PRIVATE_IP,
  PROJECT_ID,
  RESOURCE_GROUP,
  SRV_HOST,
  TARGET_HOST,
  TXT_VALUE,
  VNET_ID,
} from '../fixtures/samples';
import { newStack, onlyResource, resourcesOf, synthJson } from '../support/synth';

const explicitEndpoint: PrivateDnsEndpoint = {
  key: 'eastus2',
  privateIpAddress: PRIVATE_IP,
  targetHostname: TARGET_HOST,
  srvHostname: SRV_HOST,
  ports: PORTS,
  txtValue: TXT_VALUE,
};

function build(props: Partial<AtlasPrivateDnsProps> = {}, withCluster = false) {
  const stack = newStack();
  const connectionStrings = withCluster
    ? new AtlasClusterConnectionStrings(stack, 'Cluster', { projectId: PROJECT_ID, clusterName: CLUSTER_NAME })
    : undefined;
  new AtlasPrivateDns(stack, 'Dns', {
    resourceGroupName: RESOURCE_GROUP,
    virtualNetworkIds: [VNET_ID],
    endpoints: [explicitEndpoint],
    connectionStrings,
    ...props,
  });
  return stack;
}

describe('AtlasPrivateDns host-zones', () => {
  test('creates one zone named exactly the target host, with an apex A record to the endpoint IP', () => {
    const json = synthJson(build({ endpoints: [{ key: 'eastus2', privateIpAddress: PRIVATE_IP, targetHostname: TARGET_HOST }] }));
    const zone = onlyResource(json, 'azurerm_private_dns_zone');
    expect(zone.name).toBe(TARGET_HOST);
    expect(onlyResource(json, 'azurerm_private_dns_a_record')).toMatchObject({ name: '@', records: [PRIVATE_IP], ttl: 60 });
    expect(resourcesOf(json, 'azurerm_private_dns_srv_record')).toHaveLength(0);
    expect(resourcesOf(json, 'azurerm_private_dns_txt_record')).toHaveLength(0);
    expect(json.resource).toMatchSnapshot();
  });

  test('never creates a zone that contains the SRV host (no shadowing)', () => {
    const json = synthJson(build());
    for (const zone of resourcesOf(json, 'azurerm_private_dns_zone')) {
      expect(SRV_HOST === zone.name || SRV_HOST.endsWith(`.${zone.name}`)).toBe(false);
    }
  });

  test('links every zone to every VNet with registration off', () => {
    const json = synthJson(build({ virtualNetworkIds: [VNET_ID, HUB_VNET_ID] }));
    const links = resourcesOf(json, 'azurerm_private_dns_zone_virtual_network_link');
    expect(links.map((l) => [l.name, l.virtual_network_id, l.registration_enabled])).toEqual([
      ['link-vnet-app-prod', VNET_ID, false],
      ['link-vnet-hub', HUB_VNET_ID, false],
    ]);
  });

  test('reads the zone name from the cluster and guards it with a precondition', () => {
    const json = synthJson(
      build({ endpoints: [{ key: 'eastus2', privateIpAddress: PRIVATE_IP, privateEndpointId: PRIVATE_ENDPOINT_ID }] }, true),
    );
    const zone = onlyResource(json, 'azurerm_private_dns_zone');
    expect(zone.name).toMatch(/^\$\{try\(local\.[^.]+\.target_hostnames\[0\], ""\)\}$/);
    expect(zone.lifecycle.precondition[0].error_message).toMatch(/run apply again/);
    const local = Object.values(json.locals ?? {}).find((l) => l.includes('pe.endpoints'));
    expect(local).toContain(`lower("${PRIVATE_ENDPOINT_ID}")`);
  });
});

describe('AtlasPrivateDns cluster-zone', () => {
  test('creates the cluster zone with A, SRV and TXT records', () => {
    const json = synthJson(build({ strategy: DnsStrategy.CLUSTER_ZONE }));
    expect(onlyResource(json, 'azurerm_private_dns_zone').name).toBe('abc12.mongodb.net');
    expect(onlyResource(json, 'azurerm_private_dns_a_record')).toMatchObject({ name: 'pl-0-eastus2', records: [PRIVATE_IP] });
    expect(onlyResource(json, 'azurerm_private_dns_srv_record')).toMatchObject({
      name: '_mongodb._tcp.cluster0-pl-0',
      record: PORTS.map((port) => ({ port, priority: 0, weight: 0, target: TARGET_HOST })),
    });
    expect(onlyResource(json, 'azurerm_private_dns_txt_record')).toMatchObject({ name: 'cluster0-pl-0', record: [{ value: TXT_VALUE }] });
    expect(json.resource).toMatchSnapshot();
  });

  test('builds the SRV records from the cluster with a dynamic block over every host:port of the string', () => {
    const json = synthJson(
      build({ strategy: DnsStrategy.CLUSTER_ZONE, endpoints: [{ key: 'eastus2', privateIpAddress: PRIVATE_IP, privateEndpointId: PRIVATE_ENDPOINT_ID }] }, true),
    );
    const srv = onlyResource(json, 'azurerm_private_dns_srv_record');
    expect(srv.dynamic.record.for_each).toMatch(/^\$\{toset\(local\.Cluster_Targets-eastus2_[0-9A-F]+\)\}$/);
    expect(srv.dynamic.record).toMatchObject({ iterator: 'each', content: { port: '${each.value.port}', target: '${each.value.host}', priority: 0, weight: 0 } });
    expect(srv.name).toMatch(/^\$\{format\("_mongodb\._tcp\.%s", trimsuffix\(/);
    expect(srv.lifecycle.precondition).toHaveLength(3);
  });

  test('endpoints that share one string get one SRV and one TXT record, listing every endpoint\'s targets (model §M6.2)', () => {
    const west = { ...explicitEndpoint, key: 'westus2', privateIpAddress: '10.30.1.4', targetHostname: 'pl-0-westus2.abc12.mongodb.net', ports: [1026] };
    const json = synthJson(build({ strategy: DnsStrategy.CLUSTER_ZONE, sharedConnectionString: true, endpoints: [explicitEndpoint, west] }));
    expect(resourcesOf(json, 'azurerm_private_dns_a_record').map((r) => [r.name, r.records])).toEqual([
      ['pl-0-eastus2', [PRIVATE_IP]],
      ['pl-0-westus2', ['10.30.1.4']],
    ]);
    const srv = onlyResource(json, 'azurerm_private_dns_srv_record');
    expect(srv.name).toBe('_mongodb._tcp.cluster0-pl-0');
    expect(srv.dynamic.record.for_each).toBe(
      '${toset(distinct(concat([{ host = "pl-0-eastus2.abc12.mongodb.net", port = 1024 }, { host = "pl-0-eastus2.abc12.mongodb.net", port = 1025 }, ' +
        '{ host = "pl-0-eastus2.abc12.mongodb.net", port = 1026 }], [{ host = "pl-0-westus2.abc12.mongodb.net", port = 1026 }])))}',
    );
    expect(onlyResource(json, 'azurerm_private_dns_txt_record').name).toBe('cluster0-pl-0');
  });

  test('without sharing, each endpoint has its own SRV and TXT record', () => {
    const west = { ...explicitEndpoint, key: 'westus2', privateIpAddress: '10.30.1.4', targetHostname: 'pl-0-westus2.abc12.mongodb.net', srvHostname: 'cluster0-pl-0-westus2.abc12.mongodb.net' };
    const json = synthJson(build({ strategy: DnsStrategy.CLUSTER_ZONE, endpoints: [explicitEndpoint, west] }));
    expect(resourcesOf(json, 'azurerm_private_dns_srv_record').map((r) => r.name)).toEqual(['_mongodb._tcp.cluster0-pl-0', '_mongodb._tcp.cluster0-pl-0-westus2']);
  });

  test('an endpoint region picks its own hosts from the string', () => {
    const json = synthJson(
      build({ endpoints: [{ key: 'west', region: 'US_WEST_2', privateIpAddress: PRIVATE_IP, privateEndpointId: PRIVATE_ENDPOINT_ID }] }, true),
    );
    expect(Object.values(json.locals ?? {}).some((l) => l.includes('can(regex("^pl-[0-9]+-westus2(-[a-z0-9]+)?[.]", h))'))).toBe(true);
    expect(onlyResource(json, 'azurerm_private_dns_zone').lifecycle.precondition[0].error_message).toMatch(/exactly one host of region westus2 for endpoint west yet/);
  });

  test('puts records into an existing zone without creating one', () => {
    const json = synthJson(build({ strategy: DnsStrategy.CLUSTER_ZONE, existingZoneName: 'abc12.mongodb.net', virtualNetworkIds: [] }));
    expect(resourcesOf(json, 'azurerm_private_dns_zone')).toHaveLength(0);
    expect(onlyResource(json, 'azurerm_private_dns_srv_record').zone_name).toBe('abc12.mongodb.net');
  });
});

describe('AtlasPrivateDns none', () => {
  test('creates nothing', () => {
    const json = synthJson(build({ strategy: DnsStrategy.NONE, virtualNetworkIds: [] }));
    expect(Object.keys(json.resource ?? {}).filter((t) => t.startsWith('azurerm_private_dns'))).toEqual([]);
  });
});

describe('AtlasPrivateDns validation', () => {
  test.each<[string, Partial<AtlasPrivateDnsProps>, RegExp]>([
    ['existingZoneName with host-zones', { existingZoneName: 'abc12.mongodb.net' }, /^existingZoneName: applies only to the cluster-zone strategy/],
    ['no VNet for a zone', { virtualNetworkIds: [] }, /^virtualNetworkIds: must list at least one VNet id/],
    ['a duplicate VNet', { virtualNetworkIds: [VNET_ID, VNET_ID] }, /^virtualNetworkIds: lists .* twice/],
    ['a subnet id as VNet', { virtualNetworkIds: [`${VNET_ID}/subnets/x`] }, /^virtualNetworkIds\[0\]: .* is not a virtualNetwork resource id/],
    ['an unknown strategy', { strategy: 'wildcard' as DnsStrategy }, /^strategy: "wildcard" is not one of host-zones, cluster-zone, none/],
    ['a zero TTL', { ttl: 0 }, /^ttl: 0 is not a TTL/],
    ['a bad IP', { endpoints: [{ ...explicitEndpoint, privateIpAddress: '10.0.0' }] }, /^endpoints\[0\]\.privateIpAddress: "10.0.0" is not an IPv4 address/],
    ['an unknown endpoint region', { endpoints: [{ ...explicitEndpoint, region: 'eastus9' }] }, /^endpoints\[0\]\.region: "eastus9" is not an Azure region/],
    ['no names and no cluster', { endpoints: [{ key: 'eastus2', privateIpAddress: PRIVATE_IP }] }, /^endpoints\[0\]\.targetHostname: is required when no cluster is given/],
    ['a hostname with a scheme', { endpoints: [{ ...explicitEndpoint, targetHostname: 'mongodb://pl-0.abc12.mongodb.net' }] }, /^endpoints\[0\]\.targetHostname: .* is not a DNS hostname/],
    [
      'cluster-zone without ports',
      { strategy: DnsStrategy.CLUSTER_ZONE, endpoints: [{ ...explicitEndpoint, ports: undefined }] },
      /^endpoints\[0\]\.ports: is required with explicit names for the cluster-zone strategy/,
    ],
    [
      'cluster-zone with a port out of range',
      { strategy: DnsStrategy.CLUSTER_ZONE, endpoints: [{ ...explicitEndpoint, ports: [1024, 70000] }] },
      /^endpoints\[0\]\.ports\[1\]: 70000 is not a TCP port/,
    ],
    [
      'cluster-zone with a TXT value carrying other options',
      { strategy: DnsStrategy.CLUSTER_ZONE, endpoints: [{ ...explicitEndpoint, txtValue: 'authSource=admin&ssl=true' }] },
      /^endpoints\[0\]\.txtValue: .* must hold only authSource, replicaSet and loadBalanced/,
    ],
    [
      'cluster-zone with a target outside the SRV host domain',
      { strategy: DnsStrategy.CLUSTER_ZONE, endpoints: [{ ...explicitEndpoint, targetHostname: 'pl-0-eastus2.other.mongodb.net' }] },
      /^endpoints\[0\]: hostname "pl-0-eastus2\.other\.mongodb\.net" is not in the cluster zone "abc12\.mongodb\.net"/,
    ],
  ])('rejects %s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test.each<[string, Partial<AtlasPrivateDnsProps>, RegExp]>([
    ['a key with a space', { endpoints: [{ ...explicitEndpoint, key: 'east us' }] }, /^endpoints\[0\]\.key: "east us" must be 1-40 letters, digits, '_' or '-'/],
    [
      'two endpoints with one key',
      { endpoints: [explicitEndpoint, { ...explicitEndpoint, privateIpAddress: '10.20.1.5' }] },
      /^endpoints\[1\]\.key: "eastus2" is used by another endpoint/,
    ],
    ['a port out of range that host-zones ignores', { endpoints: [{ ...explicitEndpoint, ports: [1024, 0] }] }, /^endpoints\[0\]\.ports\[1\]: 0 is not a TCP port/],
    ['an SRV hostname that host-zones ignores', { endpoints: [{ ...explicitEndpoint, srvHostname: 'mongodb+srv://x.y' }] }, /^endpoints\[0\]\.srvHostname: "mongodb\+srv:\/\/x\.y" is not a DNS hostname/],
    [
      'a TXT value with an invisible character, whatever the strategy',
      { strategy: DnsStrategy.NONE, virtualNetworkIds: [], endpoints: [{ ...explicitEndpoint, txtValue: `${TXT_VALUE}\u200d` }] },
      /^endpoints\[0\]\.txtValue: ".*\\u\{200d\}" contains U\+200D \(a control or invisible character\) at position 48/,
    ],
    ['an A record to a public IP', { endpoints: [{ ...explicitEndpoint, privateIpAddress: '52.1.2.3' }] }, /^endpoints\[0\]\.privateIpAddress: "52\.1\.2\.3" is not a private IPv4 address/],
    ['a resource group name ending in a period', { resourceGroupName: 'rg-dns.' }, /^resourceGroupName: "rg-dns\." is not an Azure resource group name/],
    ['a tag name Azure forbids', { tags: { 'cost%center': 'x' } }, /^tags\["cost%center"\]: the tag name contains one of < > % & \\ \? \//],
  ])('rejects %s, whatever the strategy ignores', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('accepts resource group names with parentheses, periods and Unicode letters', () => {
    expect(() => build({ resourceGroupName: 'rg-(prod)_1.ü' })).not.toThrow();
  });

  test('needs the private endpoint id to read names from the cluster', () => {
    expect(() => build({ endpoints: [{ key: 'eastus2', privateIpAddress: PRIVATE_IP }] }, true)).toThrow(
      /^endpoints\[0\]\.privateEndpointId: is required to find this endpoint/,
    );
  });
});
