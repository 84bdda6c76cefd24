/**
 * The composite's checks of its own props, and the names under which a child construct's errors
 * are reported: a child names its own props (a service's `createTimeout`), the user wrote the
 * composite's (`serviceTimeout`).
 */
import { checkArmId, checkPrivateIpv4, checkResourceGroupName, checkTags } from './azure-validation';
import type { AtlasAzurePrivateLinkProps, PrivateLinkEndpointOptions } from './atlas-azure-private-link';
import { checkClusterName, checkDuration, checkProjectId, checkRegion, InvalidPropError } from './validation';

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

/** The composite's own props, under their own names, before any child sees them. */
export function checkProps(props: AtlasAzurePrivateLinkProps): void {
  checkProjectId('projectId', props.projectId);
  checkResourceGroupName('resourceGroupName', props.resourceGroupName);
  if (props.clusterName !== undefined) checkClusterName('clusterName', props.clusterName);
  checkResourceGroupName('dnsResourceGroupName', props.dnsResourceGroupName);
  checkDuration('serviceTimeout', props.serviceTimeout);
  checkDuration('registrationCreateTimeout', props.registrationCreateTimeout);
  checkDuration('registrationDeleteTimeout', props.registrationDeleteTimeout);
  checkTags('tags', props.tags);
}

export function checkEndpoints(endpoints: PrivateLinkEndpointOptions[]): string[] {
  if (!Array.isArray(endpoints) || endpoints.length === 0) {
    throw new InvalidPropError('endpoints', 'must list at least one endpoint ({ region, subnetId })');
  }
  const regions = endpoints.map((e, i) => {
    const field = `endpoints[${i}]`;
    const region = checkRegion(`${field}.region`, e.region).azure;
    if (e.existingPrivateEndpointId !== undefined) {
      const conflicting = (['subnetId', 'name', 'privateIpAddress', 'customNetworkInterfaceName', 'requestMessage'] as const).filter(
        (f) => e[f] !== undefined,
      );
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
    } else {
      if (e.existingPrivateIpAddress !== undefined) {
        throw new InvalidPropError(`${field}.existingPrivateIpAddress`, 'is only valid with existingPrivateEndpointId');
      }
      if (e.subnetId === undefined) {
        throw new InvalidPropError(`${field}.subnetId`, 'is required unless existingPrivateEndpointId is given');
      }
    }
    return region;
  });
  const duplicate = regions.find((r, i) => regions.indexOf(r) !== i);
  if (duplicate) {
    throw new InvalidPropError('endpoints', `lists region ${duplicate} twice: Atlas allows one private link service per region`);
  }
  return regions;
}
