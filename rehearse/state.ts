/**
 * What an apply created, read from `terraform show -json`: the endpoints Atlas registered (with
 * the private IP the apply assigned), what Atlas publishes for them (the cluster data source's
 * private-endpoint connection strings), and every Azure Private DNS zone with its records.
 */
import type { ZoneRecord } from './zone';

export interface Endpoint {
  /** The Azure private endpoint's ARM id, as registered with Atlas. */
  readonly id: string;
  /**
   * Short label: the endpoint's key in the outputs (`eastus2`, `eastus2_2`, or the config's
   * `key`); the Azure region until keyEndpoints() has read the outputs.
   */
  readonly key: string;
  readonly ip: string;
}

/** One `connection_strings[0].private_endpoint[*]` entry: what Atlas publishes in public DNS. */
export interface Published {
  readonly endpointId: string;
  readonly srvHost: string;
  readonly targets: readonly { host: string; port: number }[];
  /** The TXT value Atlas publishes on the SRV host (authSource, replicaSet, loadBalanced). */
  readonly txt: string;
  readonly replicaSet: string;
}

export interface PrivateZone {
  readonly name: string;
  /** Absolute record names; the zone's apex is `name` itself. */
  readonly records: readonly ZoneRecord[];
}

export interface Estate {
  readonly endpoints: readonly Endpoint[];
  readonly published: readonly Published[];
  readonly privateZones: readonly PrivateZone[];
}

interface StateResource {
  readonly mode: string;
  readonly type: string;
  readonly values: Record<string, any>;
}

interface StateModule {
  readonly resources?: StateResource[];
  readonly child_modules?: StateModule[];
}

function resourcesOf(module: StateModule | undefined): StateResource[] {
  if (!module) return [];
  return [...(module.resources ?? []), ...(module.child_modules ?? []).flatMap(resourcesOf)];
}

const TXT_KEYS = ['authSource', 'replicaSet', 'loadBalanced'];

/** `mongodb://h:p,h:p/?ssl=true&authSource=admin&replicaSet=x` -> targets and the TXT value. */
export function parseStandardString(connectionString: string): { targets: { host: string; port: number }[]; txt: string; replicaSet: string } {
  const match = /^mongodb:\/\/([^/?]+)\/?\??(.*)$/.exec(connectionString);
  if (!match) throw new Error(`not a mongodb:// connection string: ${connectionString}`);
  const targets = match[1].split(',').map((hp) => {
    const cut = hp.lastIndexOf(':');
    return { host: hp.slice(0, cut).toLowerCase(), port: Number(hp.slice(cut + 1)) };
  });
  const params = new URLSearchParams(match[2]);
  const txt = TXT_KEYS.filter((k) => params.has(k))
    .map((k) => `${k}=${params.get(k)}`)
    .join('&');
  return { targets, txt, replicaSet: params.get('replicaSet') ?? '' };
}

const absolute = (name: string, zone: string): string => (name === '@' ? zone : `${name}.${zone}`).toLowerCase();

export function estateFromState(show: { values?: { root_module?: StateModule } }): Estate {
  const all = resourcesOf(show.values?.root_module);
  const of = (mode: string, type: string): Record<string, any>[] => all.filter((r) => r.mode === mode && r.type === type).map((r) => r.values);
  const locations = new Map(of('managed', 'azurerm_private_endpoint').map((pe) => [String(pe.id), String(pe.location)]));
  const endpoints = of('managed', 'mongodbatlas_privatelink_endpoint_service').map((reg) => ({
    id: String(reg.endpoint_service_id),
    key: locations.get(String(reg.endpoint_service_id)) ?? String(reg.endpoint_service_id).split('/').pop() ?? '?',
    ip: String(reg.private_endpoint_ip_address),
  }));
  const published = of('data', 'mongodbatlas_advanced_cluster').flatMap((cluster) =>
    ((cluster.connection_strings?.[0]?.private_endpoint ?? []) as Record<string, any>[]).flatMap((entry) => {
      if (!entry.srv_connection_string || !entry.connection_string) return [];
      return [{
        endpointId: String(entry.endpoints?.[0]?.endpoint_id ?? ''),
        srvHost: String(entry.srv_connection_string).replace(/^mongodb\+srv:\/\//, '').replace(/\/.*$/, '').toLowerCase(),
        ...parseStandardString(String(entry.connection_string)),
      }];
    }),
  );
  const recordsIn = (zone: string): ZoneRecord[] => {
    const inZone = (type: string): Record<string, any>[] => of('managed', type).filter((r) => String(r.zone_name).toLowerCase() === zone);
    return [
      ...inZone('azurerm_private_dns_a_record').flatMap((r) => (r.records as string[]).map((address) => ({ name: absolute(r.name, zone), type: 'A' as const, address }))),
      ...inZone('azurerm_private_dns_srv_record').flatMap((r) =>
        (r.record as Record<string, any>[]).map((x) => ({ name: absolute(r.name, zone), type: 'SRV' as const, port: x.port, target: String(x.target).toLowerCase(), priority: x.priority, weight: x.weight })),
      ),
      ...inZone('azurerm_private_dns_txt_record').flatMap((r) => (r.record as Record<string, any>[]).map((x) => ({ name: absolute(r.name, zone), type: 'TXT' as const, data: String(x.value) }))),
    ];
  };
  const privateZones = of('managed', 'azurerm_private_dns_zone').map((z) => {
    const name = String(z.name).toLowerCase();
    return { name, records: recordsIn(name) };
  });
  return { endpoints, published, privateZones };
}

/**
 * Labels each endpoint with its key from `terraform output -json`: the self-describing
 * `<prefix>_<key>_endpoint` object where the stack has it, else the flat
 * `<prefix>_<key>_private_endpoint_id` output holding the endpoint's id. Two endpoints in one
 * region (`eastus2`, `eastus2_2`) so get distinct step labels.
 */
export function keyEndpoints(estate: Estate, outputs: Record<string, { value?: unknown }>, prefix: string): Estate {
  const keyOf = new Map<string, string>();
  const suffix = '_private_endpoint_id';
  for (const [name, output] of Object.entries(outputs)) {
    const value = output?.value as Record<string, unknown> | string | undefined;
    if (value && typeof value === 'object' && value.kind === 'atlas-azure-private-link-endpoint' && typeof value.key === 'string') {
      keyOf.set(String(value.private_endpoint_id), value.key);
    } else if (typeof value === 'string' && name.startsWith(`${prefix}_`) && name.endsWith(suffix) && !keyOf.has(value)) {
      keyOf.set(value, name.slice(prefix.length + 1, -suffix.length));
    }
  }
  // In key order, whatever order the apply created them in: labels and the first URI are stable.
  const endpoints = estate.endpoints.map((e) => ({ ...e, key: keyOf.get(e.id) ?? e.key })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rank = (id: string): number => endpoints.findIndex((e) => e.id === id) >>> 0; // unknown (-1) last
  const published = [...estate.published].sort((a, b) => rank(a.endpointId) - rank(b.endpointId));
  return { ...estate, endpoints, published };
}
