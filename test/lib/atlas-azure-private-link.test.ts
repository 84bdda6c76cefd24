import { TerraformStack, TerraformVariable } from 'cdktf';
import { AtlasAzurePrivateLink, AtlasAzurePrivateLinkProps, AzureEndpointConnection, DnsStrategy } from '../../lib';
import {
  CLUSTER_NAME,
  HUB_VNET_ID,
  PRIVATE_ENDPOINT_ID,
  PLS_ID,
  PRIVATE_IP,
  PRIVATE_LINK_ID,
  PROJECT_ID,
  RESOURCE_GROUP,
  SRV_HOST,
  SUBNET_ID,
  VNET_ID,
  WEST_SUBNET_ID,
} from '../fixtures/samples';
import { compositeField, DNS_FIELDS, ENDPOINT_FIELDS, REGISTRATION_FIELDS, SERVICE_FIELDS } from '../../lib/private-link-props';
import { newStack, onlyResource, refTo, resourcesOf, synthJson } from '../support/synth';

/** Required props only, plus the cluster so DNS names can be read. */
const minimal: AtlasAzurePrivateLinkProps = {
  projectId: PROJECT_ID,
  clusterName: CLUSTER_NAME,
  resourceGroupName: RESOURCE_GROUP,
  virtualNetworkIds: [VNET_ID],
  endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }],
};

function build(props: Partial<AtlasAzurePrivateLinkProps> = {}, stack: TerraformStack = newStack()) {
  const link = new AtlasAzurePrivateLink(stack, 'AtlasPrivateLink', { ...minimal, ...props });
  return { stack, link, json: synthJson(stack) };
}

describe('AtlasAzurePrivateLink snapshots', () => {
  test.each([DnsStrategy.HOST_ZONES, DnsStrategy.CLUSTER_ZONE, DnsStrategy.NONE])('dns strategy %s', (dnsStrategy) => {
    const { json } = build({ dnsStrategy, virtualNetworkIds: dnsStrategy === DnsStrategy.NONE ? [] : [VNET_ID] });
    expect(json).toMatchSnapshot();
  });
});

describe('AtlasAzurePrivateLink wiring', () => {
  test('the endpoint connects manually to the Atlas service resource id, with a request message', () => {
    const { json } = build();
    const connection = onlyResource(json, 'azurerm_private_endpoint').private_service_connection;
    expect(connection.private_connection_resource_id).toBe(
      refTo(json, 'mongodbatlas_privatelink_endpoint', 'private_link_service_resource_id'),
    );
    expect(connection.is_manual_connection).toBe(true);
    expect(connection.request_message.length).toBeGreaterThan(0);
  });

  test("the registration gets the endpoint's id and private IP", () => {
    const { json } = build();
    expect(onlyResource(json, 'mongodbatlas_privatelink_endpoint_service')).toMatchObject({
      endpoint_service_id: refTo(json, 'azurerm_private_endpoint', 'id'),
      private_endpoint_ip_address: refTo(json, 'azurerm_private_endpoint', 'private_service_connection[0].private_ip_address'),
      private_link_id: refTo(json, 'mongodbatlas_privatelink_endpoint', 'private_link_id'),
    });
  });

  test.each([DnsStrategy.HOST_ZONES, DnsStrategy.CLUSTER_ZONE])('every A record carries the endpoint IP (%s)', (dnsStrategy) => {
    const { json } = build({
      dnsStrategy,
      regionalMode: true,
      endpoints: [
        { region: 'eastus2', subnetId: SUBNET_ID },
        { region: 'westus2', subnetId: WEST_SUBNET_ID },
      ],
    });
    const ips = Object.entries(json.resource.azurerm_private_endpoint).map(
      ([id]) => `\${azurerm_private_endpoint.${id}.private_service_connection[0].private_ip_address}`,
    );
    const records = resourcesOf(json, 'azurerm_private_dns_a_record');
    expect(records).toHaveLength(2);
    expect(records.map((r) => r.records)).toEqual(ips.map((ip) => [ip]));
  });

  test('host-zones never creates a zone that contains the SRV host', () => {
    const { json } = build({ endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, targetHostname: 'pl-0-eastus2.abc12.mongodb.net' }] });
    const zones = resourcesOf(json, 'azurerm_private_dns_zone').map((z) => z.name);
    expect(zones).toEqual(['pl-0-eastus2.abc12.mongodb.net']);
    for (const zone of zones) expect(SRV_HOST.endsWith(`.${zone}`) || SRV_HOST === zone).toBe(false);
  });

  test('cluster-zone creates SRV and TXT records per endpoint in one zone', () => {
    const { json } = build({
      dnsStrategy: DnsStrategy.CLUSTER_ZONE,
      regionalMode: true,
      virtualNetworkIds: [VNET_ID, HUB_VNET_ID],
      endpoints: [
        { region: 'eastus2', subnetId: SUBNET_ID },
        { region: 'westus2', subnetId: WEST_SUBNET_ID },
      ],
    });
    expect(resourcesOf(json, 'azurerm_private_dns_zone')).toHaveLength(1);
    expect(resourcesOf(json, 'azurerm_private_dns_srv_record')).toHaveLength(2);
    expect(resourcesOf(json, 'azurerm_private_dns_txt_record')).toHaveLength(2);
    expect(resourcesOf(json, 'azurerm_private_dns_zone_virtual_network_link')).toHaveLength(2);
  });

  test('the cluster is read after every registration for the names, and at plan time for the prerequisites', () => {
    const { json } = build({ regionalMode: true, endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }, { region: 'westus2', subnetId: WEST_SUBNET_ID }] });
    const reads = Object.values(json.data!.mongodbatlas_advanced_cluster);
    expect(reads).toHaveLength(2);
    expect(reads.filter((r) => r.depends_on === undefined)).toHaveLength(1);
    const cluster = reads.find((r) => r.depends_on !== undefined)!;
    const registrations = Object.keys(json.resource.mongodbatlas_privatelink_endpoint_service);
    expect(cluster).toMatchObject({ name: CLUSTER_NAME, project_id: PROJECT_ID });
    expect(cluster.depends_on).toEqual(registrations.map((id) => `mongodbatlas_privatelink_endpoint_service.${id}`));
  });

  test('regionalMode true turns regional mode on before the services are created', () => {
    const { json } = build({ regionalMode: true, endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }, { region: 'westus2', subnetId: WEST_SUBNET_ID }] });
    const [modeId] = Object.keys(json.resource.mongodbatlas_private_endpoint_regional_mode);
    expect(json.resource.mongodbatlas_private_endpoint_regional_mode[modeId]).toMatchObject({ enabled: true, project_id: PROJECT_ID });
    for (const service of resourcesOf(json, 'mongodbatlas_privatelink_endpoint')) {
      expect(service.depends_on).toEqual([`mongodbatlas_private_endpoint_regional_mode.${modeId}`]);
      expect(service.lifecycle?.create_before_destroy).toBeUndefined();
    }
  });

  test('one region leaves regional mode alone', () => {
    expect(build().json.resource.mongodbatlas_private_endpoint_regional_mode).toBeUndefined();
  });

  test('several endpoints in one region share its Atlas service; keys and names stay unique', () => {
    const { json, link } = build({ endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }, { region: 'US_EAST_2', subnetId: WEST_SUBNET_ID }] });
    expect(resourcesOf(json, 'mongodbatlas_privatelink_endpoint')).toHaveLength(1);
    expect(resourcesOf(json, 'azurerm_private_endpoint').map((e) => e.name).sort()).toEqual(['pe-atlas-eastus2', 'pe-atlas-eastus2-2']);
    const registrations = resourcesOf(json, 'mongodbatlas_privatelink_endpoint_service');
    expect(registrations).toHaveLength(2);
    const linkId = refTo(json, 'mongodbatlas_privatelink_endpoint', 'private_link_id');
    expect(registrations.map((r) => r.private_link_id)).toEqual([linkId, linkId]);
    expect(link.endpoints.map((e) => e.key)).toEqual(['eastus2', 'eastus2_2']);
    expect(link.endpoints[1].service).toBe(link.endpoints[0].service);
    expect(Object.keys(json.output!)).toEqual(expect.arrayContaining(['atlas_pl_eastus2_private_ip', 'atlas_pl_eastus2_2_private_ip']));
  });

  test('an Atlas service brought in is used, not created', () => {
    const { json, link } = build({
      endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, existingPrivateLinkId: PRIVATE_LINK_ID, existingPrivateLinkServiceResourceId: PLS_ID }],
    });
    expect(json.resource.mongodbatlas_privatelink_endpoint).toBeUndefined();
    expect(link.services).toEqual([]);
    expect(onlyResource(json, 'azurerm_private_endpoint').private_service_connection).toMatchObject({ private_connection_resource_id: PLS_ID });
    expect(onlyResource(json, 'mongodbatlas_privatelink_endpoint_service')).toMatchObject({ private_link_id: PRIVATE_LINK_ID });
    expect(json.output!.atlas_pl_eastus2_atlas_link_id.value).toBe(PRIVATE_LINK_ID);
    expect(json.output!.atlas_pl_eastus2_private_link_service_resource_id.value).toBe(PLS_ID);
    expect(json.output!.atlas_pl_eastus2_link_status).toBeUndefined(); // not this stack's to report
    // The prerequisites then hang on the first resource this stack creates in the region.
    expect(onlyResource(json, 'azurerm_private_endpoint').lifecycle?.precondition).toHaveLength(4);
  });

  test('the prerequisites are checked before the first service is created, each region on its own service', () => {
    const { json } = build({ regionalMode: true, endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }, { region: 'westus2', subnetId: WEST_SUBNET_ID }] });
    const [east, west] = resourcesOf(json, 'mongodbatlas_privatelink_endpoint');
    const messages = (r: Record<string, any>) => r.lifecycle.precondition.map((p: { error_message: string }) => p.error_message);
    expect(messages(east)).toEqual([
      expect.stringMatching(/^Cluster cluster0 is a shared-tier \(M0, M2, M5\), Flex or serverless cluster: Azure Private Link needs a dedicated cluster/),
      expect.stringMatching(/^Cluster cluster0 has no nodes on Azure/),
      expect.stringMatching(/^Cluster cluster0 has no nodes in US_EAST_2 \(eastus2\), where an endpoint is configured/),
      expect.stringMatching(/^\$\{"Cluster cluster0 has nodes in \$\{join\(", ", local\..*without_endpoint\)\}, which no endpoint covers \(the endpoints cover US_EAST_2, US_WEST_2\)/),
    ]);
    expect(messages(west)).toEqual([expect.stringMatching(/^Cluster cluster0 has no nodes in US_WEST_2 \(westus2\)/)]);
    const prerequisites = Object.values(json.data!.mongodbatlas_advanced_cluster).find((d) => d.depends_on === undefined);
    expect(prerequisites).toMatchObject({ name: CLUSTER_NAME, project_id: PROJECT_ID });
  });

  test('without clusterName nothing is read and nothing is checked', () => {
    const { json } = build({ clusterName: undefined, dnsStrategy: DnsStrategy.NONE });
    expect(json.data?.mongodbatlas_advanced_cluster).toBeUndefined();
    expect(onlyResource(json, 'mongodbatlas_privatelink_endpoint').lifecycle).toBeUndefined();
  });

  test('provider-default timeouts write no timeouts block', () => {
    const p = AtlasAzurePrivateLink.PROVIDER_DEFAULT_TIMEOUT;
    const { json } = build({ serviceTimeout: p, registrationCreateTimeout: p, registrationDeleteTimeout: p });
    expect(onlyResource(json, 'mongodbatlas_privatelink_endpoint').timeouts).toBeUndefined();
    expect(onlyResource(json, 'mongodbatlas_privatelink_endpoint_service').timeouts).toBeUndefined();
    const mixed = build({ registrationDeleteTimeout: p }).json;
    expect(onlyResource(mixed, 'mongodbatlas_privatelink_endpoint_service').timeouts).toEqual({ create: '2h' });
  });

  test('a multi-region replica set: two regions without regionalMode, no regional-mode resource (model §M1, §M3.3)', () => {
    const { json } = build({ endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }, { region: 'westus2', subnetId: WEST_SUBNET_ID }] });
    expect(json.resource.mongodbatlas_private_endpoint_regional_mode).toBeUndefined();
    expect(resourcesOf(json, 'mongodbatlas_privatelink_endpoint')).toHaveLength(2);
    // host-zones: one zone per endpoint, named by the host of ITS region in the shared string.
    const zones = resourcesOf(json, 'azurerm_private_dns_zone');
    expect(zones).toHaveLength(2);
    expect(zones.map((z) => z.lifecycle.precondition[0].error_message)).toEqual([
      expect.stringMatching(/exactly one host of region eastus2 for endpoint eastus2/),
      expect.stringMatching(/exactly one host of region westus2 for endpoint westus2/),
    ]);
    expect(Object.values(json.locals!).filter((l) => l.includes('can(regex("^pl-[0-9]+-westus2(-[a-z0-9]+)?[.]", h))'))).toHaveLength(1);
  });

  test('cluster-zone for a multi-region replica set writes one SRV and one TXT record for the shared string (model §M6.2)', () => {
    const { json } = build({ dnsStrategy: DnsStrategy.CLUSTER_ZONE, endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }, { region: 'westus2', subnetId: WEST_SUBNET_ID }] });
    expect(resourcesOf(json, 'azurerm_private_dns_a_record')).toHaveLength(2);
    const srv = onlyResource(json, 'azurerm_private_dns_srv_record');
    expect(srv.dynamic.record.for_each).toMatch(/^\$\{toset\(distinct\(concat\(local\.[^,]+Targets-eastus2_[0-9A-F]+, local\.[^)]+Targets-westus2_[0-9A-F]+\)\)\)\}$/);
    expect(srv.lifecycle.precondition.at(-1).error_message).toMatch(/should share one private-endpoint SRV connection string \(model §M3\.3\)/);
    expect(onlyResource(json, 'azurerm_private_dns_txt_record').lifecycle.precondition).toHaveLength(4);
  });

  test('the self-describing endpoint output: kind, key, region, IP, id, SRV string, own-region hosts', () => {
    const { json } = build({ endpoints: [{ region: 'US_EAST_2', subnetId: SUBNET_ID, key: 'east' }] });
    const value = json.output!.atlas_pl_east_endpoint.value as string;
    expect(value).toMatch(/^\$\{\{ kind = "atlas-azure-private-link-endpoint", key = "east", region = "eastus2", /);
    expect(value).toContain('private_ip = azurerm_private_endpoint.');
    expect(value).toMatch(/srv_connection_string = local\.[^ ]+\.srv_connection_string, hosts = local\.[^ ]+\.target_hostnames, /);
    // Azure's side of the connection (model §M7.1), from the data source read after the registration.
    expect(value).toMatch(
      /, connection_status = data\.azurerm_private_endpoint_connection\.([^ .]+)\.private_service_connection\[0\]\.status, connection_response = data\.azurerm_private_endpoint_connection\.\1\.private_service_connection\[0\]\.request_response \}\}$/,
    );
    expect(AtlasAzurePrivateLink.OUTPUT_SUFFIXES).toContain('endpoint');
    expect(AtlasAzurePrivateLink.ENDPOINT_OUTPUT_KIND).toBe('atlas-azure-private-link-endpoint');
  });

  test('without a cluster, the endpoint output carries the explicit names', () => {
    const { json } = build({
      clusterName: undefined,
      endpoints: [{ region: 'eastus2', existingPrivateEndpointId: PRIVATE_ENDPOINT_ID, existingPrivateIpAddress: PRIVATE_IP, targetHostname: 'pl-0-eastus2.abc12.mongodb.net', srvHostname: SRV_HOST }],
    });
    expect(json.output!.atlas_pl_eastus2_endpoint.value).toBe(
      `\${{ kind = "atlas-azure-private-link-endpoint", key = "eastus2", region = "eastus2", private_ip = "${PRIVATE_IP}", private_endpoint_id = "${PRIVATE_ENDPOINT_ID}", ` +
        `srv_connection_string = "mongodb+srv://${SRV_HOST}", hosts = ["pl-0-eastus2.abc12.mongodb.net"], ` +
        'connection_status = data.azurerm_private_endpoint_connection.AtlasPrivateLink_Connection-eastus2_5EEE1B51.private_service_connection[0].status, ' +
        'connection_response = data.azurerm_private_endpoint_connection.AtlasPrivateLink_Connection-eastus2_5EEE1B51.private_service_connection[0].request_response }}',
    );
    // An explicit name wins over the cluster's, as it does for the DNS records.
    const explicit = build({ endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, targetHostname: 'pl-0-eastus2.abc12.mongodb.net' }] }).json;
    expect(explicit.output!.atlas_pl_eastus2_endpoint.value).toMatch(/hosts = \["pl-0-eastus2\.abc12\.mongodb\.net"\], connection_status = /);
    const none = build({ clusterName: undefined, dnsStrategy: DnsStrategy.NONE, virtualNetworkIds: [] }).json;
    expect(none.output!.atlas_pl_eastus2_endpoint.value).toMatch(/srv_connection_string = "", hosts = \[\], connection_status = /);
  });

  test('several endpoints in one region without regional mode are fine when no other region has one (model §M2.2)', () => {
    const { json } = build({ endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }, { region: 'eastus2', subnetId: WEST_SUBNET_ID }] });
    expect(json.resource.mongodbatlas_private_endpoint_regional_mode).toBeUndefined();
  });

  test('several endpoints per region in several regions with regional mode (a sharded cluster)', () => {
    const { json } = build({
      regionalMode: true,
      endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }, { region: 'eastus2', subnetId: `${VNET_ID}/subnets/snet-b` }, { region: 'westus2', subnetId: WEST_SUBNET_ID }],
    });
    expect(resourcesOf(json, 'mongodbatlas_private_endpoint_regional_mode')).toHaveLength(1);
    expect(resourcesOf(json, 'azurerm_private_endpoint')).toHaveLength(3);
  });

  test('regionalMode false for two regions creates nothing for it', () => {
    const { json } = build({ regionalMode: false, endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }, { region: 'westus2', subnetId: WEST_SUBNET_ID }] });
    expect(json.resource.mongodbatlas_private_endpoint_regional_mode).toBeUndefined();
    expect(resourcesOf(json, 'mongodbatlas_privatelink_endpoint').every((r) => r.depends_on === undefined)).toBe(true);
  });

  test('declares the documented outputs per endpoint, the SRV string without credentials', () => {
    const { json } = build();
    expect(Object.keys(json.output!).sort()).toEqual(AtlasAzurePrivateLink.OUTPUT_SUFFIXES.map((s) => `atlas_pl_eastus2_${s}`).sort());
    expect(json.output!.atlas_pl_eastus2_private_ip.value).toBe(
      refTo(json, 'azurerm_private_endpoint', 'private_service_connection[0].private_ip_address'),
    );
    expect(json.output!.atlas_pl_eastus2_srv_connection_string.value).toMatch(/^\$\{local\.[^.]+\.srv_connection_string\}$/);
  });

  test('without a cluster, explicit names give the SRV output', () => {
    const { json } = build({
      clusterName: undefined,
      dnsStrategy: DnsStrategy.NONE,
      virtualNetworkIds: [],
      endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, srvHostname: SRV_HOST }],
    });
    // No cluster read; the one data source is Azure's state of the endpoint's connection.
    expect(Object.keys(json.data ?? {})).toEqual(['azurerm_private_endpoint_connection']);
    expect(json.output!.atlas_pl_eastus2_srv_connection_string.value).toBe(`mongodb+srv://${SRV_HOST}`);
  });

  test("a brought-in private endpoint is registered and published, not created; Azure's connection state is read by the names in its id after the registration", () => {
    const { json } = build({
      endpoints: [{ region: 'eastus2', existingPrivateEndpointId: PRIVATE_ENDPOINT_ID, existingPrivateIpAddress: PRIVATE_IP }],
    });
    expect(json.resource.azurerm_private_endpoint).toBeUndefined();
    expect(onlyResource(json, 'mongodbatlas_privatelink_endpoint_service')).toMatchObject({
      endpoint_service_id: PRIVATE_ENDPOINT_ID,
      private_endpoint_ip_address: PRIVATE_IP,
    });
    expect(onlyResource(json, 'azurerm_private_dns_a_record').records).toEqual([PRIVATE_IP]);
    const reads = Object.entries(json.data?.azurerm_private_endpoint_connection ?? {});
    expect(reads).toHaveLength(1);
    const [dataId, read] = reads[0];
    const registration = Object.keys(json.resource.mongodbatlas_privatelink_endpoint_service)[0];
    // Literal names from the id; depends_on the registration defers the first plan's read until
    // Atlas approved (model §M7.1); the stack's default provider (no subscription to check).
    expect(read).toMatchObject({ name: 'pe-atlas-eastus2', resource_group_name: 'rg-app-prod' });
    expect(read.depends_on).toEqual([`mongodbatlas_privatelink_endpoint_service.${registration}`]);
    expect(read.provider).toBeUndefined();
    const status = `\${data.azurerm_private_endpoint_connection.${dataId}.private_service_connection[0].status}`;
    expect(json.output!.atlas_pl_eastus2_connection_status.value).toBe(status);
    expect(json.output!.atlas_pl_eastus2_endpoint.value).toContain(
      `connection_status = data.azurerm_private_endpoint_connection.${dataId}.private_service_connection[0].status, connection_response = data.azurerm_private_endpoint_connection.${dataId}.private_service_connection[0].request_response }`,
    );
  });

  test('a brought-in private endpoint whose id is a token is not read: no data source, no connection output (the verifier says not checked)', () => {
    const stack = newStack();
    const id = new TerraformVariable(stack, 'endpoint_id', { type: 'string' }).stringValue;
    const { json } = build({ endpoints: [{ region: 'eastus2', existingPrivateEndpointId: id, existingPrivateIpAddress: PRIVATE_IP }] }, stack);
    expect(onlyResource(json, 'mongodbatlas_privatelink_endpoint_service').endpoint_service_id).toBe('${var.endpoint_id}');
    expect(json.data?.azurerm_private_endpoint_connection).toBeUndefined();
    expect(json.output!.atlas_pl_eastus2_connection_status).toBeUndefined();
    expect(json.output!.atlas_pl_eastus2_endpoint.value).not.toContain('connection_status');
  });

  test("Azure's connection state: read after the endpoint AND its registration, through the endpoint's provider (model §M7.1)", () => {
    const { json } = build();
    const reads = Object.values(json.data?.azurerm_private_endpoint_connection ?? {});
    expect(reads).toHaveLength(1);
    const read = reads[0];
    const endpoint = Object.keys(json.resource.azurerm_private_endpoint)[0];
    const registration = Object.keys(json.resource.mongodbatlas_privatelink_endpoint_service)[0];
    // depends_on defers the read on the first plan (the endpoint does not exist yet: azurerm's
    // "was not found"); after the registration, since Atlas approves the connection then.
    expect(read.depends_on).toEqual([`azurerm_private_endpoint.${endpoint}`, `mongodbatlas_privatelink_endpoint_service.${registration}`]);
    expect(read.name).toBe(`\${azurerm_private_endpoint.${endpoint}.name}`);
    expect(read.resource_group_name).toBe(`\${azurerm_private_endpoint.${endpoint}.resource_group_name}`);
    expect(read.provider).toBeUndefined();
    const dataId = Object.keys(json.data!.azurerm_private_endpoint_connection)[0];
    expect(json.output!.atlas_pl_eastus2_connection_status.value).toBe(`\${data.azurerm_private_endpoint_connection.${dataId}.private_service_connection[0].status}`);
  });

  test('AzureEndpointConnection refuses an endpoint that is not an AzurePrivateEndpoint of the stack, and bad adopted ids', () => {
    const stack = newStack();
    expect(() => new AzureEndpointConnection(stack, 'C', { endpoint: { privateEndpointId: PRIVATE_ENDPOINT_ID, privateIpAddress: PRIVATE_IP } as never })).toThrow(
      /^endpoint: must be an AzurePrivateEndpoint created in this stack, or give existingPrivateEndpointId/,
    );
    expect(() => new AzureEndpointConnection(stack, 'D', {})).toThrow(/^endpoint: must be an AzurePrivateEndpoint/);
    const token = new TerraformVariable(stack, 'pe', { type: 'string' }).stringValue;
    expect(() => new AzureEndpointConnection(stack, 'E', { existingPrivateEndpointId: token })).toThrow(
      /^existingPrivateEndpointId: must be a literal ARM id \/subscriptions\/<id>\/resourceGroups\/<rg>\/providers\/Microsoft\.Network\/privateEndpoints\/<name> \(a token/,
    );
    expect(() => new AzureEndpointConnection(stack, 'F', { existingPrivateEndpointId: `${PRIVATE_ENDPOINT_ID}/extra` })).toThrow(/^existingPrivateEndpointId: must be a literal ARM id/);
    const { link } = build();
    expect(() => new AzureEndpointConnection(stack, 'G', { endpoint: link.endpoints[0].privateEndpoint, existingPrivateEndpointId: PRIVATE_ENDPOINT_ID })).toThrow(
      /^existingPrivateEndpointId: conflicts with endpoint/,
    );
  });

  test('two composites in one stack get distinct outputs through their prefixes', () => {
    const stack = newStack();
    new AtlasAzurePrivateLink(stack, 'First', minimal);
    const { json } = build({ outputPrefix: 'reporting' }, stack);
    expect(Object.keys(json.output!).filter((k) => k.endsWith('_private_ip')).sort()).toEqual([
      'atlas_pl_eastus2_private_ip',
      'reporting_eastus2_private_ip',
    ]);
  });
});

describe('AtlasAzurePrivateLink validation', () => {
  test.each<[string, Partial<AtlasAzurePrivateLinkProps>, RegExp]>([
    ['an empty endpoint list', { endpoints: [] }, /^endpoints: must list at least one endpoint/],
    ['an unknown region', { endpoints: [{ region: 'eastus9', subnetId: SUBNET_ID }] }, /^endpoints\[0\]\.region: "eastus9" is not an Azure region/],
    [
      'a duplicate (region, subnet) pair, the region in two spellings',
      { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }, { region: 'US_EAST_2', subnetId: SUBNET_ID }] },
      /^endpoints\[1\]: repeats the region eastus2 and subnet of endpoints\[0\]/,
    ],
    [
      'several endpoints in one region next to another region, without regional mode (model §M2.2)',
      { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }, { region: 'eastus2', subnetId: `${VNET_ID}/subnets/snet-b` }, { region: 'westus2', subnetId: WEST_SUBNET_ID }] },
      /^regionalMode: must be true for several endpoints in eastus2 together with endpoints in other regions \(eastus2, westus2\): without regional mode Atlas allows either several endpoints in one region or one endpoint per region \(model §M2\.2\)/,
    ],
    [
      'the same with regionalMode false',
      { regionalMode: false, endpoints: [{ region: 'westus2', subnetId: WEST_SUBNET_ID }, { region: 'eastus2', subnetId: SUBNET_ID }, { region: 'eastus2', subnetId: `${VNET_ID}/subnets/snet-b` }] },
      /^regionalMode: must be true for several endpoints in eastus2 together with endpoints in other regions \(westus2, eastus2\)/,
    ],
    [
      'a brought-in Atlas service without its resource id for a new endpoint',
      { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, existingPrivateLinkId: PRIVATE_LINK_ID }] },
      /^endpoints\[0\]\.existingPrivateLinkServiceResourceId: is required with existingPrivateLinkId when a new private endpoint is created/,
    ],
    [
      'a service resource id without the service id',
      { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, existingPrivateLinkServiceResourceId: PLS_ID }] },
      /^endpoints\[0\]\.existingPrivateLinkServiceResourceId: is only valid with existingPrivateLinkId/,
    ],
    [
      'endpoints of one region that bring different services',
      { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }, { region: 'eastus2', subnetId: WEST_SUBNET_ID, existingPrivateLinkId: PRIVATE_LINK_ID, existingPrivateLinkServiceResourceId: PLS_ID }] },
      /^endpoints\[1\]\.existingPrivateLinkId: differs from endpoints\[0\] in region eastus2: the endpoints of a region share one Atlas private link service/,
    ],
    [
      'a bad endpoint key',
      { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, key: 'East-2' }] },
      /^endpoints\[0\]\.key: "East-2" must be 1-40 characters of a-z, 0-9 and '_'/,
    ],
    [
      'a duplicate endpoint key',
      { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }, { region: 'eastus2', subnetId: WEST_SUBNET_ID, key: 'eastus2' }] },
      /^endpoints\[1\]\.key: "eastus2" is also the key of endpoints\[0\]/,
    ],
    ['a timeout that is neither a duration nor provider-default', { serviceTimeout: 'default' }, /^serviceTimeout: "default" is not a Terraform duration .* or "provider-default"/],
    ['a malformed subnet id', { endpoints: [{ region: 'eastus2', subnetId: 'snet-private-endpoints' }] }, /^endpoints\[0\]\.subnetId: "snet-private-endpoints" is not a subnet resource id/],
    ['a missing subnet', { endpoints: [{ region: 'eastus2' }] }, /^endpoints\[0\]\.subnetId: is required unless existingPrivateEndpointId is given/],
    ['a name that is too long', { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, name: 'x'.repeat(65) }] }, /^endpoints\[0\]\.name: .* \(1-64 characters/],
    ['a bad static IP', { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, privateIpAddress: '10.20.1' }] }, /^endpoints\[0\]\.privateIpAddress: "10.20.1" is not an IPv4 address/],
    [
      'a request message that is too long',
      { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, requestMessage: 'r'.repeat(141) }] },
      /^endpoints\[0\]\.requestMessage: is 141 characters long; the limit is 140/,
    ],
    [
      'an existing endpoint together with a subnet',
      { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, existingPrivateEndpointId: PRIVATE_ENDPOINT_ID, existingPrivateIpAddress: PRIVATE_IP }] },
      /^endpoints\[0\]\.existingPrivateEndpointId: conflicts with subnetId/,
    ],
    [
      'an existing endpoint without its IP',
      { endpoints: [{ region: 'eastus2', existingPrivateEndpointId: PRIVATE_ENDPOINT_ID }] },
      /^endpoints\[0\]\.existingPrivateIpAddress: is required with existingPrivateEndpointId/,
    ],
    [
      'an existing IP without an existing endpoint',
      { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, existingPrivateIpAddress: PRIVATE_IP }] },
      /^endpoints\[0\]\.existingPrivateIpAddress: is only valid with existingPrivateEndpointId/,
    ],
    ['an existing zone with host-zones', { existingDnsZoneName: 'abc12.mongodb.net' }, /^existingDnsZoneName: applies only to the cluster-zone strategy/],
    ['a malformed project id', { projectId: '64b7f2c1' }, /^projectId: "64b7f2c1" is not an Atlas project id/],
    ['a bad output prefix', { outputPrefix: 'Atlas-PL' }, /^outputPrefix: "Atlas-PL" must be 1-40 characters/],
    ['DNS without cluster or names', { clusterName: undefined }, /^endpoints\[0\]\.targetHostname: is required when no cluster is given/],
  ])('rejects %s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  // Values Atlas or Azure would reject only after resources exist.
  test.each<[string, Partial<AtlasAzurePrivateLinkProps>, RegExp]>([
    ['a cluster name with a space', { clusterName: 'cluster 0' }, /^clusterName: "cluster 0" is not an Atlas cluster name \(1-64 ASCII letters, digits and hyphens/],
    ['a cluster name ending in a hyphen', { clusterName: 'cluster0-' }, /^clusterName: "cluster0-" is not an Atlas cluster name/],
    ['a cluster name with a template sequence', { clusterName: 'c0${file("/etc/hostname")}' }, /^clusterName: "c0\$\{file\(\\"\/etc\/hostname\\"\)\}" is not an Atlas cluster name/],
    ['a public static IP', { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, privateIpAddress: '8.8.8.8' }] }, /^endpoints\[0\]\.privateIpAddress: "8\.8\.8\.8" is not a private IPv4 address; .*\(10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16 or 100\.64\.0\.0\/10\)/],
    [
      'a public IP for a brought-in endpoint',
      { endpoints: [{ region: 'eastus2', existingPrivateEndpointId: PRIVATE_ENDPOINT_ID, existingPrivateIpAddress: '20.1.2.3' }] },
      /^endpoints\[0\]\.existingPrivateIpAddress: "20\.1\.2\.3" is not a private IPv4 address/,
    ],
    [
      'a zero-width space in a request message',
      { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, requestMessage: 'hello\u200bworld' }] },
      /^endpoints\[0\]\.requestMessage: "hello\\u\{200b\}world" contains U\+200B \(a control or invisible character\) at position 5; use visible characters and plain spaces only/,
    ],
    ['a bell character in a tag value', { tags: { env: 'prod\u0007' } }, /^tags\["env"\]: "prod\\u\{7\}" contains U\+0007/],
    ['a bidirectional override in a resource group', { resourceGroupName: 'rg\u202eevil' }, /^resourceGroupName: "rg\\u\{202e\}evil" contains U\+202E/],
    ['a newline in a subnet id', { endpoints: [{ region: 'eastus2', subnetId: `${SUBNET_ID}\n` }] }, /^endpoints\[0\]\.subnetId: ".*\\u\{a\}" contains U\+000A/],
    ['a resource group name with a space', { resourceGroupName: 'rg app' }, /^resourceGroupName: "rg app" is not an Azure resource group name/],
    ['a DNS resource group name ending in a period', { dnsResourceGroupName: 'rg-dns.' }, /^dnsResourceGroupName: "rg-dns\." is not an Azure resource group name/],
    [
      'a port out of range that host-zones ignores',
      { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, targetHostname: 'pl-0-eastus2.abc12.mongodb.net', ports: [65536] }] },
      /^endpoints\[0\]\.ports\[0\]: 65536 is not a TCP port \(an integer from 1 to 65535\)/,
    ],
    [
      'an SRV hostname that the DNS strategy none ignores but the output uses',
      { clusterName: undefined, dnsStrategy: DnsStrategy.NONE, virtualNetworkIds: [], endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, srvHostname: 'c0${path.cwd}.x.net' }] },
      /^endpoints\[0\]\.srvHostname: "c0\$\{path\.cwd\}\.x\.net" is not a DNS hostname/,
    ],
    ['a tag name Azure forbids', { tags: { 'a/b': 'x' } }, /^tags\["a\/b"\]: the tag name contains one of < > % & \\ \? \//],
    ['51 tags', { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'x'])) }, /^tags: has 51 tags; Azure allows 50 per resource/],
    ['a tag value over 256 characters', { tags: { env: 'v'.repeat(257) } }, /^tags\["env"\]: is 257 characters long; the limit is 256/],
    [
      'a subnet id whose VNet name holds a template sequence',
      { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID.replace('vnet-app-prod', '${file("x")}') }] },
      /^endpoints\[0\]\.subnetId: ".*" is not a subnet resource id/,
    ],
    [
      'a subscription id that is not a UUID',
      { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID.replace(/subscriptions\/[^/]+/, `subscriptions/${'-'.repeat(36)}`) }] },
      /^endpoints\[0\]\.subnetId: ".*" is not a subnet resource id/,
    ],
  ])('rejects %s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  // Children name their own props; errors must name the composite's prop the user wrote.
  test.each<[string, Partial<AtlasAzurePrivateLinkProps>, RegExp]>([
    ['serviceTimeout', { serviceTimeout: 'an hour' }, /^serviceTimeout: "an hour" is not a Terraform duration/],
    ['registrationCreateTimeout', { registrationCreateTimeout: '2 hours' }, /^registrationCreateTimeout: "2 hours" is not a Terraform duration/],
    ['registrationDeleteTimeout', { registrationDeleteTimeout: 'soon' }, /^registrationDeleteTimeout: "soon" is not a Terraform duration/],
    ['dnsTtl', { dnsTtl: 0 }, /^dnsTtl: 0 is not a TTL in seconds/],
    ['dnsStrategy', { dnsStrategy: 'wildcard' as DnsStrategy }, /^dnsStrategy: "wildcard" is not one of host-zones, cluster-zone, none/],
    ['existingDnsZoneName', { dnsStrategy: DnsStrategy.CLUSTER_ZONE, existingDnsZoneName: 'abc12 mongodb net' }, /^existingDnsZoneName: "abc12 mongodb net" is not a DNS hostname/],
    ['dnsResourceGroupName', { dnsResourceGroupName: 'rg dns' }, /^dnsResourceGroupName: "rg dns" is not an Azure resource group name/],
    ['tags', { tags: { 'a?b': 'x' } }, /^tags\["a\?b"\]: the tag name contains one of/],
    ['endpoints[1].name', { regionalMode: true, endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }, { region: 'westus2', subnetId: WEST_SUBNET_ID, name: 'pe/x' }] }, /^endpoints\[1\]\.name: "pe\/x" is not a valid Azure resource name/],
  ])('an error about %s names that prop', (_field, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('a child error maps to the composite field that carries the value', () => {
    expect(compositeField('createTimeout', SERVICE_FIELDS, 'endpoints[1]')).toBe('serviceTimeout');
    expect(compositeField('region', SERVICE_FIELDS, 'endpoints[1]')).toBe('endpoints[1].region');
    expect(compositeField('subnetId', ENDPOINT_FIELDS, 'endpoints[1]')).toBe('endpoints[1].subnetId');
    expect(compositeField('resourceGroupName', ENDPOINT_FIELDS, 'endpoints[1]')).toBe('resourceGroupName');
    expect(compositeField('tags["a"]', ENDPOINT_FIELDS, 'endpoints[1]')).toBe('tags["a"]');
    expect(compositeField('endpoint.privateIpAddress', REGISTRATION_FIELDS, 'endpoints[1]')).toBe('endpoints[1].existingPrivateIpAddress');
    expect(compositeField('ttl', DNS_FIELDS)).toBe('dnsTtl');
    expect(compositeField('endpoints[0].ports[2]', DNS_FIELDS)).toBe('endpoints[0].ports[2]');
  });

  test('rejects a second composite with the same output prefix in one stack', () => {
    const stack = newStack();
    new AtlasAzurePrivateLink(stack, 'First', minimal);
    expect(() => new AtlasAzurePrivateLink(stack, 'Second', minimal)).toThrow(/^outputPrefix: "atlas_pl" is already used in stack test/);
  });
});
