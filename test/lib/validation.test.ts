/**
 * The construct API called from plain JavaScript (or TypeScript through `any`), where the compiler
 * checks nothing: every prop of every construct gets an InvalidPropError naming it and saying what
 * it got, never a raw TypeError and never a value silently ignored or changed.
 */
import { Token, TerraformStack, TerraformVariable } from 'cdktf';
import {
  AtlasAzurePrivateLink,
  AtlasClusterConnectionStrings,
  AtlasClusterPrerequisites,
  AtlasEndpointRegistration,
  AtlasPrivateDns,
  AtlasPrivateLinkService,
  AzurePrivateEndpoint,
  InvalidPropError,
  ProviderVersions,
} from '../../lib';
import { described, MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS } from '../../lib/validation';
import { CLUSTER_NAME, PRIVATE_ENDPOINT_ID, PRIVATE_IP, PRIVATE_LINK_ID, PLS_ID, PROJECT_ID, RESOURCE_GROUP, SUBNET_ID, VNET_ID } from '../fixtures/samples';
import { newStack, resourcesOf, synthJson } from '../support/synth';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const minimal = {
  projectId: PROJECT_ID,
  clusterName: CLUSTER_NAME,
  resourceGroupName: RESOURCE_GROUP,
  virtualNetworkIds: [VNET_ID],
  endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID }],
};
const service = { projectId: PROJECT_ID, region: { azure: 'eastus2', atlas: 'US_EAST_2' }, privateLinkId: PRIVATE_LINK_ID, privateLinkServiceResourceId: PLS_ID };
const endpoint = { privateEndpointId: PRIVATE_ENDPOINT_ID, privateIpAddress: PRIVATE_IP };
const dnsProps = { resourceGroupName: RESOURCE_GROUP, virtualNetworkIds: [VNET_ID], endpoints: [{ key: 'eastus2', privateIpAddress: PRIVATE_IP, targetHostname: 'pl-0-eastus2.abc12.mongodb.net' }] };

/** Each construct with props that work (so one changed prop is the only problem), and its other props. */
const CONSTRUCTS: Record<string, { make: (stack: TerraformStack, props: Any) => unknown; good: Record<string, unknown>; optional: Record<string, unknown> }> = {
  AtlasAzurePrivateLink: {
    make: (s, p) => new AtlasAzurePrivateLink(s, 'X', p),
    good: minimal,
    optional: {
      dnsStrategy: 42, dnsResourceGroupName: 42, existingDnsZoneName: 42, dnsTtl: 'x', regionalMode: 42, registrationCreateTimeout: 42,
      registrationDeleteTimeout: 42, serviceTimeout: 42, outputPrefix: 42, tags: 42,
    },
  },
  AtlasPrivateLinkService: {
    make: (s, p) => new AtlasPrivateLinkService(s, 'X', p),
    good: { projectId: PROJECT_ID, region: 'eastus2' },
    optional: { createTimeout: 42, deleteTimeout: 42, dependsOn: 42 },
  },
  AzurePrivateEndpoint: {
    make: (s, p) => new AzurePrivateEndpoint(s, 'X', p),
    good: { service, resourceGroupName: RESOURCE_GROUP, subnetId: SUBNET_ID },
    optional: { name: 42, location: 42, requestMessage: 42, privateIpAddress: 42, customNetworkInterfaceName: 42, tags: 42 },
  },
  AtlasEndpointRegistration: {
    make: (s, p) => new AtlasEndpointRegistration(s, 'X', p),
    good: { service, endpoint },
    optional: { createTimeout: 42, deleteTimeout: 42 },
  },
  AtlasPrivateDns: {
    make: (s, p) => new AtlasPrivateDns(s, 'X', p),
    good: dnsProps,
    optional: { strategy: 42, connectionStrings: 42, existingZoneName: 42, ttl: 'x', tags: 42 },
  },
  AtlasClusterPrerequisites: {
    make: (s, p) => new AtlasClusterPrerequisites(s, 'X', p),
    good: { projectId: PROJECT_ID, clusterName: CLUSTER_NAME, endpointRegions: ['eastus2'] },
    optional: {},
  },
  AtlasClusterConnectionStrings: {
    make: (s, p) => new AtlasClusterConnectionStrings(s, 'X', p),
    good: { projectId: PROJECT_ID, clusterName: CLUSTER_NAME },
    optional: { dependsOn: 42 },
  },
  ProviderVersions: {
    make: (s, p) => new ProviderVersions(s, 'X', p),
    good: { mongodbatlas: '~> 2.16' },
    optional: { azurerm: 42 },
  },
};

function attempt(name: string, props: unknown): InvalidPropError {
  try {
    CONSTRUCTS[name].make(newStack(), props);
  } catch (error) {
    if (error instanceof InvalidPropError) return error;
    throw new Error(`${name}: expected an InvalidPropError, got ${String(error)}`);
  }
  throw new Error(`${name}: expected an InvalidPropError, nothing was thrown`);
}

describe.each(Object.keys(CONSTRUCTS))('%s from plain JavaScript', (name) => {
  test('the good props build (so each case below has one problem only)', () => {
    expect(() => CONSTRUCTS[name].make(newStack(), CONSTRUCTS[name].good)).not.toThrow();
  });

  // ProviderVersions has only optional props: undefined means "the defaults" there.
  test.each(name === 'ProviderVersions' ? [null, 'props', ['a']] : [undefined, null, 'props', ['a']])('props = %p: an InvalidPropError naming props and the props type', (props) => {
    const error = attempt(name, props);
    expect(error.message).toBe(`props: must be an object (${name}Props); got ${described(props)}`);
  });

  // Every prop with a value of the wrong type: a number where anything else is expected, a string where a number is.
  const { good, optional } = CONSTRUCTS[name];
  test.each([...Object.keys(good), ...Object.keys(optional)])('%s of the wrong type is refused, naming it and what it got', (prop) => {
    const wrong = prop in optional ? optional[prop] : 42;
    const error = attempt(name, { ...CONSTRUCTS[name].good, [prop]: wrong });
    expect(error.field).toBe(prop);
    expect(error.message).toMatch(new RegExp(`^${prop.replace(/[[\]]/g, '\\$&')}: .*(got (a number \\(42\\)|a string "x")|must be a non-empty string; got|must be a version constraint string)`));
  });
});

describe('the composite from plain JavaScript', () => {
  const build = (props: Record<string, unknown>) => attempt('AtlasAzurePrivateLink', { ...minimal, ...props });

  test.each<[string, Record<string, unknown>, string]>([
    ['a null endpoint', { endpoints: [null] }, 'endpoints[0]: must be an object; got null'],
    ['endpoints that are not a list', { endpoints: { region: 'eastus2' } }, 'endpoints: must be an array of objects; got an object'],
    ['no endpoints at all', { endpoints: undefined }, 'endpoints: is required (an array of objects)'],
    ['tags as a list', { tags: ['a'] }, 'tags: must be an object of tag names to string values (e.g. { app: "orders" }); got an array'],
    ['a tag value that is not a string', { tags: { app: 1 } }, 'tags["app"]: must be a string; got a number (1)'],
    ['regionalMode as a string', { regionalMode: 'yes' }, 'regionalMode: must be true or false (a boolean); got a string "yes"'],
    ['ports as a string', { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, ports: '1024' }] }, 'endpoints[0].ports: must be an array of numbers; got a string "1024"'],
    ['a port as a string', { endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, ports: [1024, '1025'] }] }, 'endpoints[0].ports[1]: must be a number; got a string "1025"'],
    ['one VNet id instead of a list', { virtualNetworkIds: VNET_ID }, `virtualNetworkIds: must be an array of strings; got a string "${VNET_ID}"`],
    ['a TTL as a string', { dnsTtl: '60' }, 'dnsTtl: must be a number; got a string "60"'],
  ])('%s', (_name, props, message) => {
    expect(build(props).message).toBe(message);
  });

  test.each([
    'region', 'key', 'existingPrivateLinkId', 'existingPrivateLinkServiceResourceId', 'subnetId', 'name', 'privateIpAddress',
    'customNetworkInterfaceName', 'requestMessage', 'existingPrivateEndpointId', 'existingPrivateIpAddress', 'targetHostname',
    'srvHostname', 'ports', 'txtValue',
  ])('endpoints[0].%s of the wrong type is refused, naming it', (prop) => {
    const error = build({ endpoints: [{ region: 'eastus2', subnetId: SUBNET_ID, [prop]: true }] });
    expect(error.field).toBe(`endpoints[0].${prop}`);
    expect(error.message).toMatch(/: must be (a string|an array of numbers); got a boolean \(true\)$/);
  });

  test.each(['key', 'privateIpAddress', 'privateEndpointId', 'targetHostname', 'srvHostname', 'ports', 'txtValue'])(
    'AtlasPrivateDns endpoints[0].%s of the wrong type is refused, naming it',
    (prop) => {
      const error = attempt('AtlasPrivateDns', { ...dnsProps, endpoints: [{ ...dnsProps.endpoints[0], [prop]: true }] });
      expect(error.message).toMatch(new RegExp(`^endpoints\\[0\\]\\.${prop}: must be (a string|an array of numbers); got a boolean \\(true\\)$`));
    },
  );

  test('a hand-made service or endpoint of the wrong shape names its field', () => {
    expect(attempt('AtlasEndpointRegistration', { service: { ...service, region: 'eastus2' }, endpoint }).message).toBe('service.region: must be an object; got a string "eastus2"');
    expect(attempt('AtlasEndpointRegistration', { service, endpoint: { ...endpoint, privateIpAddress: 4 } }).message).toBe('endpoint.privateIpAddress: must be a string; got a number (4)');
    expect(attempt('AzurePrivateEndpoint', { service: { ...service, region: {} }, resourceGroupName: RESOURCE_GROUP, subnetId: SUBNET_ID }).message).toBe('service.region.azure: is required (a string)');
  });

  test.each(['0s', '59s', '169h', '99999999999h'])('a timeout of %s is refused with the accepted range', (value) => {
    for (const prop of ['serviceTimeout', 'registrationCreateTimeout', 'registrationDeleteTimeout']) {
      expect(build({ [prop]: value }).message).toBe(`${prop}: "${value}" is outside the accepted range of 1m to 168h (a week); give a duration in that range or "provider-default"`);
    }
    expect([MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS]).toEqual([60, 168 * 3600]);
  });

  test.each(['1m', '60s', '168h', '1h30m'])('a timeout of %s at the edges of the range is accepted', (value) => {
    expect(() => new AtlasAzurePrivateLink(newStack(), 'X', { ...minimal, serviceTimeout: value })).not.toThrow();
  });

  test('a tag named __proto__ is refused by name, not dropped', () => {
    expect(build({ tags: JSON.parse('{"app": "x", "__proto__": "y"}') }).message).toMatch(/^tags\["__proto__"\]: the tag name "__proto__" cannot be used/);
  });
});

describe('tokens (references resolved at apply)', () => {
  function variable(stack: TerraformStack, name: string) {
    return new TerraformVariable(stack, name, {});
  }

  test('a TTL token is accepted and reaches the records as a reference', () => {
    const stack = newStack();
    new AtlasAzurePrivateLink(stack, 'X', { ...minimal, dnsTtl: variable(stack, 'ttl').numberValue });
    expect(resourcesOf(synthJson(stack), 'azurerm_private_dns_a_record').map((r) => r.ttl)).toEqual(['${var.ttl}']);
  });

  test('a VNet id may be a token, but the VNet list may not: one link is made per id at synthesis', () => {
    const stack = newStack();
    expect(() => new AtlasAzurePrivateLink(stack, 'X', { ...minimal, virtualNetworkIds: [variable(stack, 'vnet').stringValue] })).not.toThrow();
    const other = newStack();
    expect(() => new AtlasAzurePrivateLink(other, 'X', { ...minimal, virtualNetworkIds: variable(other, 'vnets').listValue })).toThrow(
      'virtualNetworkIds: cannot be a token (a reference resolved at apply): one VNet link is created per id at synthesis; pass an array of ids (each id may be a token); give a literal value',
    );
  });

  test.each<[string, (stack: TerraformStack, region: string) => unknown, string]>([
    ['an endpoint region', (s, region) => new AtlasAzurePrivateLink(s, 'X', { ...minimal, endpoints: [{ region, subnetId: SUBNET_ID }] }), 'endpoints[0].region'],
    ['a service region', (s, region) => new AtlasPrivateLinkService(s, 'X', { projectId: PROJECT_ID, region }), 'region'],
    ['a prerequisites region', (s, region) => new AtlasClusterPrerequisites(s, 'X', { projectId: PROJECT_ID, clusterName: CLUSTER_NAME, endpointRegions: [region] }), 'endpointRegions[0]'],
  ])('%s token is refused: the region names resources and picks the Atlas region at synthesis', (_name, make, field) => {
    const stack = newStack();
    expect(() => make(stack, variable(stack, 'region').stringValue)).toThrow(
      `${field}: cannot be a token (a reference resolved at apply): the region picks the Atlas region and names resources at synthesis; give a literal value`,
    );
    expect(() => make(newStack(), Token.asString('eastus2'))).not.toThrow(); // a literal wrapped as a token resolves at once
  });
});
