/**
 * The example app: `cdktf synth` runs this (cdktf.json "app"). The config file comes from
 * ATLAS_PL_CONFIG, default config/example.json. A bad config exits 2 with one line naming the
 * file and the field.
 */
import { App } from 'cdktf';
import { ConfigError, loadConfig } from './app/config';
import { fixRenderedHclIn } from './app/rendered-hcl';
import { AtlasPrivateLinkStack } from './app/stack';

const configPath = process.env.ATLAS_PL_CONFIG ?? 'config/example.json';
const app = new App();
try {
  new AtlasPrivateLinkStack(app, loadConfig(configPath), configPath);
  app.synth();
  if (app.hclOutput) fixRenderedHclIn(app.outdir);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(2);
}
