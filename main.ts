/**
 * The example app: `cdktf synth` runs this (cdktf.json "app"). The config file comes from
 * ATLAS_PL_CONFIG, default config/example.json. A bad config exits 2 with one line naming the
 * file and the field, and marks the previous output stale (app/stale.ts); a folder it had to
 * create for the output is removed again. An output folder that cannot be used (a file, a
 * dangling link, a place where no folder can be made) also exits 2 with one line.
 */
import { rmSync } from 'fs';
import { App } from 'cdktf';
import { ConfigError, loadConfig } from './app/config';
import { OutputDirError, prepareOutputDir } from './app/dirs';
import { fixRenderedHclIn } from './app/rendered-hcl';
import { AtlasPrivateLinkStack } from './app/stack';
import { clearStale, markOrphans, markStale } from './app/stale';

const configPath = process.env.ATLAS_PL_CONFIG ?? 'config/example.json';
const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
let created: string | undefined;
try {
  // The config first: a bad one must not create the output folder.
  const config = loadConfig(configPath);
  created = prepareOutputDir(outdir, 'output folder (--output, CDKTF_OUTDIR)');
  const app = new App({ outdir });
  const stack = new AtlasPrivateLinkStack(app, config, configPath);
  app.synth();
  if (app.hclOutput) fixRenderedHclIn(app.outdir);
  clearStale(app.outdir, [stack.node.id]);
  markOrphans(app.outdir, [stack.node.id], configPath);
  // npm run synth asks for one line saying what was written; cdktf synth prints its own.
  if (process.env.ATLAS_PL_SYNTH_SUMMARY === '1') {
    process.stdout.write(`synth: wrote ${outdir}/stacks/${stack.node.id}/${app.hclOutput ? 'cdk.tf' : 'cdk.tf.json'} (stack ${stack.node.id}, config ${configPath})\n`);
  }
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof OutputDirError)) throw error;
  if (created !== undefined) rmSync(created, { recursive: true, force: true });
  else if (error instanceof ConfigError) markStale(outdir, configPath, error.message);
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(2);
}
