/**
 * Constructs v2 on the engine (replay provider, one simulated cloud shared by the stacks of a
 * test): two endpoints in one region share one Atlas service; a second stack in the same project
 * and region brings that service (creating its own is Atlas' 409); and a stack whose state was
 * lost adopts everything with the `terraform import` ids the handoff README lists.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import { join } from 'path';
import { synthConfigFile } from '../../app/synth';
import { importId } from '../../handoff/imports';
import { REPO_ROOT } from './support/configs';
import { describeWithReplay, EngineDir, engineTempRoot, mustRunPlan, replayEnv } from './support/engine';
import { mustRun, Outputs, outputsOf, verifyOutputs } from './support/offline';
import { readFileSync } from 'fs';

const WORLD = join(REPO_ROOT, 'tools', 'replay-provider', 'world.example.json');
const example = JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'example.json'), 'utf8'));
const WEST_SUBNET = '/subscriptions/8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b/resourceGroups/rg-app-west/providers/Microsoft.Network/virtualNetworks/vnet-app-west/subnets/snet-private-endpoints';
const HUB_SUBNET = '/subscriptions/8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe';
const flat = (text: string) => text.replace(/\s+/g, ' ');

describeWithReplay()('several endpoints per region, a brought-in Atlas service, import (replay)', () => {
  let root: string;
  let cloud: string;

  beforeAll(() => {
    root = mkdtempSync(join(engineTempRoot(), 'adopt-'));
    cloud = join(root, 'cloud');
  });

  /** Synthesizes a variant of the example config into an engine dir that shares the test's cloud. */
  function stack(name: string, changes: Record<string, unknown>): EngineDir {
    const file = join(root, `${name}.json`);
    writeFileSync(file, JSON.stringify({ ...example, stackName: name, ...changes }));
    const [s] = synthConfigFile(file, join(root, `${name}-synth`)).stacks;
    const copy = EngineDir.fromStack(s.dir, name);
    const dir = new EngineDir(copy.dir, { ...replayEnv(), ATLAS_PL_REPLAY_WORLD: WORLD, ATLAS_PL_REPLAY_STATE: cloud });
    mustRun(dir, ['init', '-input=false']);
    return dir;
  }

  const twoInOneRegion = { endpoints: [...example.endpoints, { region: 'eastus2', subnetId: WEST_SUBNET }] };

  let first: EngineDir;

  test('two endpoints in one region: one Atlas service, two endpoints and registrations, DNS and outputs each', () => {
    first = stack('shared-region', twoInOneRegion);
    mustRun(first, ['apply', '-auto-approve', '-input=false']);
    const state = mustRun(first, ['state', 'list']).stdout;
    expect(state.match(/^mongodbatlas_privatelink_endpoint\./gm)).toHaveLength(1);
    expect(state.match(/^azurerm_private_endpoint\./gm)).toHaveLength(2);
    expect(state.match(/^mongodbatlas_privatelink_endpoint_service\./gm)).toHaveLength(2);
    expect(state.match(/^azurerm_private_dns_zone\./gm)).toHaveLength(2);
    const out = outputsOf(first);
    // Atlas numbers a region's endpoints in registration order, which parallel applies do not fix.
    expect([out.atlas_pl_eastus2_srv_connection_string.value, out.atlas_pl_eastus2_2_srv_connection_string.value].sort()).toEqual([
      'mongodb+srv://cluster0-pl-0.abc12.mongodb.net',
      'mongodb+srv://cluster0-pl-1.abc12.mongodb.net',
    ]);
    expect(out.atlas_pl_eastus2_atlas_link_id.value).toBe(out.atlas_pl_eastus2_2_atlas_link_id.value);
    expect(out.atlas_pl_eastus2_private_link_service_resource_id.value).toMatch(/\/privateLinkServices\/pls_[0-9a-f]{24}$/);
    expect(out.atlas_pl_eastus2_registration_error.value).toBe('');
    mustRunPlan(first);
  }, 180_000);

  test('a second stack in the same project and region brings the Atlas service; creating its own is a 409', () => {
    const owner = outputsOf(first);
    const own = stack('second-own', { endpoints: [{ region: 'eastus2', subnetId: HUB_SUBNET, name: 'pe-atlas-hub' }] });
    const refused = own.run(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(refused.status).toBe(1);
    expect(flat(refused.stderr)).toContain('PRIVATE_ENDPOINT_SERVICE_ALREADY_EXISTS_FOR_REGION');
    own.run(['destroy', '-auto-approve', '-input=false', '-no-color']);

    const second = stack('second-byo', {
      endpoints: [
        {
          region: 'eastus2',
          subnetId: HUB_SUBNET,
          name: 'pe-atlas-hub',
          existingPrivateLinkId: owner.atlas_pl_eastus2_atlas_link_id.value,
          existingPrivateLinkServiceResourceId: owner.atlas_pl_eastus2_private_link_service_resource_id.value,
        },
      ],
    });
    mustRun(second, ['apply', '-auto-approve', '-input=false']);
    expect(mustRun(second, ['state', 'list']).stdout).not.toMatch(/^mongodbatlas_privatelink_endpoint\./m);
    expect(outputsOf(second).atlas_pl_eastus2_srv_connection_string.value).toBe('mongodb+srv://cluster0-pl-2.abc12.mongodb.net');
    mustRunPlan(second);
    adoptSecondsEndpoint(owner, second);
    mustRun(second, ['destroy', '-auto-approve', '-input=false']);
  }, 360_000);

  /**
   * The endpoint `second` created, brought into a third stack by id once `second` dropped its
   * registration: the third stack reads Azure's state of its connection by the names in the id
   * (model §M7.4), so a connection rejected after the apply reaches the outputs after a
   * refresh-only apply and the verifier says ENDPOINT_REJECTED.
   */
  function adoptSecondsEndpoint(owner: Outputs, second: EngineDir): void {
    const made = outputsOf(second);
    const endpointId = made.atlas_pl_eastus2_private_endpoint_id.value as string;
    expect(endpointId).toMatch(/\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateEndpoints\/pe-atlas-hub$/);
    const registration = mustRun(second, ['state', 'list']).stdout.split('\n').find((a) => a.startsWith('mongodbatlas_privatelink_endpoint_service.'));
    mustRun(second, ['destroy', '-auto-approve', '-input=false', `-target=${registration}`]);
    const adopter = stack('adopter', {
      endpoints: [
        {
          region: 'eastus2',
          existingPrivateLinkId: owner.atlas_pl_eastus2_atlas_link_id.value,
          existingPrivateEndpointId: endpointId,
          existingPrivateIpAddress: made.atlas_pl_eastus2_private_ip.value,
        },
      ],
    });
    mustRun(adopter, ['apply', '-auto-approve', '-input=false']);
    expect(mustRun(adopter, ['state', 'list']).stdout).not.toMatch(/^azurerm_private_endpoint\./m);
    expect(outputsOf(adopter).atlas_pl_eastus2_connection_status.value).toBe('Approved');
    mustRunPlan(adopter); // the second plan reads it at plan time and finds nothing to do

    const world = JSON.parse(readFileSync(WORLD, 'utf8'));
    world.azure.privateEndpointConnections = { [endpointId]: { status: 'Rejected', requestResponse: 'not for this project' } };
    const rejectedWorld = join(root, 'world-adopted-rejected.json');
    writeFileSync(rejectedWorld, JSON.stringify(world));
    const rejected = new EngineDir(adopter.dir, { ...replayEnv(), ATLAS_PL_REPLAY_WORLD: rejectedWorld, ATLAS_PL_REPLAY_STATE: cloud });
    mustRun(rejected, ['apply', '-refresh-only', '-auto-approve', '-input=false']);
    const outputs = outputsOf(rejected);
    expect(outputs.atlas_pl_eastus2_connection_status.value).toBe('Rejected');
    expect(outputs.atlas_pl_eastus2_endpoint.value).toMatchObject({ private_endpoint_id: endpointId, connection_status: 'Rejected', connection_response: 'not for this project' });
    const file = join(root, 'adopter-outputs.json');
    writeFileSync(file, JSON.stringify(outputs));
    expect(verifyOutputs(file).report.checks.find((c) => c.id === 'control-plane')).toMatchObject({
      status: 'fail',
      message: 'atlas_pl_eastus2_endpoint.connection_status=Rejected ("not for this project")',
      diagnosis: { code: 'ENDPOINT_REJECTED' },
    });
    mustRun(adopter, ['destroy', '-auto-approve', '-input=false']);
  }

  test('a stack whose state was lost adopts every resource with the listed import ids, then plans no change', () => {
    const shown = JSON.parse(mustRun(first, ['show', '-json']).stdout);
    const subscription = JSON.parse(readFileSync(WORLD, 'utf8')).azure.subscriptionId;
    const resources = (shown.values.root_module.resources as { address: string; mode: string; type: string; values: Record<string, unknown> }[]).filter(
      (r) => r.mode === 'managed',
    );
    const adopted = stack('shared-region', twoInOneRegion); // a fresh copy: same configuration, empty state
    expect(adopted.dir).not.toBe(first.dir);
    for (const r of resources) {
      const id = importId(r.type, (name) => (typeof r.values[name] === 'string' ? (r.values[name] as string) : undefined), subscription);
      if (!id) throw new Error(`no import id format for ${r.type}`);
      mustRun(adopted, ['import', '-input=false', r.address, id]);
    }
    mustRunPlan(adopted);
    mustRun(adopted, ['destroy', '-auto-approve', '-input=false']);
  }, 300_000);
});
