/**
 * Offline applies of both shipped configs on the replay provider, as users run them: `cdktf
 * deploy` (JSON), and `terraform init && apply` of the handoff bundle (JSON and HCL). Each then
 * reads every output, re-plans with no changes, and destroys to an empty state and an empty
 * simulated cloud. The replay provider runs in both provider modes: real providers cannot apply
 * without a cloud account.
 *
 * The bundles run on the provider sets of PROVIDER_SETS (mongodbatlas 1.41.1 + azurerm 4.55.0,
 * the versions the bindings declare, and mongodbatlas 2.16.0 + azurerm 4.81.0, re-pinned in the
 * bundle as a user would), and each test names the versions the engine selected. The bundles
 * cover every PAIR of (config, provider set, JSON or HCL) rather than every triple: each config
 * runs on both sets and in both forms, each set in both forms, in half the applies (each apply
 * is a whole init, apply, plan, destroy). `cdktf deploy` synthesizes its own pins, so it runs on
 * the default set.
 */
import { rmSync } from 'fs';
import { join } from 'path';
import { loadConfig } from '../../app/config';
import { AzureRegions } from '../../lib/regions';
import { REPO_ROOT } from './support/configs';
import { describeWithReplay, mustRunPlan, providerMode, timingSummary } from './support/engine';
import {
  cdktfDeploy,
  cdktfDestroy,
  DEFAULT_PROVIDERS,
  describeSet,
  handoffBundle,
  mustRun,
  outputsOf,
  Outputs,
  pinProviders,
  PROVIDER_SETS,
  replayDir,
  replayRecords,
  selectedProviders,
  verifyOutputs,
} from './support/offline';

const CONFIGS = ['example', 'two-endpoints'].map((name, i) => ({ name, path: join(REPO_ROOT, 'config', `${name}.json`), index: i }));
/** Config i runs set j in JSON when i = j and in HCL otherwise: every pair of the three choices occurs. */
const bundleCases = (configIndex: number) =>
  PROVIDER_SETS.map((set, j) => ({ hcl: j !== configIndex % PROVIDER_SETS.length, set, versions: describeSet(set) }));
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

  test('the bundle cases cover every pair of (config, provider set, JSON or HCL)', () => {
    const triples = CONFIGS.flatMap((c) => bundleCases(c.index).map((b) => ({ config: c.name, set: describeSet(b.set), hcl: b.hcl })));
    const pairs = (a: 'config' | 'set' | 'hcl', b: 'config' | 'set' | 'hcl') => new Set(triples.map((t) => `${t[a]}|${t[b]}`)).size;
    expect([pairs('config', 'set'), pairs('config', 'hcl'), pairs('set', 'hcl')]).toEqual([CONFIGS.length * PROVIDER_SETS.length, CONFIGS.length * 2, PROVIDER_SETS.length * 2]);
  });

  describe.each(CONFIGS)('config/$name.json', ({ path, index }) => {
    const config = loadConfig(path);

    test(`cdktf deploy on ${describeSet(DEFAULT_PROVIDERS)}: outputs the verifier reads, a second plan with no changes, cdktf destroy`, () => {
      const deployed = cdktfDeploy(path, config.stackName);
      try {
        const dir = replayDir(deployed.stackDir);
        expect(selectedProviders(dir)).toEqual(DEFAULT_PROVIDERS);
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

    test.each(bundleCases(index))('handoff bundle (hcl=$hcl) on $versions: terraform init, apply, output, plan, destroy', ({ hcl, set }) => {
      const [bundle] = handoffBundle(path, hcl);
      try {
        pinProviders(bundle, set);
        const dir = replayDir(bundle);
        mustRun(dir, ['init', '-input=false']);
        const selected = selectedProviders(dir);
        console.log(`offline-apply.test.ts: config/${config.stackName} bundle (hcl=${hcl}) ran on ${describeSet(selected)}`);
        expect(selected).toEqual(set);
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
