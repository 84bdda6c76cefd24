/**
 * Reads a synthesized `cdk.tf.json` into the addresses the engine tests assert on: per endpoint
 * key (the Azure region) its service, private endpoint, registration and DNS records, found by
 * resource type and construct path (`.../Endpoint-eastus2/...`).
 */
import { readFileSync } from 'fs';

export interface ResourceRef {
  readonly type: string;
  readonly name: string;
  /** `type.name`, what HCL references use. */
  readonly address: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
}

export interface StackModel {
  readonly json: Record<string, any>;
  readonly endpointKeys: string[];
  readonly outputs: string[];
  /** The cluster read after the registrations (the DNS names). */
  readonly cluster?: ResourceRef;
  /** The cluster read at plan time for the prerequisite checks. */
  readonly prerequisites?: ResourceRef;
  resources(type: string): ResourceRef[];
  /** The resource of a type for an endpoint key (construct id `<Prefix>-<key>`); throws if absent. */
  forKey(type: string, key: string): ResourceRef;
  /** Same, or undefined. */
  findForKey(type: string, key: string): ResourceRef | undefined;
}

function refs(section: Record<string, Record<string, any>> | undefined, prefix: string): ResourceRef[] {
  const out: ResourceRef[] = [];
  for (const [type, byName] of Object.entries(section ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      out.push({ type, name, address: `${prefix}${type}.${name}`, path: body?.['//']?.metadata?.path ?? name, body });
    }
  }
  return out;
}

function keyOf(ref: ResourceRef): string | undefined {
  // Construct ids such as Endpoint-eastus2, Registration-eastus2, A-eastus2, Zone-eastus2.
  for (const segment of ref.path.split('/').reverse()) {
    const match = /^[A-Za-z]+-([a-z0-9]+)$/.exec(segment);
    if (match) return match[1];
  }
  return undefined;
}

export function loadStackModel(file: string): StackModel {
  return stackModel(JSON.parse(readFileSync(file, 'utf8')));
}

export function stackModel(json: Record<string, any>): StackModel {
  const all = [...refs(json.resource, ''), ...refs(json.data, 'data.')];
  const resources = (type: string) => all.filter((r) => r.type === type && !r.address.startsWith('data.'));
  const findForKey = (type: string, key: string) => all.filter((r) => r.type === type).find((r) => keyOf(r) === key);
  const endpointKeys = all
    .filter((r) => r.type === 'mongodbatlas_privatelink_endpoint_service')
    .map((r) => keyOf(r))
    .filter((k): k is string => k !== undefined);
  return {
    json,
    endpointKeys,
    outputs: Object.keys(json.output ?? {}),
    cluster: all.find((r) => r.type === 'mongodbatlas_advanced_cluster' && r.address.startsWith('data.') && r.body?.depends_on !== undefined),
    prerequisites: all.find((r) => r.type === 'mongodbatlas_advanced_cluster' && r.address.startsWith('data.') && r.body?.depends_on === undefined),
    resources,
    findForKey,
    forKey(type, key) {
      const found = findForKey(type, key);
      if (!found) throw new Error(`no ${type} for endpoint ${key} in the synthesized stack`);
      return found;
    },
  };
}
