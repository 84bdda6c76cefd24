/**
 * Generates `.tftest.hcl` files for a synthesized stack: mock providers with the sample values,
 * per-endpoint overrides (so each private endpoint gets its own ARM id and private IP, matching
 * the `endpoints[].endpoint_id` of the cluster's private-endpoint connection strings), a plan run
 * (the first apply must plan cleanly) and an apply run with assertions.
 */
import { hclStringLiteral } from '../../../lib/hcl';
import { ATLAS, EndpointSample } from '../fixtures/samples';
import { StackModel } from './stack-model';

/** An HCL expression for a JS value (objects, arrays, strings, numbers, booleans). */
export function hclValue(value: unknown): string {
  if (typeof value === 'string') return hclStringLiteral(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(hclValue).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k} = ${hclValue(v)}`);
  return `{ ${entries.join(', ')} }`;
}

export type ConnectionStrings = 'samples' | 'empty';

/**
 * The cluster data source's value: `connection_strings[0].private_endpoint[*]` as Atlas returns it.
 * `shared`: the endpoints share ONE string spanning their regions (a multi-region cluster without
 * regional mode, docs/atlas-azure-model.md §M3.3); else one string per endpoint.
 */
export function clusterValues(samples: EndpointSample[], connectionStrings: ConnectionStrings, shared = false): Record<string, unknown> {
  const entry = (group: EndpointSample[]) => ({
    type: 'MONGOD',
    connection_string: `mongodb://${group.flatMap((s) => s.ports.map((p) => `${s.targetHostname}:${p}`)).join(',')}/?ssl=true&authSource=admin&replicaSet=${ATLAS.replicaSet}`,
    srv_connection_string: group[0].srvConnectionString,
    srv_shard_optimized_connection_string: '',
    endpoints: group.map((s) => ({ endpoint_id: s.privateEndpointId, provider_name: 'AZURE', region: s.atlasRegion })),
  });
  const privateEndpoint =
    connectionStrings === 'empty' ? [] : shared ? [entry(samples)] : samples.map((s) => ({ ...entry([s]), connection_string: s.connectionString }));
  // Only computed attributes: OpenTofu rejects overrides of configured ones (name, project_id).
  return {
    connection_strings: [
      { standard: '', standard_srv: ATLAS.standardSrv, private: '', private_srv: '', private_endpoint: privateEndpoint },
    ],
  };
}

/** The plan-time cluster read: a dedicated M10 replica set with nodes in the samples' regions. */
export function prerequisiteValues(samples: EndpointSample[]): Record<string, unknown> {
  const regions = [...new Set(samples.map((s) => s.atlasRegion))];
  return {
    replication_specs: [
      {
        region_configs: regions.map((region) => ({ provider_name: 'AZURE', region_name: region, electable_specs: [{ instance_size: 'M10', node_count: 3 }] })),
      },
    ],
  };
}

/** mock_provider blocks plus overrides for every private endpoint, its connection state and the cluster data sources. */
export function mocks(model: StackModel, samples: EndpointSample[], connectionStrings: ConnectionStrings, shared = false): string {
  const lines: string[] = [
    'mock_provider "azurerm" {}',
    '',
    'mock_provider "mongodbatlas" {',
    '  mock_resource "mongodbatlas_privatelink_endpoint" {',
    `    defaults = ${hclValue({
      private_link_id: ATLAS.privateLinkId,
      private_link_service_name: ATLAS.privateLinkServiceName,
      private_link_service_resource_id: ATLAS.privateLinkServiceResourceId,
      status: ATLAS.status,
      error_message: '',
    })}`,
    '  }',
    '  mock_resource "mongodbatlas_privatelink_endpoint_service" {',
    `    defaults = ${hclValue({ azure_status: 'AVAILABLE', error_message: '' })}`,
    '  }',
    '}',
  ];
  for (const s of samples) {
    const pe = model.findForKey('azurerm_private_endpoint', s.key);
    if (!pe) continue; // an existing endpoint brought in by id
    lines.push(
      '',
      'override_resource {',
      `  target = ${pe.address}`,
      `  values = ${hclValue({ id: s.privateEndpointId, private_service_connection: { private_ip_address: s.privateIp } })}`,
      '}',
    );
    // Azure's connection state (model §M7.4), read through the endpoint's provider, which may be an
    // alias no mock_provider covers: Approved, as after a green apply.
    const connection = model.findForKey('azurerm_private_endpoint_connection', s.key);
    if (connection) {
      const values = { id: s.privateEndpointId, private_service_connection: [{ name: `${s.key}-connection`, status: 'Approved', request_response: '', private_ip_address: s.privateIp }] };
      lines.push('', 'override_data {', `  target = ${connection.address}`, `  values = ${hclValue(values)}`, '}');
    }
  }
  if (model.cluster) {
    lines.push('', 'override_data {', `  target = ${model.cluster.address}`, `  values = ${hclValue(clusterValues(samples, connectionStrings, shared))}`, '}');
  }
  if (model.prerequisites) {
    lines.push('', 'override_data {', `  target = ${model.prerequisites.address}`, `  values = ${hclValue(prerequisiteValues(samples))}`, '}');
  }
  return lines.join('\n');
}

export interface Assertion {
  readonly condition: string;
  readonly message: string;
}

/** `message` is HCL template text: `${...}` interpolates; it must not contain double quotes. */
export function assertBlock(a: Assertion): string {
  if (a.message.includes('"')) throw new Error(`assertion message must not contain double quotes: ${a.message}`);
  return `  assert {\n    condition     = ${a.condition}\n    error_message = "${a.message}"\n  }`;
}

/** Fully qualified name of a record: `name.zone_name`, or the zone itself for `@`. */
function fqdn(address: string): string {
  return `(${address}.name == "@" ? ${address}.zone_name : "\${${address}.name}.\${${address}.zone_name}")`;
}

export interface ApplyExpectations {
  /** Output name prefix. */
  readonly outputPrefix?: string;
  /** Whether an SRV connection string output exists (a cluster or an explicit SRV hostname). */
  readonly srvOutput?: boolean;
  /** The endpoints share one connection string (model §M3.3): its SRV record lists every endpoint's targets. */
  readonly shared?: boolean;
  /** Every `host:port` of the shared string (with `shared`). */
  readonly allTargets?: string[];
  /** The config's Atlas project id. */
  readonly projectId?: string;
}

/** Assertions that hold after apply for one endpoint. */
export function endpointAssertions(model: StackModel, s: EndpointSample, options: ApplyExpectations = {}): Assertion[] {
  const out: Assertion[] = [];
  const reg = model.forKey('mongodbatlas_privatelink_endpoint_service', s.key).address;
  const svc = model.forKey('mongodbatlas_privatelink_endpoint', s.key).address;
  const pe = model.findForKey('azurerm_private_endpoint', s.key)?.address;
  out.push(
    { condition: `${reg}.endpoint_service_id == ${hclStringLiteral(s.privateEndpointId)}`, message: `${s.key}: registration endpoint_service_id is \${${reg}.endpoint_service_id}` },
    { condition: `${reg}.private_endpoint_ip_address == ${hclStringLiteral(s.privateIp)}`, message: `${s.key}: registration private_endpoint_ip_address is \${${reg}.private_endpoint_ip_address}` },
    { condition: `${reg}.private_link_id == ${svc}.private_link_id`, message: `${s.key}: registration private_link_id is \${${reg}.private_link_id}` },
    { condition: `${reg}.provider_name == "AZURE"`, message: `${s.key}: registration provider_name is \${${reg}.provider_name}` },
  );
  if (pe) {
    out.push(
      {
        condition: `${pe}.private_service_connection[0].private_connection_resource_id == ${hclStringLiteral(ATLAS.privateLinkServiceResourceId)}`,
        message: `${s.key}: private endpoint connects to \${${pe}.private_service_connection[0].private_connection_resource_id}`,
      },
      { condition: `${pe}.private_service_connection[0].is_manual_connection`, message: `${s.key}: the connection must be manual` },
      { condition: `length(${pe}.private_service_connection[0].request_message) > 0`, message: `${s.key}: request_message is empty` },
    );
  }
  // DNS records of this endpoint, whichever strategy made them.
  for (const a of model.resources('azurerm_private_dns_a_record').filter((r) => model.findForKey(r.type, s.key)?.address === r.address)) {
    out.push(
      { condition: `toset(${a.address}.records) == toset([${hclStringLiteral(s.privateIp)}])`, message: `${s.key}: A record ${a.name} holds \${jsonencode(${a.address}.records)}` },
      { condition: `${fqdn(a.address)} == ${hclStringLiteral(s.targetHostname)}`, message: `${s.key}: A record is \${${a.address}.name} in zone \${${a.address}.zone_name}` },
    );
  }
  const srv = model.findForKey('azurerm_private_dns_srv_record', s.key);
  if (srv) {
    const r = srv.address;
    const targets = options.shared && options.allTargets ? options.allTargets : s.ports.map((p) => `${s.targetHostname}:${p}`);
    out.push(
      {
        condition: `toset([for rec in ${r}.record : "\${rec.target}:\${rec.port}"]) == toset(${hclValue(targets)}) && length(${r}.record) == ${targets.length}`,
        message: `${s.key}: SRV records \${jsonencode(${r}.record)}`,
      },
      { condition: `${fqdn(r)} == ${hclStringLiteral(`_mongodb._tcp.${s.srvHostname}`)}`, message: `${s.key}: SRV record is \${${r}.name} in zone \${${r}.zone_name}` },
    );
  }
  const txt = model.findForKey('azurerm_private_dns_txt_record', s.key);
  if (txt) {
    const r = txt.address;
    out.push(
      { condition: `[for rec in ${r}.record : rec.value] == [${hclStringLiteral(s.txt)}]`, message: `${s.key}: TXT records \${jsonencode(${r}.record)}` },
      { condition: `${fqdn(r)} == ${hclStringLiteral(s.srvHostname)}`, message: `${s.key}: TXT record is \${${r}.name} in zone \${${r}.zone_name}` },
    );
  }
  const prefix = `${options.outputPrefix ?? 'atlas_pl'}_${s.key}`;
  const outputs: [string, string][] = [
    ['private_ip', s.privateIp],
    ['private_endpoint_id', s.privateEndpointId],
    ['atlas_link_id', ATLAS.privateLinkId],
    ['link_status', ATLAS.status],
    ['atlas_status', 'AVAILABLE'],
  ];
  if (options.srvOutput ?? true) outputs.push(['srv_connection_string', s.srvConnectionString]);
  for (const [suffix, value] of outputs) {
    out.push({ condition: `output.${prefix}_${suffix} == ${hclStringLiteral(value)}`, message: `output ${prefix}_${suffix} is \${output.${prefix}_${suffix}}` });
  }
  return out;
}

/** Plan-time assertions: what the config alone decides must be known before any apply. */
export function planAssertions(model: StackModel, s: EndpointSample, projectId: string = ATLAS.projectId): Assertion[] {
  const reg = model.forKey('mongodbatlas_privatelink_endpoint_service', s.key).address;
  const svc = model.forKey('mongodbatlas_privatelink_endpoint', s.key).address;
  return [
    { condition: `${svc}.provider_name == "AZURE" && ${svc}.project_id == ${hclStringLiteral(projectId)}`, message: `${s.key}: service is \${${svc}.provider_name}/\${${svc}.project_id}` },
    { condition: `${reg}.project_id == ${hclStringLiteral(projectId)}`, message: `${s.key}: registration project is \${${reg}.project_id}` },
  ];
}

export function runBlock(name: string, command: 'plan' | 'apply', assertions: Assertion[], extra: string[] = []): string {
  return [`run ${hclStringLiteral(name)} {`, `  command = ${command}`, ...extra.map((l) => `  ${l}`), ...assertions.map(assertBlock), '}'].join('\n');
}

/** The standard file: mocks with the samples, a plan run (first apply plans cleanly), an apply run. */
export function planAndApplyTest(model: StackModel, samples: EndpointSample[], options: ApplyExpectations = {}): string {
  return [
    mocks(model, samples, 'samples', options.shared),
    '',
    runBlock('first_apply_plans_cleanly', 'plan', samples.flatMap((s) => planAssertions(model, s, options.projectId))),
    '',
    runBlock('apply', 'apply', samples.flatMap((s) => endpointAssertions(model, s, options))),
    '',
  ].join('\n');
}
