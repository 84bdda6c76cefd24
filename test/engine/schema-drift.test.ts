/**
 * The recorded schemas against what the engine's providers report (`providers schema -json`),
 * for every resource and data source type this package synthesizes. In real mode this catches a
 * recording that drifted from the real binaries; in replay mode it proves the replay provider
 * serves the recorded schema unchanged through the plugin protocol.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { gunzipSync } from 'zlib';
import { describeWithEngine, EngineDir, providerMode } from './support/engine';
import { REPO_ROOT } from './support/configs';

const PROVIDERS = [
  { type: 'mongodbatlas', version: '1.41.1', source: 'mongodb/mongodbatlas' },
  { type: 'azurerm', version: '4.55.0', source: 'hashicorp/azurerm' },
];

/** A recorded schema: `<type>-<version>.json`, or the repository's gzip-compressed `.json.gz`. */
function readRecorded(dir: string, type: string, version: string): any {
  const file = join(dir, `${type}-${version}.json`);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : gunzipSync(readFileSync(`${file}.gz`)).toString('utf8');
  return JSON.parse(text);
}

/** Every resource and data source type the synthesized stacks of the shipped configs use. */
function typesUsed(): { resources: Set<string>; dataSources: Set<string> } {
  const resources = new Set<string>();
  const dataSources = new Set<string>();
  const files = ['example', 'two-endpoints'].map((n) => join(REPO_ROOT, 'config', `${n}.json`));
  for (const file of files) {
    const { buildApp } = require('../../app/synth') as typeof import('../../app/synth');
    const { loadConfig } = require('../../app/config') as typeof import('../../app/config');
    const { Testing } = require('cdktf') as typeof import('cdktf');
    const app = buildApp(loadConfig(file), Testing.app().outdir);
    for (const stack of app.node.children) {
      const json = JSON.parse(Testing.synth(stack as never));
      Object.keys(json.resource ?? {}).forEach((t) => resources.add(t));
      Object.keys(json.data ?? {}).forEach((t) => dataSources.add(t));
    }
  }
  return { resources, dataSources };
}

describeWithEngine()(`recorded provider schemas (providers: ${providerMode()})`, () => {
  test('the engine reports exactly the recorded schema of every type the package uses', () => {
    const schemas = process.env.ATLAS_PL_PROVIDER_SCHEMAS;
    if (!schemas) throw new Error('ATLAS_PL_PROVIDER_SCHEMAS is not set: run the tests through scripts/run-jest.sh');
    const required = Object.fromEntries(PROVIDERS.map((p) => [p.type, { source: p.source, version: p.version }]));
    const dir = EngineDir.fromFiles({ 'main.tf.json': JSON.stringify({ terraform: { required_providers: required } }) }, 'schema-drift');
    try {
      dir.init();
      const live = JSON.parse(dir.run(['providers', 'schema', '-json']).stdout).provider_schemas as Record<string, any>;
      const used = typesUsed();
      expect(used.resources.size).toBeGreaterThanOrEqual(6);
      for (const p of PROVIDERS) {
        const recordedDoc = readRecorded(schemas, p.type, p.version);
        const recorded = Object.values(recordedDoc.provider_schemas)[0] as Record<string, any>;
        const liveSchema = Object.entries(live).find(([address]) => address.endsWith(`/${p.source}`))?.[1];
        expect(liveSchema).toBeDefined();
        for (const t of [...used.resources].filter((r) => r.startsWith(`${p.type}_`))) {
          expect({ type: t, schema: liveSchema.resource_schemas[t] }).toEqual({ type: t, schema: recorded.resource_schemas[t] });
        }
        for (const t of [...used.dataSources].filter((r) => r.startsWith(`${p.type}_`))) {
          expect({ type: t, schema: liveSchema.data_source_schemas[t] }).toEqual({ type: t, schema: recorded.data_source_schemas[t] });
        }
        expect(liveSchema.provider).toEqual(recorded.provider);
      }
    } finally {
      dir.remove();
    }
  }, 120_000);
});
