/**
 * What Atlas reports for a registration AFTER a green apply, through the real engine: the
 * replay world's `atlas.registrations` is read on every refresh, so `terraform apply
 * -refresh-only` puts REJECTED (or INITIATING) into the outputs the verifier reads, with no
 * private-endpoint string for that endpoint (model §M5.1, §M7.3, §M14.9), on both provider
 * majors. An error message fails the refresh instead (the provider's read, both majors), and a
 * status that keeps the create waiting runs into its timeout.
 */
import { mkdtempSync, writeFileSync } from 'fs';
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

  function world(name: string, registration?: { status: string; errorMessage?: string }): string {
    const file = join(root, `${name}.json`);
    writeFileSync(file, JSON.stringify({ atlas: { clusters: CLUSTER, ...(registration ? { registrations: { [ENDPOINT]: registration } } : {}) } }));
    return file;
  }

  /** The same work dir under another world file: what Atlas reports has changed, nothing else. */
  const under = (dir: EngineDir, worldFile: string) => new EngineDir(dir.dir, { ...replayEnv(), ATLAS_PL_REPLAY_WORLD: worldFile });

  function applied(set: ProviderSet): EngineDir {
    const copy = EngineDir.fromStack(stackDir, 'registration-status');
    pinProviders(copy.dir, set);
    const dir = under(copy, world('green'));
    mustRun(dir, ['init', '-input=false']);
    expect(selectedProviders(dir)).toEqual(set);
    mustRun(dir, ['apply', '-auto-approve', '-input=false']);
    expect(outputsOf(dir).atlas_pl_eastus2_atlas_status.value).toBe('AVAILABLE');
    return dir;
  }

  test.each(PROVIDER_SETS.map((set) => ({ set, versions: describeSet(set) })))('on $versions: REJECTED after a green apply shows in the outputs after a refresh-only apply, and the verifier names it', ({ set }) => {
    const dir = applied(set);
    const rejected = under(dir, world('rejected', { status: 'REJECTED' }));
    mustRun(rejected, ['apply', '-refresh-only', '-auto-approve', '-input=false']);
    const outputs = outputsOf(rejected);
    expect(outputs.atlas_pl_eastus2_atlas_status.value).toBe('REJECTED');
    expect(outputs.atlas_pl_eastus2_registration_error.value).toBe('');
    // Atlas publishes no private-endpoint string for a registration that is not AVAILABLE (§M5.1).
    expect(outputs.atlas_pl_eastus2_srv_connection_string.value).toBe('');
    expect(outputs.atlas_pl_eastus2_endpoint.value).toMatchObject({ hosts: [], srv_connection_string: '' });
    const file = join(dir.dir, 'outputs.json');
    writeFileSync(file, JSON.stringify(outputs));
    const control = verifyOutputs(file).report.checks.find((c) => c.id === 'control-plane');
    expect(control).toMatchObject({ status: 'fail', message: 'atlas_pl_eastus2_atlas_status=REJECTED; atlas_pl_eastus2_endpoint.srv_connection_string is empty', diagnosis: { code: 'ENDPOINT_REJECTED' } });
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
