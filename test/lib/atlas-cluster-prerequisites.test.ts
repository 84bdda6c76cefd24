/**
 * The plan-time checks, evaluated by the real engine against the cluster data source in the
 * mongodbatlas 1.x and 2.x shapes (model §M11): the shared-tier check reads `electable_specs` in
 * both shapes, and regional mode is refused for a replica set (model §M1.2).
 */
import { AtlasAzurePrivateLink, AtlasAzurePrivateLinkProps } from '../../lib';
import { CLUSTER_NAME, PROJECT_ID, RESOURCE_GROUP, SUBNET_ID, VNET_ID, WEST_SUBNET_ID } from '../fixtures/samples';
import { evaluate } from '../support/evaluate';
import { newStack, resourcesOf, SynthJson, synthJson } from '../support/synth';
import { describeWithTool } from '../support/tools';

const props: AtlasAzurePrivateLinkProps = {
  projectId: PROJECT_ID,
  clusterName: CLUSTER_NAME,
  resourceGroupName: RESOURCE_GROUP,
  virtualNetworkIds: [VNET_ID],
  regionalMode: true,
  endpoints: [
    { region: 'eastus2', subnetId: SUBNET_ID },
    { region: 'westus2', subnetId: WEST_SUBNET_ID },
  ],
};

function synth(extra: Partial<AtlasAzurePrivateLinkProps> = {}): SynthJson {
  const stack = newStack();
  new AtlasAzurePrivateLink(stack, 'L', { ...props, ...extra });
  return synthJson(stack);
}

type Spec = string | null;

/** A cluster whose regions have these electable instance sizes (null: no electable nodes there). */
function cluster(major: 1 | 2, clusterType: string, sizes: Spec[], provider = 'AZURE'): Record<string, unknown> {
  const spec = (size: Spec) => (size === null ? (major === 1 ? [] : null) : major === 1 ? [{ instance_size: size }] : { instance_size: size });
  const regions = ['US_EAST_2', 'US_WEST_2'];
  return {
    cluster_type: clusterType,
    connection_strings: major === 1 ? [{ private_endpoint: [] }] : { private_endpoint: [] },
    replication_specs: [{ region_configs: sizes.map((s, i) => ({ provider_name: provider, region_name: regions[i], electable_specs: spec(s) })) }],
  };
}

/** The conditions of the regional-mode resource and of the first service, by position. */
function checks(json: SynthJson): Record<string, string> {
  const out: Record<string, string> = {};
  const [mode] = resourcesOf(json, 'mongodbatlas_private_endpoint_regional_mode');
  mode?.lifecycle.precondition.forEach((p: { condition: string }, i: number) => (out[`mode_${i}`] = p.condition));
  const [first] = resourcesOf(json, 'mongodbatlas_privatelink_endpoint');
  first.lifecycle.precondition.forEach((p: { condition: string }, i: number) => (out[`service_${i}`] = p.condition));
  return out;
}

describe('AtlasClusterPrerequisites at synth', () => {
  test('regional mode carries the replica-set refusal, before any service (model §M1.2)', () => {
    const json = synth();
    const [mode] = resourcesOf(json, 'mongodbatlas_private_endpoint_regional_mode');
    expect(mode.lifecycle.precondition).toEqual([
      {
        condition: expect.stringMatching(/^\$\{local\.L_Prerequisites_Facts_[0-9A-F]+\.cluster_type != "REPLICASET"\}$/),
        error_message: expect.stringMatching(
          /^Cluster cluster0 is a replica set \(cluster_type REPLICASET\): regional mode \(regionalMode: true\) is for multi-region and global sharded clusters, and Atlas enables it only in a project without replica sets\. A multi-region replica set needs one endpoint per region with nodes and no regional mode: remove regionalMode\.$/,
        ),
      },
    ]);
    expect(mode.depends_on).toBeUndefined();
    // The prerequisites read waits for nothing, so the check runs at plan time.
    expect(Object.values(json.data!.mongodbatlas_advanced_cluster).filter((d) => d.depends_on === undefined)).toHaveLength(1);
  });

  test('without clusterName, regional mode has no check (nothing is read)', () => {
    const json = synth({ clusterName: undefined, dnsStrategy: 'none' as AtlasAzurePrivateLinkProps['dnsStrategy'], virtualNetworkIds: [] });
    expect(resourcesOf(json, 'mongodbatlas_private_endpoint_regional_mode')[0].lifecycle).toBeUndefined();
  });

  test('two regions without regional mode: no regional-mode resource and no such check', () => {
    const json = synth({ regionalMode: undefined });
    expect(json.resource.mongodbatlas_private_endpoint_regional_mode).toBeUndefined();
  });
});

describeWithTool('ATLAS_PL_TF_BINARY', 'a Terraform engine')('AtlasClusterPrerequisites evaluated (model §M1.2, §M2.6, §M11)', () => {
  const json = synth();
  const expressions = checks(json);

  test.each([1, 2] as const)('mongodbatlas %i.x: a replica set fails the regional-mode check; every other check passes', (major) => {
    const { values, error } = evaluate(json, cluster(major, 'REPLICASET', ['M10', 'M10']), [], expressions);
    expect(error).toBe('');
    expect(values.mode_0).toBe(false);
    expect([values.service_0, values.service_1, values.service_2, values.service_3]).toEqual([true, true, true, true]);
  });

  test.each([
    [1, 'SHARDED'],
    [2, 'GEOSHARDED'],
  ] as const)('mongodbatlas %i.x: a %s cluster passes the regional-mode check', (major, type) => {
    const { values, error } = evaluate(json, cluster(major, type, ['M30', 'M30']), [], expressions);
    expect(error).toBe('');
    expect(values.mode_0).toBe(true);
  });

  // The instance size alone must tell (provider AZURE): that is the path that reads electable_specs.
  test.each([1, 2] as const)('mongodbatlas %i.x: an M0 cluster is recognised as shared by its instance size (the dedicated check fails)', (major) => {
    const { values, error } = evaluate(json, cluster(major, 'REPLICASET', ['M0', 'M0']), [], expressions);
    expect(error).toBe('');
    expect(values.service_0).toBe(false);
  });

  test.each([1, 2] as const)('mongodbatlas %i.x: a region without electable nodes (empty or null specs) reads as dedicated', (major) => {
    const { values, error } = evaluate(json, cluster(major, 'SHARDED', ['M30', null]), [], expressions);
    expect(error).toBe('');
    expect(values.service_0).toBe(true);
  });

  test('an electable_specs shape neither major has fails the run instead of reading as dedicated', () => {
    const data = cluster(2, 'SHARDED', ['M30', 'M30']);
    (data.replication_specs as any)[0].region_configs[0].electable_specs = { size: 'M0' };
    const { error } = evaluate(json, data, [], expressions);
    expect(error).toMatch(/Unsupported attribute|instance_size/);
  });
});
