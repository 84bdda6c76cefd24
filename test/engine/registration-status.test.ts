/**
 * What Atlas reports for a registration, and Azure for the endpoint's connection, AFTER a green
 * apply, through the real engine: the replay world's `atlas.registrations` and
 * `azure.privateEndpointConnections` are read on every refresh, so `terraform apply
 * -refresh-only` puts them into the outputs the verifier reads (model §M5.1, §M7.1, §M7.3,
 * §M14.9, §M14.10), on both provider majors. Azure's Rejected is ENDPOINT_REJECTED; Atlas'
 * statuses (no string for a registration that is not AVAILABLE) are ATLAS_NOT_AVAILABLE. An
 * error message fails the refresh instead (the provider's read, both majors), and a status that
 * keeps the create waiting runs into its timeout. The connection's data source `depends_on` the
 * endpoint: the first plan of an empty state defers it (without that, azurerm's "was not found").
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { synthConfigFile } from '../../app/synth';
import { REPO_ROOT } from './support/configs';
import { describeWithReplay, EngineDir, engineTempRoot, replayEnv } from './support/engine';
import { DEFAULT_PROVIDERS, describeSet, mustRun, outputsOf, pinProviders, PROVIDER_SETS, ProviderSet, selectedProviders, verifyOutputs } from './support/offline';

const ENDPOINT = '/subscriptions/8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b/resourceGroups/rg-app-prod/providers/Microsoft.Network/privateEndpoints/pe-atlas-eastus2';
const CLUSTER = { cluster0: { hash: 'abc12', regions: ['eastus2'] } };
const flat = (text: string) => text.replace(/\s+/g, ' ');

describeWithReplay()('registration status after the apply (replay world, refresh-only)', () => {
  let root: string;
  let stackDir: string;

  beforeAll(() => {
    root = mkdtempSync(join(engineTempRoot(), 'registration-status-'));
    stackDir = synthConfigFile(join(REPO_ROOT, 'config', 'example.json'), join(root, 'synth')).stacks[0].dir;
  });

  function world(name: string, registration?: { status: string; errorMessage?: string }, connection?: { status: string; requestResponse?: string }): string {
    const file = join(root, `${name}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        atlas: { clusters: CLUSTER, ...(registration ? { registrations: { [ENDPOINT]: registration } } : {}) },
        ...(connection ? { azure: { privateEndpointConnections: { [ENDPOINT]: connection } } } : {}),
      }),
    );
    return file;
  }

  function controlPlane(dir: EngineDir, outputs: Record<string, { value: unknown }>) {
    const file = join(dir.dir, 'outputs.json');
    writeFileSync(file, JSON.stringify(outputs));
    return verifyOutputs(file).report.checks.find((c) => c.id === 'control-plane');
  }

  /** The same work dir under another world file: what Atlas reports has changed, nothing else. */
  const under = (dir: EngineDir, worldFile: string) => new EngineDir(dir.dir, { ...replayEnv(), ATLAS_PL_REPLAY_WORLD: worldFile });

  function applied(set: ProviderSet): EngineDir {
    const copy = EngineDir.fromStack(stackDir, 'registration-status');
    pinProviders(copy.dir, set);
    const dir = under(copy, world('green'));
    mustRun(dir, ['init', '-input=false']);
    expect(selectedProviders(dir)).toEqual(set);
    // Empty state: the connection's read waits for the endpoint (depends_on), it is not made at plan.
    expect(flat(mustRun(dir, ['plan', '-input=false', '-no-color']).stdout)).toMatch(/data\.azurerm_private_endpoint_connection\.\S+ will be read during apply/);
    mustRun(dir, ['apply', '-auto-approve', '-input=false']);
    const outputs = outputsOf(dir);
    expect(outputs.atlas_pl_eastus2_atlas_status.value).toBe('AVAILABLE');
    expect(outputs.atlas_pl_eastus2_connection_status.value).toBe('Approved');
    expect(outputs.atlas_pl_eastus2_endpoint.value).toMatchObject({ connection_status: 'Approved', connection_response: '' });
    // The second plan reads it at plan time and finds nothing to do.
    expect(dir.run(['plan', '-detailed-exitcode', '-input=false', '-no-color']).status).toBe(0);
    return dir;
  }

  test.each(PROVIDER_SETS.map((set) => ({ set, versions: describeSet(set) })))(
    "on $versions: Azure's connection Rejected after a green apply shows in the outputs after a refresh-only apply, and the verifier says ENDPOINT_REJECTED",
    ({ set }) => {
      const dir = applied(set);
      const rejected = under(dir, world('connection-rejected', undefined, { status: 'Rejected', requestResponse: 'not for this project' }));
      mustRun(rejected, ['apply', '-refresh-only', '-auto-approve', '-input=false']);
      const outputs = outputsOf(rejected);
      expect(outputs.atlas_pl_eastus2_connection_status.value).toBe('Rejected');
      expect(outputs.atlas_pl_eastus2_endpoint.value).toMatchObject({ connection_status: 'Rejected', connection_response: 'not for this project' });
      // Atlas' side is what the world says (nothing): its registration and string stay.
      expect(outputs.atlas_pl_eastus2_atlas_status.value).toBe('AVAILABLE');
      expect(outputs.atlas_pl_eastus2_srv_connection_string.value).toBe('mongodb+srv://cluster0-pl-0.abc12.mongodb.net');
      expect(controlPlane(dir, outputs)).toMatchObject({
        status: 'fail',
        message: 'atlas_pl_eastus2_endpoint.connection_status=Rejected ("not for this project")',
        diagnosis: { code: 'ENDPOINT_REJECTED' },
      });
      dir.remove();
    },
    180_000,
  );

  test(`on ${describeSet(DEFAULT_PROVIDERS)}: Disconnected is ENDPOINT_REJECTED too; Atlas REJECTED (a value its API lists for AWS only) is ATLAS_NOT_AVAILABLE with no string`, () => {
    const dir = applied(DEFAULT_PROVIDERS);
    const gone = under(dir, world('connection-disconnected', undefined, { status: 'Disconnected', requestResponse: 'Deleted state' }));
    mustRun(gone, ['apply', '-refresh-only', '-auto-approve', '-input=false']);
    expect(controlPlane(dir, outputsOf(gone))).toMatchObject({ message: 'atlas_pl_eastus2_endpoint.connection_status=Disconnected ("Deleted state")', diagnosis: { code: 'ENDPOINT_REJECTED' } });

    const atlasRejected = under(dir, world('rejected', { status: 'REJECTED' }));
    mustRun(atlasRejected, ['apply', '-refresh-only', '-auto-approve', '-input=false']);
    const outputs = outputsOf(atlasRejected);
    expect(outputs.atlas_pl_eastus2_atlas_status.value).toBe('REJECTED');
    expect(outputs.atlas_pl_eastus2_registration_error.value).toBe('');
    // Atlas publishes no private-endpoint string for a registration that is not AVAILABLE (§M5.1).
    expect(outputs.atlas_pl_eastus2_srv_connection_string.value).toBe('');
    expect(outputs.atlas_pl_eastus2_endpoint.value).toMatchObject({ hosts: [], srv_connection_string: '', connection_status: 'Approved' });
    expect(controlPlane(dir, outputs)).toMatchObject({
      status: 'fail',
      message: 'atlas_pl_eastus2_atlas_status=REJECTED; atlas_pl_eastus2_endpoint.srv_connection_string is empty',
      diagnosis: { code: 'ATLAS_NOT_AVAILABLE' },
    });
    dir.remove();
  }, 180_000);

  test(`on ${describeSet(DEFAULT_PROVIDERS)}: the same read with literal names and no depends_on fails the first plan with azurerm's "was not found" (why the stack defers it)`, () => {
    const copy = EngineDir.fromStack(stackDir, 'registration-status');
    pinProviders(copy.dir, DEFAULT_PROVIDERS);
    const json = JSON.parse(readFileSync(join(copy.dir, 'cdk.tf.json'), 'utf8'));
    for (const read of Object.values(json.data.azurerm_private_endpoint_connection) as Array<Record<string, unknown>>) {
      delete read.depends_on;
      Object.assign(read, { name: 'pe-atlas-eastus2', resource_group_name: 'rg-app-prod' });
    }
    writeFileSync(join(copy.dir, 'cdk.tf.json'), JSON.stringify(json));
    const dir = under(copy, world('green-literal'));
    mustRun(dir, ['init', '-input=false']);
    const plan = dir.run(['plan', '-input=false', '-no-color']);
    expect(plan.status).toBe(1);
    expect(flat(plan.stderr)).toContain('Private Endpoint Name: "pe-atlas-eastus2") was not found');
    dir.remove();
  }, 180_000);

  test(`on ${describeSet(DEFAULT_PROVIDERS)}: INITIATING after the apply shows too; an error message fails the refresh and leaves the outputs as they were`, () => {
    const dir = applied(DEFAULT_PROVIDERS);
    const pending = under(dir, world('initiating', { status: 'INITIATING' }));
    mustRun(pending, ['apply', '-refresh-only', '-auto-approve', '-input=false']);
    expect(outputsOf(pending).atlas_pl_eastus2_atlas_status.value).toBe('INITIATING');

    const failed = under(dir, world('failed', { status: 'FAILED', errorMessage: 'the private endpoint connection was rejected' }));
    const refresh = failed.run(['apply', '-refresh-only', '-auto-approve', '-input=false', '-no-color']);
    expect(refresh.status).toBe(1);
    expect(flat(refresh.stderr)).toContain('privatelink endpoint service is in a failed state: the private endpoint connection was rejected');
    // The refresh failed: the state, and so the outputs, still say what the last good refresh saw.
    expect(outputsOf(failed).atlas_pl_eastus2_atlas_status.value).toBe('INITIATING');
    dir.remove();
  }, 180_000);

  test(`on ${describeSet(DEFAULT_PROVIDERS)}: a registration Atlas keeps INITIATING fails the create at its timeout (2h in the stack), and stays in Atlas (1.x)`, () => {
    const copy = EngineDir.fromStack(stackDir, 'registration-status');
    pinProviders(copy.dir, DEFAULT_PROVIDERS);
    const dir = under(copy, world('stuck', { status: 'INITIATING' }));
    mustRun(dir, ['init', '-input=false']);
    const apply = dir.run(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(apply.status).toBe(1);
    expect(flat(apply.stderr)).toContain("timeout while waiting for state to become 'AVAILABLE, REJECTED, DELETED, FAILED' (last state: 'INITIATING', timeout: 2h0m0s)");
    expect(mustRun(dir, ['state', 'list']).stdout).not.toMatch(/mongodbatlas_privatelink_endpoint_service\./);
    // Atlas approves later; the next apply meets the registration 1.x left behind.
    const next = under(dir, world('green-again'));
    const again = next.run(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(again.status).toBe(1);
    expect(flat(again.stderr)).toContain('PRIVATE_ENDPOINT_ALREADY_EXISTS');
    dir.remove();
  }, 180_000);
});
