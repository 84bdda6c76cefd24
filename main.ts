/**
 * The example app: `cdktf synth` runs this (cdktf.json "app"). The config file comes from
 * ATLAS_PL_CONFIG, default config/example.json. A bad config exits 2 with one line naming the
 * file and the field, and marks the previous output stale (app/stale.ts).
 */
import { App } from 'cdktf';
import { ConfigError, loadConfig } from './app/config';
import { fixRenderedHclIn } from './app/rendered-hcl';
import { AtlasPrivateLinkStack } from './app/stack';
import { clearStale, markOrphans, markStale } from './app/stale';

const configPath = process.env.ATLAS_PL_CONFIG ?? 'config/example.json';
const app = new App();
try {
  const stack = new AtlasPrivateLinkStack(app, loadConfig(configPath), configPath);
  app.synth();
  if (app.hclOutput) fixRenderedHclIn(app.outdir);
  clearStale(app.outdir, [stack.node.id]);
  markOrphans(app.outdir, [stack.node.id], configPath);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  markStale(app.outdir, configPath, error.message);
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(2);
}
