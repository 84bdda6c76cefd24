/**
 * Offline applies of both shipped configs on the replay provider, as users run them: `cdktf
 * deploy` (JSON), and `terraform init && apply` of the handoff bundle (JSON and HCL). Each then
 * reads every output, re-plans with no changes, and destroys to an empty state and an empty
 * simulated cloud. The replay provider runs in both provider modes: real providers cannot apply
 * without a cloud account.
 */
import { rmSync } from 'fs';
import { join } from 'path';
import { loadConfig } from '../../app/config';
import { AzureRegions } from '../../lib/regions';
import { REPO_ROOT } from './support/configs';
import { describeWithReplay, mustRunPlan, providerMode, timingSummary } from './support/engine';
import { cdktfDeploy, cdktfDestroy, handoffBundle, mustRun, outputsOf, Outputs, replayDir, replayRecords, verifyOutputs } from './support/offline';

const CONFIGS = ['example', 'two-endpoints'].map((name) => ({ name, path: join(REPO_ROOT, 'config', `${name}.json`) }));
const SUFFIXES = ['private_ip', 'private_endpoint_id', 'atlas_link_id', 'link_status', 'atlas_status', 'srv_connection_string'];
const TIMEOUT = 300_000;

/** Every documented output of every endpoint is there and filled with an Atlas/Azure-shaped value. */
function expectPopulated(outputs: Outputs, configPath: string): void {
  const config = loadConfig(configPath);
  for (const endpoint of config.endpoints) {
    const prefix = `${config.outputPrefix ?? 'atlas_pl'}_${AzureRegions.lookup(endpoint.region)?.azure}`;
    for (const suffix of SUFFIXES) {
      const value = outputs[`${prefix}_${suffix}`]?.value;
      expect(typeof value === 'string' && value !== '' ? suffix : `${suffix}=${JSON.stringify(value)}`).toBe(suffix);
    }
    expect(outputs[`${prefix}_private_ip`].value).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(outputs[`${prefix}_atlas_status`].value).toBe('AVAILABLE');
    expect(outputs[`${prefix}_link_status`].value).toBe('AVAILABLE');
    expect(outputs[`${prefix}_private_endpoint_id`].value).toMatch(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateEndpoints\/[^/]+$/);
    expect(outputs[`${prefix}_srv_connection_string`].value).toMatch(/^mongodb\+srv:\/\/cluster0-pl-0(-[a-z0-9]+)?\.[a-z0-9]{5}\.mongodb\.net$/);
  }
}

describeWithReplay()(`offline apply on the replay provider (engine suites run in mode: ${providerMode()})`, () => {
  afterAll(() => console.log(timingSummary('offline-apply.test.ts')));

  describe.each(CONFIGS)('config/$name.json', ({ path }) => {
    const config = loadConfig(path);

    test('cdktf deploy, outputs the verifier reads, a second plan with no changes, cdktf destroy', () => {
      const deployed = cdktfDeploy(path, config.stackName);
      try {
        const dir = replayDir(deployed.stackDir);
        expectPopulated(outputsOf(dir), path);
        const verified = verifyOutputs(deployed.outputsFile);
        const controlPlane = verified.report.checks.find((c) => c.id === 'control-plane');
        expect(controlPlane).toMatchObject({ status: 'pass' });
        mustRunPlan(dir);
        cdktfDestroy(deployed.project, config.stackName, path);
        expect(mustRun(dir, ['state', 'list']).stdout.trim()).toBe('');
        expect(replayRecords(deployed.stackDir)).toEqual([]);
      } finally {
        rmSync(deployed.project, { recursive: true, force: true });
      }
    }, TIMEOUT);

    test.each([false, true])('handoff bundle (hcl=%s): terraform init, apply, output, plan, destroy', (hcl) => {
      const [bundle] = handoffBundle(path, hcl);
      try {
        const dir = replayDir(bundle);
        mustRun(dir, ['init', '-input=false']);
        mustRun(dir, ['apply', '-auto-approve', '-input=false']);
        expectPopulated(outputsOf(dir), path);
        mustRunPlan(dir);
        mustRun(dir, ['destroy', '-auto-approve', '-input=false']);
        expect(mustRun(dir, ['state', 'list']).stdout.trim()).toBe('');
        expect(replayRecords(bundle)).toEqual([]);
      } finally {
        rmSync(join(bundle, '..', '..'), { recursive: true, force: true });
      }
    }, TIMEOUT);
  });
});
