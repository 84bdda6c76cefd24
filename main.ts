/**
 * The example app: `cdktf synth` runs this (cdktf.json "app"). The config file comes from
 * ATLAS_PL_CONFIG, default config/example.json. Bad config exits 1 with a message naming the field.
 */
import { App } from 'cdktf';
import { ConfigError, loadConfig } from './app/config';
import { fixRenderedHclIn } from './app/rendered-hcl';
import { AtlasPrivateLinkStack } from './app/stack';
import { InvalidPropError } from './lib/validation';

const configPath = process.env.ATLAS_PL_CONFIG ?? 'config/example.json';
try {
  const app = new App();
  new AtlasPrivateLinkStack(app, loadConfig(configPath));
  app.synth();
  if (app.hclOutput) fixRenderedHclIn(app.outdir);
} catch (error) {
  if (error instanceof ConfigError || error instanceof InvalidPropError) {
    // ConfigError messages start with the file; construct errors name the prop only.
    process.stderr.write(`error: ${error instanceof ConfigError ? '' : `${configPath}: `}${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
