/**
 * The composite's checks of its own props, and the names under which a child construct's errors
 * are reported: a child names its own props (a service's `createTimeout`), the user wrote the
 * composite's (`serviceTimeout`).
 */
import { checkArmId, checkPrivateIpv4, checkResourceGroupName, checkTags } from './azure-validation';
import type { AtlasAzurePrivateLinkProps, PrivateLinkEndpointOptions } from './atlas-azure-private-link';
import { shown } from './text';
import { checkAtlasId, checkClusterName, checkDuration, checkLiteral, checkProjectId, checkPropTypes, checkRegion, InvalidPropError, PropType } from './validation';

/** Child field (or field prefix) -> composite field; `<endpoint>` is the endpoint's path, e.g. `endpoints[0]`. */
export type FieldNames = Record<string, string>;

export const SERVICE_FIELDS: FieldNames = { region: '<endpoint>.region', createTimeout: 'serviceTimeout', deleteTimeout: 'serviceTimeout' };
export const ENDPOINT_FIELDS: FieldNames = { resourceGroupName: 'resourceGroupName', 'service.region': '<endpoint>.region' };
export const REGISTRATION_FIELDS: FieldNames = {
  createTimeout: 'registrationCreateTimeout',
  deleteTimeout: 'registrationDeleteTimeout',
  'endpoint.privateEndpointId': '<endpoint>.existingPrivateEndpointId',
  'endpoint.privateIpAddress': '<endpoint>.existingPrivateIpAddress',
};
export const DNS_FIELDS: FieldNames = { strategy: 'dnsStrategy', ttl: 'dnsTtl', existingZoneName: 'existingDnsZoneName' };
/** Props with the same name in the child and the composite, at the composite's top level. */
const SHARED = ['projectId', 'clusterName', 'tags', 'virtualNetworkIds', 'endpoints'];

const under = (field: string, head: string) => field === head || field.startsWith(`${head}.`) || field.startsWith(`${head}[`);

/** The composite's name for a child's field; inside an endpoint, the endpoint's option of that name. */
export function compositeField(field: string, names: FieldNames, endpoint?: string): string {
  const head = Object.keys(names)
    .sort((a, b) => b.length - a.length)
    .find((k) => under(field, k));
  if (head !== undefined) return names[head].replace('<endpoint>', endpoint ?? 'endpoints') + field.slice(head.length);
  if (endpoint === undefined || SHARED.some((k) => under(field, k))) return field;
  return `${endpoint}.${field}`;
}

/** Builds a child, re-throwing its InvalidPropError under the composite's field name. */
export function renamed<T>(names: FieldNames, endpoint: string | undefined, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof InvalidPropError) throw new InvalidPropError(compositeField(error.field, names, endpoint), error.detail);
    throw error;
  }
}

const PROPS_TYPES: Record<keyof AtlasAzurePrivateLinkProps, PropType> = {
  projectId: 'string',
  clusterName: 'string',
  resourceGroupName: 'string',
  endpoints: 'object[]',
  dnsStrategy: 'string',
  virtualNetworkIds: 'string[]',
  dnsResourceGroupName: 'string',
  dnsAzurermProvider: 'object',
  dnsResolver: 'object',
  existingDnsResolverInboundIps: 'string[]',
  existingDnsZoneName: 'string',
  dnsTtl: 'number',
  regionalMode: 'boolean',
  registrationCreateTimeout: 'string',
  registrationDeleteTimeout: 'string',
  serviceTimeout: 'string',
  outputPrefix: 'string',
  tags: 'tags',
};

const ENDPOINT_TYPES: Record<keyof PrivateLinkEndpointOptions, PropType> = {
  region: 'string',
  key: 'string',
  existingPrivateLinkId: 'string',
  existingPrivateLinkServiceResourceId: 'string',
  subnetId: 'string',
  azurermProvider: 'object',
  resourceGroupName: 'string',
  name: 'string',
  privateIpAddress: 'string',
  customNetworkInterfaceName: 'string',
  requestMessage: 'string',
  existingPrivateEndpointId: 'string',
  existingPrivateIpAddress: 'string',
  targetHostname: 'string',
  srvHostname: 'string',
  ports: 'number[]',
  txtValue: 'string',
};

/** The composite's own props, under their own names, before any child sees them. */
export function checkProps(props: AtlasAzurePrivateLinkProps): void {
  checkPropTypes('props', 'AtlasAzurePrivateLinkProps', props, PROPS_TYPES, ['endpoints']);
  (props.endpoints as unknown[]).forEach((e, i) => checkPropTypes(`endpoints[${i}]`, 'PrivateLinkEndpointOptions', e, ENDPOINT_TYPES));
  // One VNet link is made per id at synthesis (regions are checked the same way by checkRegion).
  checkLiteral('virtualNetworkIds', props.virtualNetworkIds, 'one VNet link is created per id at synthesis; pass an array of ids (each id may be a token)');
  checkProjectId('projectId', props.projectId);
  checkResourceGroupName('resourceGroupName', props.resourceGroupName);
  if (props.clusterName !== undefined) checkClusterName('clusterName', props.clusterName);
  checkResourceGroupName('dnsResourceGroupName', props.dnsResourceGroupName);
  checkDuration('serviceTimeout', props.serviceTimeout);
  checkDuration('registrationCreateTimeout', props.registrationCreateTimeout);
  checkDuration('registrationDeleteTimeout', props.registrationDeleteTimeout);
  checkTags('tags', props.tags);
}

/** An endpoint's region (Azure form) and key (construct ids, output names). */
export interface EndpointPlan {
  readonly region: string;
  readonly key: string;
  /** 0 for the first endpoint of its region, 1 for the second, ... */
  readonly indexInRegion: number;
}

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * Checks the endpoint list and names each endpoint: its `key`, or the Azure region for the first
 * endpoint of a region and `<region>_<n>` (n = 2, 3, ...) for the next ones, in list order.
 */
export function checkEndpoints(endpoints: PrivateLinkEndpointOptions[]): EndpointPlan[] {
  if (!Array.isArray(endpoints) || endpoints.length === 0) {
    throw new InvalidPropError('endpoints', 'must list at least one endpoint ({ region, subnetId })');
  }
  const perRegion = new Map<string, number>();
  const plans = endpoints.map((e, i): EndpointPlan => {
    const field = `endpoints[${i}]`;
    const region = checkRegion(`${field}.region`, e.region).azure;
    checkNewOrExisting(e, field);
    checkLinkService(e, field);
    const indexInRegion = perRegion.get(region) ?? 0;
    perRegion.set(region, indexInRegion + 1);
    if (e.key !== undefined && !KEY.test(e.key)) {
      throw new InvalidPropError(`${field}.key`, `${shown(e.key)} must be 1-40 characters of a-z, 0-9 and '_', starting with a letter (it names outputs)`);
    }
    return { region, key: e.key ?? (indexInRegion === 0 ? region : `${region}_${indexInRegion + 1}`), indexInRegion };
  });
  plans.forEach((p, i) => {
    const j = plans.findIndex((q) => q.key === p.key);
    if (j !== i) throw new InvalidPropError(`endpoints[${i}].key`, `"${p.key}" is also the key of endpoints[${j}]: give each endpoint its own key`);
    const subnet = endpoints[i].subnetId;
    const k = endpoints.findIndex((e, n) => n < i && subnet !== undefined && plans[n].region === p.region && e.subnetId === subnet);
    if (k !== -1) {
      throw new InvalidPropError(`endpoints[${i}]`, `repeats the region ${p.region} and subnet of endpoints[${k}]: one endpoint per subnet and region is enough (several endpoints in a region are for several VNets or subscriptions)`);
    }
  });
  checkSharedServices(endpoints, plans);
  return plans;
}

function checkNewOrExisting(e: PrivateLinkEndpointOptions, field: string): void {
  if (e.existingPrivateEndpointId !== undefined) {
    const conflicting = (['subnetId', 'resourceGroupName', 'name', 'privateIpAddress', 'customNetworkInterfaceName', 'requestMessage'] as const).filter((f) => e[f] !== undefined);
    if (conflicting.length > 0) {
      throw new InvalidPropError(
        `${field}.existingPrivateEndpointId`,
        `conflicts with ${conflicting.join(', ')}: those configure a new endpoint; give either an existing endpoint or a subnet`,
      );
    }
    checkArmId(`${field}.existingPrivateEndpointId`, e.existingPrivateEndpointId, 'privateEndpoint');
    if (e.existingPrivateIpAddress === undefined) {
      throw new InvalidPropError(`${field}.existingPrivateIpAddress`, 'is required with existingPrivateEndpointId');
    }
    checkPrivateIpv4(`${field}.existingPrivateIpAddress`, e.existingPrivateIpAddress);
    return;
  }
  if (e.existingPrivateIpAddress !== undefined) {
    throw new InvalidPropError(`${field}.existingPrivateIpAddress`, 'is only valid with existingPrivateEndpointId');
  }
  if (e.subnetId === undefined) {
    throw new InvalidPropError(`${field}.subnetId`, 'is required unless existingPrivateEndpointId is given');
  }
}

/** Bring your own Atlas service: its id, and its resource id when a new endpoint must connect to it. */
function checkLinkService(e: PrivateLinkEndpointOptions, field: string): void {
  if (e.existingPrivateLinkId === undefined) {
    if (e.existingPrivateLinkServiceResourceId !== undefined) {
      throw new InvalidPropError(`${field}.existingPrivateLinkServiceResourceId`, 'is only valid with existingPrivateLinkId (the Atlas private link service id)');
    }
    return;
  }
  checkAtlasId(`${field}.existingPrivateLinkId`, e.existingPrivateLinkId);
  if (e.existingPrivateLinkServiceResourceId === undefined) {
    if (e.existingPrivateEndpointId === undefined) {
      throw new InvalidPropError(
        `${field}.existingPrivateLinkServiceResourceId`,
        'is required with existingPrivateLinkId when a new private endpoint is created: it is what the endpoint connects to ' +
          '(/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateLinkServices/pls_<id>, the service\'s private_link_service_resource_id output)',
      );
    }
    return;
  }
  checkArmId(`${field}.existingPrivateLinkServiceResourceId`, e.existingPrivateLinkServiceResourceId, 'privateLinkService');
}

/** The endpoints of one region share one Atlas service: all bring the same one, or none does. */
function checkSharedServices(endpoints: PrivateLinkEndpointOptions[], plans: EndpointPlan[]): void {
  plans.forEach((p, i) => {
    const first = plans.findIndex((q) => q.region === p.region);
    const a = endpoints[first];
    const b = endpoints[i];
    if (a.existingPrivateLinkId !== b.existingPrivateLinkId) {
      throw new InvalidPropError(
        `endpoints[${i}].existingPrivateLinkId`,
        `differs from endpoints[${first}] in region ${p.region}: the endpoints of a region share one Atlas private link service (Atlas allows one per region and project)`,
      );
    }
  });
}
