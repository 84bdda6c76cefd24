/**
 * Property: every string prop of every construct reaches Terraform as the literal text given.
 * Generated strings with template sequences (and mixed with tokens) go through each prop; the
 * construct either rejects the value with an error naming that prop, or the synthesized JSON,
 * read as Terraform reads it (test/support/terraform-template.ts), equals the input.
 */
import { Testing, TerraformStack } from 'cdktf';
import {
  AtlasAzurePrivateLink,
  AtlasAzurePrivateLinkProps,
  AtlasClusterConnectionStrings,
  AtlasEndpointRegistration,
  AtlasPrivateDns,
  AtlasPrivateDnsProps,
  AtlasPrivateLinkService,
  AzurePrivateEndpoint,
  AzurePrivateEndpointProps,
  DnsStrategy,
  IAtlasPrivateLinkService,
  InvalidPropError,
} from '../../lib';
import { CLUSTER_NAME, PORTS, PRIVATE_ENDPOINT_ID, PRIVATE_IP, PROJECT_ID, RESOURCE_GROUP, SRV_HOST, SUBNET_ID, TARGET_HOST, TXT_VALUE, VNET_ID } from '../fixtures/samples';
import { newStack, SynthJson, synthJson } from '../support/synth';
import { FIXED, generated, Mixed, withTokens } from '../support/template-strings';
import { evalExpression, evalHclString, evalJsonTemplate } from '../support/terraform-template';

const ZONE = 'abc12.mongodb.net';
const SERVICE_RID = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg_atlas/providers/Microsoft.Network/privateLinkServices/pls_1';
const service = (over: Partial<IAtlasPrivateLinkService> = {}): IAtlasPrivateLinkService => ({
  projectId: PROJECT_ID,
  region: { azure: 'eastus2', atlas: 'US_EAST_2' },
  privateLinkId: '6566f1a2b3c4d5e6f7a8b9c0',
  privateLinkServiceResourceId: SERVICE_RID,
  ...over,
});

/** Where a prop's value lands: the strings to read back, and what each must read as. */
type Landing = (json: SynthJson) => string[];
interface PropCase {
  readonly prop: string;
  /** Builds a stack with the value in the prop (its shape added: e.g. a hostname suffix). */
  readonly build: (stack: TerraformStack, value: string) => void;
  readonly landing: Landing;
  /** What each landing string must read as, from the text given (without shape). */
  readonly expected: (text: string) => string[];
  readonly shape?: (text: string) => string;
  /** How Terraform reads a landing string: a JSON-syntax template unless said otherwise. */
  readonly read?: (raw: string) => string;
  /** A whole composite per value: fewer generated values, to keep the suite quick. */
  readonly heavy?: boolean;
  /** Free text: every literal (and every mixed) value must be accepted, not only round-trip when accepted. */
  readonly freeText?: boolean;
}

const of = (json: SynthJson, type: string, read: (r: Record<string, any>) => unknown): string[] =>
  Object.values({ ...json.resource?.[type], ...json.data?.[type] }).map((r) => read(r) as string);
/** The argument of the last `lower(...)` in the local that finds the endpoint in the cluster's connection strings. */
const endpointIdInLocal = (json: SynthJson) =>
  Object.values(json.locals ?? {})
    .filter((l) => l.includes('pe.endpoints'))
    .map((l) => l.slice(l.lastIndexOf(', lower(') + ', lower('.length, l.length - '))])}'.length));

const host = (t: string) => `${t}.${ZONE}`;
const serviceIn = (stack: TerraformStack) => new AtlasPrivateLinkService(stack, 'Service', { projectId: PROJECT_ID, region: 'eastus2' });
const endpoint = (stack: TerraformStack, over: Partial<AzurePrivateEndpointProps>) =>
  new AzurePrivateEndpoint(stack, 'Endpoint', { service: serviceIn(stack), resourceGroupName: RESOURCE_GROUP, subnetId: SUBNET_ID, ...over });
const dns = (stack: TerraformStack, over: Partial<AtlasPrivateDnsProps>, endpointOver: Record<string, unknown> = {}) =>
  new AtlasPrivateDns(stack, 'Dns', {
    resourceGroupName: RESOURCE_GROUP,
    virtualNetworkIds: [VNET_ID],
    endpoints: [{ key: 'eastus2', privateIpAddress: PRIVATE_IP, targetHostname: TARGET_HOST, srvHostname: SRV_HOST, ports: PORTS, txtValue: TXT_VALUE, ...endpointOver }],
    ...over,
  });
const clusterZone = { strategy: DnsStrategy.CLUSTER_ZONE, existingZoneName: ZONE };
const composite = (stack: TerraformStack, over: Partial<AtlasAzurePrivateLinkProps>) =>
  new AtlasAzurePrivateLink(stack, 'Link', {
    projectId: PROJECT_ID,
    clusterName: CLUSTER_NAME,
    resourceGroupName: RESOURCE_GROUP,
    virtualNetworkIds: [VNET_ID],
    endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }],
    ...over,
  });
const same = (t: string) => [t];

const CASES: PropCase[] = [
  // AtlasPrivateLinkService
  { prop: 'projectId', build: (s, v) => new AtlasPrivateLinkService(s, 'S', { projectId: v, region: 'eastus2' }), landing: (j) => of(j, 'mongodbatlas_privatelink_endpoint', (r) => r.project_id), expected: same },
  { prop: 'region', build: (s, v) => new AtlasPrivateLinkService(s, 'S', { projectId: PROJECT_ID, region: v }), landing: () => [], expected: () => [] },
  { prop: 'createTimeout', build: (s, v) => new AtlasPrivateLinkService(s, 'S', { projectId: PROJECT_ID, region: 'eastus2', createTimeout: v }), landing: (j) => of(j, 'mongodbatlas_privatelink_endpoint', (r) => r.timeouts.create), expected: same },
  { prop: 'deleteTimeout', build: (s, v) => new AtlasPrivateLinkService(s, 'S', { projectId: PROJECT_ID, region: 'eastus2', deleteTimeout: v }), landing: (j) => of(j, 'mongodbatlas_privatelink_endpoint', (r) => r.timeouts.delete), expected: same },
  // AzurePrivateEndpoint
  { prop: 'resourceGroupName', build: (s, v) => endpoint(s, { resourceGroupName: v }), landing: (j) => of(j, 'azurerm_private_endpoint', (r) => r.resource_group_name), expected: same },
  { prop: 'subnetId', build: (s, v) => endpoint(s, { subnetId: v }), landing: (j) => of(j, 'azurerm_private_endpoint', (r) => r.subnet_id), expected: same },
  {
    prop: 'name',
    build: (s, v) => endpoint(s, { name: v, privateIpAddress: PRIVATE_IP }),
    landing: (j) => of(j, 'azurerm_private_endpoint', (r) => [r.name, r.private_service_connection.name, r.ip_configuration[0].name]).flat(),
    expected: (t) => [t, `${t}-connection`, `${t}-ip`],
  },
  { prop: 'location', build: (s, v) => endpoint(s, { location: v }), landing: () => [], expected: () => [] },
  { prop: 'requestMessage', build: (s, v) => endpoint(s, { requestMessage: v }), landing: (j) => of(j, 'azurerm_private_endpoint', (r) => r.private_service_connection.request_message), expected: same, freeText: true },
  { prop: 'privateIpAddress', build: (s, v) => endpoint(s, { privateIpAddress: v }), landing: (j) => of(j, 'azurerm_private_endpoint', (r) => r.ip_configuration[0].private_ip_address), expected: same },
  { prop: 'customNetworkInterfaceName', build: (s, v) => endpoint(s, { customNetworkInterfaceName: v }), landing: (j) => of(j, 'azurerm_private_endpoint', (r) => r.custom_network_interface_name), expected: same },
  { prop: 'tags', build: (s, v) => endpoint(s, { tags: { env: v } }), landing: (j) => of(j, 'azurerm_private_endpoint', (r) => r.tags.env), expected: same, freeText: true },
  { prop: 'tags', build: (s, v) => endpoint(s, { tags: { [v]: 'x' } }), landing: (j) => of(j, 'azurerm_private_endpoint', (r) => Object.keys(r.tags)[0]), expected: same },
  {
    prop: 'service.privateLinkServiceResourceId',
    build: (s, v) => new AzurePrivateEndpoint(s, 'E', { service: service({ privateLinkServiceResourceId: v }), resourceGroupName: RESOURCE_GROUP, subnetId: SUBNET_ID }),
    landing: (j) => of(j, 'azurerm_private_endpoint', (r) => r.private_service_connection.private_connection_resource_id),
    expected: same,
  },
  {
    prop: 'requestMessage',
    build: (s, v) => new AzurePrivateEndpoint(s, 'E', { service: service({ projectId: v }), resourceGroupName: RESOURCE_GROUP, subnetId: SUBNET_ID }),
    landing: (j) => of(j, 'azurerm_private_endpoint', (r) => r.private_service_connection.request_message),
    expected: (t) => [`MongoDB Atlas private endpoint for project ${t}`],
  },
  // AtlasEndpointRegistration
  ...(['privateEndpointId', 'privateIpAddress'] as const).map(
    (f): PropCase => ({
      prop: `endpoint.${f}`,
      build: (s, v) =>
        new AtlasEndpointRegistration(s, 'R', { service: serviceIn(s), endpoint: { privateEndpointId: PRIVATE_ENDPOINT_ID, privateIpAddress: PRIVATE_IP, [f]: v } }),
      landing: (j) => of(j, 'mongodbatlas_privatelink_endpoint_service', (r) => (f === 'privateIpAddress' ? r.private_endpoint_ip_address : r.endpoint_service_id)),
      expected: same,
    }),
  ),
  {
    prop: 'service.privateLinkId',
    build: (s, v) => new AtlasEndpointRegistration(s, 'R', { service: service({ privateLinkId: v }), endpoint: { privateEndpointId: PRIVATE_ENDPOINT_ID, privateIpAddress: PRIVATE_IP } }),
    landing: (j) => of(j, 'mongodbatlas_privatelink_endpoint_service', (r) => r.private_link_id),
    expected: same,
  },
  {
    prop: 'createTimeout',
    build: (s, v) => new AtlasEndpointRegistration(s, 'R', { service: service(), endpoint: { privateEndpointId: PRIVATE_ENDPOINT_ID, privateIpAddress: PRIVATE_IP }, createTimeout: v }),
    landing: (j) => of(j, 'mongodbatlas_privatelink_endpoint_service', (r) => r.timeouts.create),
    expected: same,
  },
  // AtlasClusterConnectionStrings
  { prop: 'projectId', build: (s, v) => new AtlasClusterConnectionStrings(s, 'C', { projectId: v, clusterName: CLUSTER_NAME }), landing: (j) => of(j, 'mongodbatlas_advanced_cluster', (r) => r.project_id), expected: same },
  { prop: 'clusterName', build: (s, v) => new AtlasClusterConnectionStrings(s, 'C', { projectId: PROJECT_ID, clusterName: v }), landing: (j) => of(j, 'mongodbatlas_advanced_cluster', (r) => r.name), expected: same },
  // AtlasPrivateDns
  { prop: 'resourceGroupName', build: (s, v) => dns(s, { resourceGroupName: v }), landing: (j) => [...of(j, 'azurerm_private_dns_zone', (r) => r.resource_group_name), ...of(j, 'azurerm_private_dns_a_record', (r) => r.resource_group_name)], expected: (t) => [t, t] },
  { prop: 'virtualNetworkIds[0]', build: (s, v) => dns(s, { virtualNetworkIds: [v] }), landing: (j) => of(j, 'azurerm_private_dns_zone_virtual_network_link', (r) => r.virtual_network_id), expected: same },
  { prop: 'endpoints[0].key', build: (s, v) => dns(s, {}, { key: v }), landing: () => [], expected: () => [] },
  { prop: 'endpoints[0].privateIpAddress', build: (s, v) => dns(s, {}, { privateIpAddress: v }), landing: (j) => of(j, 'azurerm_private_dns_a_record', (r) => r.records[0]), expected: same },
  { prop: 'endpoints[0].targetHostname', build: (s, v) => dns(s, {}, { targetHostname: v }), landing: (j) => of(j, 'azurerm_private_dns_zone', (r) => r.name), expected: (t) => [host(t)], shape: host },
  {
    prop: 'endpoints[0].targetHostname',
    build: (s, v) => dns(s, clusterZone, { targetHostname: v }),
    landing: (j) => [...of(j, 'azurerm_private_dns_a_record', (r) => r.name), ...of(j, 'azurerm_private_dns_srv_record', (r) => r.record[0].target)],
    expected: (t) => [t, host(t)],
    shape: host,
  },
  {
    prop: 'endpoints[0].srvHostname',
    build: (s, v) => dns(s, clusterZone, { srvHostname: v }),
    landing: (j) => [...of(j, 'azurerm_private_dns_srv_record', (r) => r.name), ...of(j, 'azurerm_private_dns_txt_record', (r) => r.name)],
    expected: (t) => [`_mongodb._tcp.${t}`, t],
    shape: host,
  },
  {
    prop: 'endpoints[0].txtValue',
    build: (s, v) => dns(s, clusterZone, { txtValue: v }),
    landing: (j) => of(j, 'azurerm_private_dns_txt_record', (r) => r.record[0].value),
    expected: (t) => [`authSource=${t}`],
    shape: (t) => `authSource=${t}`,
  },
  {
    prop: 'endpoints[0].privateEndpointId',
    build: (s, v) =>
      dns(s, { connectionStrings: new AtlasClusterConnectionStrings(s, 'C', { projectId: PROJECT_ID, clusterName: CLUSTER_NAME }) }, {
        targetHostname: undefined, srvHostname: undefined, ports: undefined, txtValue: undefined, privateEndpointId: v,
      }),
    landing: endpointIdInLocal,
    read: evalExpression,
    expected: same,
  },
  { prop: 'existingZoneName', build: (s, v) => dns(s, { ...clusterZone, existingZoneName: v }), landing: (j) => of(j, 'azurerm_private_dns_a_record', (r) => r.zone_name), expected: same },
  { prop: 'tags', build: (s, v) => dns(s, { tags: { env: v } }), landing: (j) => of(j, 'azurerm_private_dns_zone', (r) => r.tags.env), expected: same, freeText: true },
  // AtlasAzurePrivateLink: the props the app fills from a config
  // Read twice: at plan time for the prerequisites, and after the registrations for the names.
  { prop: 'clusterName', build: (s, v) => composite(s, { clusterName: v }), landing: (j) => of(j, 'mongodbatlas_advanced_cluster', (r) => r.name), expected: (t) => [t, t], heavy: true },
  { prop: 'serviceTimeout', build: (s, v) => composite(s, { serviceTimeout: v }), landing: (j) => of(j, 'mongodbatlas_privatelink_endpoint', (r) => r.timeouts.create), expected: same, heavy: true },
  { prop: 'registrationCreateTimeout', build: (s, v) => composite(s, { registrationCreateTimeout: v }), landing: (j) => of(j, 'mongodbatlas_privatelink_endpoint_service', (r) => r.timeouts.create), expected: same, heavy: true },
  { prop: 'dnsResourceGroupName', build: (s, v) => composite(s, { dnsResourceGroupName: v }), landing: (j) => of(j, 'azurerm_private_dns_zone', (r) => r.resource_group_name), expected: same, heavy: true },
  { prop: 'tags', build: (s, v) => composite(s, { tags: { owner: v } }), landing: (j) => of(j, 'azurerm_private_endpoint', (r) => r.tags.owner), expected: same, freeText: true, heavy: true },
  {
    prop: 'endpoints[0].requestMessage',
    build: (s, v) => composite(s, { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, requestMessage: v }] }),
    landing: (j) => of(j, 'azurerm_private_endpoint', (r) => r.private_service_connection.request_message),
    expected: same,
    freeText: true,
    heavy: true,
  },
  {
    prop: 'endpoints[0].srvHostname',
    build: (s, v) =>
      composite(s, { clusterName: undefined, dnsStrategy: DnsStrategy.NONE, virtualNetworkIds: [], endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, srvHostname: v }] }),
    landing: (j) => [(j.output?.atlas_pl_eastus2_srv_connection_string.value as string) ?? 'no output'],
    expected: (t) => [`mongodb+srv://${host(t)}`],
    shape: host,
    heavy: true,
  },
  {
    prop: 'endpoints[0].existingPrivateEndpointId',
    build: (s, v) => composite(s, { endpoints: [{ region: 'eastus2', existingPrivateEndpointId: v, existingPrivateIpAddress: PRIVATE_IP }] }),
    landing: (j) => [...of(j, 'mongodbatlas_privatelink_endpoint_service', (r) => r.endpoint_service_id), j.output?.atlas_pl_eastus2_private_endpoint_id.value as string],
    expected: (t) => [t, t],
    heavy: true,
  },
];

type Outcome = { accepted: true } | { accepted: false; error: InvalidPropError };

/** Builds and synthesizes; an InvalidPropError must name the prop under test. */
function attempt(c: PropCase, value: string): { outcome: Outcome; json?: SynthJson } {
  const stack = newStack();
  try {
    c.build(stack, value);
    return { outcome: { accepted: true }, json: synthJson(stack) };
  } catch (error) {
    if (!(error instanceof InvalidPropError)) throw error;
    return { outcome: { accepted: false, error } };
  }
}

function check(c: PropCase, input: Mixed): Outcome {
  const value = c.shape ? c.shape(input.value) : input.value;
  const { outcome, json } = attempt(c, value);
  if (!outcome.accepted) {
    // Rejected: the error names this prop (tags: the tag's own path) and the expected form.
    expect({ input: input.value, field: outcome.error.field.replace(/\[".*$/, '') }).toEqual({ input: input.value, field: c.prop });
    return outcome;
  }
  const actual = c.landing(json as SynthJson).map(c.read ?? evalJsonTemplate);
  const expected = c.expected(input.expected);
  expect({ input: input.value, actual }).toEqual({ input: input.value, actual: expected });
  return outcome;
}

const LITERALS = [...FIXED, ...generated(40, 7)];
const inputsFor = (c: PropCase) => (c.heavy ? LITERALS.slice(0, FIXED.length + 10) : LITERALS);

describe.each(CASES.map((c, i) => [`${c.prop} (#${i})`, c] as const))('%s', (_name, c) => {
  test('a literal with template sequences is rejected naming the prop, or reaches Terraform as that literal', () => {
    const outcomes = inputsFor(c).map((text) => check(c, { value: text, expected: text }));
    if (c.freeText) {
      const visible = inputsFor(c).filter((t) => t.trim() !== '' && t.length <= 140 && !(c.prop === 'tags' && /[<>%&\\?/]/.test(t)));
      expect(outcomes.filter((o) => o.accepted).length).toBeGreaterThanOrEqual(visible.length);
    }
  });

  test('the same mixed with cdktf tokens is rejected naming the prop, or reaches Terraform with the references in place', () => {
    inputsFor(c).slice(0, c.heavy ? 12 : 25).forEach((text, i) => check(c, withTokens(text, i + 1)));
  });
});

test('the cases cover every string prop of the constructs', () => {
  const covered = new Set(CASES.map((c) => c.prop));
  for (const prop of ['projectId', 'clusterName', 'resourceGroupName', 'subnetId', 'name', 'requestMessage', 'privateIpAddress', 'customNetworkInterfaceName', 'tags', 'location', 'region', 'existingZoneName', 'endpoints[0].txtValue', 'endpoints[0].targetHostname', 'endpoints[0].srvHostname', 'endpoints[0].privateEndpointId', 'endpoints[0].key']) {
    expect(covered).toContain(prop);
  }
});

test('HCL output: the endpoint\'s free text reads back as the literal', () => {
  for (const text of LITERALS.filter((t) => t.trim() !== '' && !/[<>%&\\?/]/.test(t))) {
    const stack = newStack();
    endpoint(stack, { requestMessage: text, tags: { [text]: text } });
    const hcl: string = Testing.synthHcl(stack);
    const read = (marker: RegExp) => {
      const m = marker.exec(hcl);
      if (!m) throw new Error(`no ${marker} in\n${hcl}`);
      return evalHclString(hcl, m.index + m[0].length - 1);
    };
    expect({ text, message: read(/request_message = "/).value }).toEqual({ text, message: text });
    // cdktf writes a key that is a valid HCL name bare, any other quoted.
    const keyAt = (/tags = \{\s*/.exec(hcl) as RegExpExecArray).index + (/tags = \{\s*/.exec(hcl) as RegExpExecArray)[0].length;
    const bare = /^[A-Za-z_][A-Za-z0-9_-]*(?= =)/.exec(hcl.slice(keyAt));
    const key = bare ? { value: bare[0], end: keyAt + bare[0].length } : evalHclString(hcl, keyAt);
    expect({ text, key: key.value }).toEqual({ text, key: text });
    expect({ text, value: evalHclString(hcl, hcl.indexOf('"', hcl.indexOf('=', key.end))).value }).toEqual({ text, value: text });
  }
});
