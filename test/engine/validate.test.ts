/**
 * `validate` with the real provider schemas (mongodbatlas 1.41.1, azurerm 4.55.0) on the synthesized
 * JSON of every shipped config and of the DNS variants, on the HCL handoff, and on a stack broken on
 * purpose through an escape hatch (which must be rejected: proof that the check can fail).
 */
import { mkdtempSync, readdirSync } from 'fs';
import { join } from 'path';
import { loadConfig } from '../../app/config';
import { AtlasPrivateLinkStack } from '../../app/stack';
import { buildApp, synthConfigFile } from '../../app/synth';
import { ConfigCase, shippedConfigs, variantConfigs } from './support/configs';
import { describeWithEngine, EngineDir, engineTempRoot, expectValid, formatDiagnostics, timingSummary, providerMode } from './support/engine';

const describeEngine = describeWithEngine();
const ENGINE_TIMEOUT = 180_000;

describeEngine(`engine validate (providers: ${providerMode()})`, () => {
  let root: string;
  const dirs: EngineDir[] = [];
  const cases: ConfigCase[] = [...shippedConfigs()];

  beforeAll(() => {
    root = mkdtempSync(join(engineTempRoot(), 'validate-'));
    cases.push(...variantConfigs(join(root, 'configs')));
  });

  afterAll(() => {
    dirs.forEach((d) => d.remove());
    // eslint-disable-next-line no-console
    console.log(timingSummary('validate.test.ts'));
  });

  function synthAndCopy(c: ConfigCase, hcl: boolean): EngineDir[] {
    const out = join(root, `${c.name}${hcl ? '-hcl' : ''}`);
    const { stacks } = synthConfigFile(c.path, out, { hcl });
    expect(stacks.length).toBeGreaterThan(0);
    return stacks.map((s) => {
      const file = hcl ? 'cdk.tf' : 'cdk.tf.json';
      expect(readdirSync(s.dir)).toContain(file);
      const dir = EngineDir.fromStack(s.dir, `${c.name}${hcl ? '-hcl' : ''}`);
      dirs.push(dir);
      return dir;
    });
  }

  // Shipped configs and variants are listed at collection time; variants are written in beforeAll.
  const names = [...shippedConfigs().map((c) => c.name), 'dns-none', 'explicit-hostnames'];

  test.each(names)('JSON of %s is valid', (name) => {
    const c = cases.find((x) => x.name === name);
    if (!c) throw new Error(`no config case ${name}`);
    for (const dir of synthAndCopy(c, false)) {
      const result = dir.validate();
      expectValid(result);
      expect(result).toMatchObject({ valid: true, error_count: 0 });
    }
  }, ENGINE_TIMEOUT);

  test.each(shippedConfigs().map((c) => c.name))('HCL handoff (synth --hcl) of %s is valid', (name) => {
    const c = cases.find((x) => x.name === name) as ConfigCase;
    for (const dir of synthAndCopy(c, true)) {
      const result = dir.validate();
      expectValid(result);
      expect(result).toMatchObject({ valid: true, error_count: 0 });
    }
  }, ENGINE_TIMEOUT);

  test('a private endpoint broken through an escape hatch is rejected, with the engine naming the fields', () => {
    const outdir = join(root, 'broken');
    const app = buildApp(loadConfig(join(__dirname, '..', '..', 'config', 'example.json')), outdir);
    const stack = app.node.children.find((c): c is AtlasPrivateLinkStack => c instanceof AtlasPrivateLinkStack);
    const pe = stack?.link.endpoints[0].privateEndpoint?.resource;
    if (!pe) throw new Error('example stack has no private endpoint to break');
    pe.addOverride('subnet_id', undefined); // remove a required argument
    pe.addOverride('private_service_connection.request_mesage', 'typo'); // an argument the schema lacks
    app.synth();
    const stackDir = join(outdir, 'stacks', stack!.node.id);
    const dir = EngineDir.fromStack(stackDir, 'broken');
    dirs.push(dir);

    const result = dir.validate();
    expect(result.valid).toBe(false);
    expect(result.error_count).toBeGreaterThanOrEqual(2);
    const text = formatDiagnostics(result.diagnostics);
    const missing = result.diagnostics.find((d) => d.summary === 'Missing required argument');
    // In JSON syntax the engine reports an unknown argument as an extraneous property.
    const unsupported = result.diagnostics.find((d) => /^(Unsupported argument|Extraneous JSON object property)$/.test(d.summary));
    if (!missing || !unsupported) throw new Error(`unexpected diagnostics:\n${text}`);
    expect(missing.detail).toMatch(/"subnet_id" is required/);
    expect(unsupported.detail).toMatch(/"request_mesage"/);
  }, ENGINE_TIMEOUT);

  // The replay provider has the schema, not the provider's own value validators: this check
  // needs the real azurerm binary and is reported as skipped in replay mode.
  const withRealValidators = process.env.ATLAS_PL_PROVIDER_MODE === 'real' ? test : test.skip;
  withRealValidators('real providers only: azurerm rejects a request_message over 140 characters', () => {
    const outdir = join(root, 'long-message');
    const app = buildApp(loadConfig(join(__dirname, '..', '..', 'config', 'example.json')), outdir);
    const stack = app.node.children.find((c): c is AtlasPrivateLinkStack => c instanceof AtlasPrivateLinkStack);
    stack?.link.endpoints[0].privateEndpoint?.resource.addOverride('private_service_connection.request_message', 'x'.repeat(141));
    app.synth();
    const dir = EngineDir.fromStack(join(outdir, 'stacks', stack!.node.id), 'long-message');
    dirs.push(dir);
    const result = dir.validate();
    expect(result.valid).toBe(false);
    expect(formatDiagnostics(result.diagnostics)).toMatch(/request_message/);
  }, ENGINE_TIMEOUT);
});
