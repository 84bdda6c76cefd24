/**
 * The expressions that read Atlas' private-endpoint connection strings, evaluated by the real
 * engine against cluster data in the mongodbatlas 1.x and 2.x shapes (model §M11) and in the
 * connection-string shapes the model documents (§M3): a multi-region replica set's one string
 * (§M3.3), regional mode's one string per endpoint (§M3.6), nothing published yet (§M5.1), and a
 * shape neither major has (must fail, not read as "not published").
 */
import { AtlasAzurePrivateLink, AtlasAzurePrivateLinkProps, DnsStrategy } from '../../lib';
import { CLUSTER_NAME, PROJECT_ID, RESOURCE_GROUP, SUBNET_ID, SUBSCRIPTION, VNET_ID, WEST_SUBNET_ID } from '../fixtures/samples';
import { evaluate, FakeEndpoint } from '../support/evaluate';
import { newStack, resourcesOf, SynthJson, synthJson } from '../support/synth';
import { describeWithTool } from '../support/tools';

const EAST_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-app-prod/providers/Microsoft.Network/privateEndpoints/pe-atlas-eastus2`;
const WEST_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-app-west/providers/Microsoft.Network/privateEndpoints/pe-atlas-westus2`;
const ENDPOINTS: FakeEndpoint[] = [
  { id: EAST_ID, privateIp: '10.20.1.4' },
  { id: WEST_ID, privateIp: '10.30.1.4' },
];
const EAST_HOST = 'pl-0-eastus2.abc12.mongodb.net';
// The newer Atlas page shows a suffix after the region (model §M4.3).
const WEST_HOST = 'pl-0-westus2-azure.abc12.mongodb.net';
const RS_STRING = `mongodb://${EAST_HOST}:1024,${EAST_HOST}:1025,${WEST_HOST}:1026/?ssl=true&authSource=admin&replicaSet=atlas-x7k2qp-shard-0`;
const RS_SRV = 'mongodb+srv://cluster0-pl-0.abc12.mongodb.net';

const twoRegions: AtlasAzurePrivateLinkProps = {
  projectId: PROJECT_ID,
  clusterName: CLUSTER_NAME,
  resourceGroupName: RESOURCE_GROUP,
  virtualNetworkIds: [VNET_ID],
  dnsStrategy: DnsStrategy.CLUSTER_ZONE,
  endpoints: [
    { region: 'eastus2', subnetId: SUBNET_ID },
    { region: 'westus2', subnetId: WEST_SUBNET_ID },
  ],
};

function synth(props: Partial<AtlasAzurePrivateLinkProps> = {}): SynthJson {
  const stack = newStack();
  new AtlasAzurePrivateLink(stack, 'L', { ...twoRegions, ...props });
  return synthJson(stack);
}

/** The cluster data source in the shape of one provider major. */
function cluster(major: 1 | 2, privateEndpoint: unknown[] | null, clusterType = 'REPLICASET'): Record<string, unknown> {
  const spec = (size: string) => (major === 1 ? [{ instance_size: size, node_count: 3 }] : { instance_size: size, node_count: 3 });
  const strings = { standard_srv: 'mongodb+srv://cluster0.abc12.mongodb.net', private_endpoint: privateEndpoint };
  return {
    cluster_type: clusterType,
    connection_strings: major === 1 ? [strings] : strings,
    replication_specs: [
      {
        region_configs: [
          { provider_name: 'AZURE', region_name: 'US_EAST_2', electable_specs: spec('M10') },
          { provider_name: 'AZURE', region_name: 'US_WEST_2', electable_specs: spec('M10') },
        ],
      },
    ],
  };
}

const entry = (connectionString: string, srv: string, ids: string[], type = 'MONGOD') => ({
  connection_string: connectionString,
  srv_connection_string: srv,
  srv_shard_optimized_connection_string: '',
  type,
  endpoints: ids.map((id, i) => ({ endpoint_id: id, provider_name: 'AZURE', region: i === 0 ? 'US_EAST_2' : 'US_WEST_2' })),
});

/** The expressions under test, from the synthesized JSON: outputs, SRV record targets, preconditions. */
function expressions(json: SynthJson): Record<string, string> {
  const out: Record<string, string> = {
    east: json.output!.atlas_pl_eastus2_endpoint.value as string,
    west: json.output!.atlas_pl_westus2_endpoint.value as string,
  };
  resourcesOf(json, 'azurerm_private_dns_srv_record').forEach((r, i) => {
    out[`srv_targets_${i}`] = r.dynamic.record.for_each;
  });
  resourcesOf(json, 'azurerm_private_dns_a_record').forEach((r, i) => {
    r.lifecycle.precondition.forEach((p: { condition: string; error_message: string }, j: number) => {
      out[`a${i}_condition_${j}`] = p.condition;
    });
    out[`a${i}_message_0`] = r.lifecycle.precondition[0].error_message;
  });
  resourcesOf(json, 'azurerm_private_dns_srv_record').forEach((r, i) => {
    r.lifecycle.precondition.forEach((p: { condition: string }, j: number) => {
      out[`srv${i}_condition_${j}`] = p.condition;
    });
  });
  return out;
}

const conditions = (values: Record<string, unknown>, prefix: string) =>
  Object.entries(values)
    .filter(([k]) => k.startsWith(prefix))
    .map(([, v]) => v);

test('no expression traverses a shape-dependent attribute ON the data source (Terraform checks those against the schema, try() cannot help)', () => {
  const text = JSON.stringify(synth());
  // connection_strings is read whole into a local; its [0] / .private_endpoint forms are applied to the local.
  const traversals = text.match(/data\.mongodbatlas_advanced_cluster\.[A-Za-z0-9_-]+\.connection_strings[.[][^ ,)}"]*/g) ?? [];
  expect(traversals).toEqual([]);
  expect(text).toMatch(/"\$\{data\.mongodbatlas_advanced_cluster\.[A-Za-z0-9_-]+\.connection_strings\}"/);
  expect(text).not.toMatch(/data\.mongodbatlas_advanced_cluster\.[A-Za-z0-9_-]+\.replication_specs\[/);
});

describeWithTool('ATLAS_PL_TF_BINARY', 'a Terraform engine')('connection strings on both provider majors (model §M3, §M6, §M11)', () => {
  const shared = synth();
  const sharedExpressions = expressions(shared);

  test.each([1, 2] as const)('multi-region replica set, mongodbatlas %i.x: each endpoint owns its own region\'s host of the one string', (major) => {
    const data = cluster(major, [entry(RS_STRING, RS_SRV, [EAST_ID, WEST_ID])]);
    const { values, error } = evaluate(shared, data, ENDPOINTS, sharedExpressions);
    expect(error).toBe('');
    expect(values.east).toEqual({
      kind: 'atlas-azure-private-link-endpoint',
      key: 'eastus2',
      region: 'eastus2',
      private_ip: '10.20.1.4',
      private_endpoint_id: EAST_ID,
      srv_connection_string: RS_SRV,
      hosts: [EAST_HOST],
      // Azure's side of the connection, from the data source read after the registration (model §M7.1).
      connection_status: 'Approved',
      connection_response: '',
    });
    expect(values.west).toMatchObject({ key: 'westus2', region: 'westus2', private_ip: '10.30.1.4', srv_connection_string: RS_SRV, hosts: [WEST_HOST] });
    // One SRV record for the one string, listing every region's members (model §M6.2).
    expect(Object.keys(values).filter((k) => k.startsWith('srv_targets_'))).toEqual(['srv_targets_0']);
    expect(values.srv_targets_0).toEqual([
      { host: EAST_HOST, port: 1024 },
      { host: EAST_HOST, port: 1025 },
      { host: WEST_HOST, port: 1026 },
    ]);
    // Every DNS precondition passes: one own-region host per endpoint, same SRV string for both.
    expect(conditions(values, 'a').filter((v) => typeof v === 'boolean')).toEqual(Array(6).fill(true));
    expect(conditions(values, 'srv0_condition_')).toEqual([true, true, true, true]);
  });

  test.each([1, 2] as const)('nothing published yet, mongodbatlas %i.x: empty hosts, and the DNS precondition says to apply again', (major) => {
    const data = major === 1 ? cluster(1, []) : { ...cluster(2, null), connection_strings: null };
    const { values, error } = evaluate(shared, data, ENDPOINTS, sharedExpressions);
    expect(error).toBe('');
    expect(values.east).toMatchObject({ srv_connection_string: '', hosts: [] });
    expect(values.a0_condition_0).toBe(false);
    expect(values.a0_message_0).toMatch(/^Atlas has no private-endpoint connection string with exactly one host of region eastus2 for endpoint eastus2 yet \(hosts listed: \)\. .* run apply again/);
  });

  test('host names that name no region fail the precondition, listing the hosts (model §M4.3)', () => {
    const odd = 'mongodb://node-a.abc12.mongodb.net:1024,node-b.abc12.mongodb.net:1025/?ssl=true&authSource=admin&replicaSet=atlas-x7k2qp-shard-0';
    const { values, error } = evaluate(shared, cluster(2, [entry(odd, RS_SRV, [EAST_ID, WEST_ID])]), ENDPOINTS, sharedExpressions);
    expect(error).toBe('');
    expect(values.east).toMatchObject({ hosts: [] });
    expect(values.a0_condition_0).toBe(false);
    expect(values.a0_message_0).toMatch(/\(hosts listed: node-a\.abc12\.mongodb\.net, node-b\.abc12\.mongodb\.net\)\..*do not follow model §M4\.3/);
  });

  test('two different SRV strings for endpoints that should share one fail the shared SRV record\'s precondition', () => {
    const data = cluster(2, [
      entry(`mongodb://${EAST_HOST}:1024/?ssl=true&authSource=admin&replicaSet=r`, 'mongodb+srv://cluster0-pl-0-eastus2.abc12.mongodb.net', [EAST_ID]),
      entry(`mongodb://${WEST_HOST}:1024/?ssl=true&authSource=admin&replicaSet=r`, 'mongodb+srv://cluster0-pl-0-westus2.abc12.mongodb.net', [WEST_ID]),
    ]);
    const { values, error } = evaluate(shared, data, ENDPOINTS, sharedExpressions);
    expect(error).toBe('');
    expect(conditions(values, 'srv0_condition_')).toEqual([true, true, true, false]);
  });

  test('a connection_strings shape neither major has fails the run instead of reading as unpublished', () => {
    const data = { ...cluster(2, []), connection_strings: { standard_srv: 'x' } };
    const { error } = evaluate(shared, data, ENDPOINTS, sharedExpressions);
    expect(error).toMatch(/Unsupported attribute|private_endpoint/);
  });

  test.each([1, 2] as const)('regional mode on a sharded cluster, mongodbatlas %i.x: one string per endpoint, one SRV record each (model §M3.6)', (major) => {
    const regional = synth({ regionalMode: true });
    const data = cluster(
      major,
      [
        entry(`mongodb://${EAST_HOST}:1024,${EAST_HOST}:1025/?ssl=true&authSource=admin`, 'mongodb+srv://cluster0-pl-0-eastus2.abc12.mongodb.net', [EAST_ID], 'MONGOS'),
        entry(`mongodb://pl-0-westus2.abc12.mongodb.net:1024/?ssl=true&authSource=admin`, 'mongodb+srv://cluster0-pl-0-westus2.abc12.mongodb.net', [WEST_ID], 'MONGOS'),
      ],
      'GEOSHARDED',
    );
    const { values, error } = evaluate(regional, data, ENDPOINTS, expressions(regional));
    expect(error).toBe('');
    expect(values.east).toMatchObject({ hosts: [EAST_HOST], srv_connection_string: 'mongodb+srv://cluster0-pl-0-eastus2.abc12.mongodb.net' });
    expect(values.west).toMatchObject({ hosts: ['pl-0-westus2.abc12.mongodb.net'], srv_connection_string: 'mongodb+srv://cluster0-pl-0-westus2.abc12.mongodb.net' });
    expect(values.srv_targets_0).toEqual([
      { host: EAST_HOST, port: 1024 },
      { host: EAST_HOST, port: 1025 },
    ]);
    expect(values.srv_targets_1).toEqual([{ host: 'pl-0-westus2.abc12.mongodb.net', port: 1024 }]);
    expect(conditions(values, 'srv').filter((v) => typeof v === 'boolean')).toEqual(Array(6).fill(true));
  });
});
