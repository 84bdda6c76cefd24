import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { App } from 'cdktf';
import { AppConfig, loadConfig } from './config';
import { makeDirs } from './dirs';
import { fixRenderedHclIn } from './rendered-hcl';
import { markStale } from './stale';
import { AtlasPrivateLinkStack } from './stack';

export interface SynthOptions {
  /** Write HCL (`cdk.tf`) instead of JSON (`cdk.tf.json`), as `cdktf synth --hcl` does. */
  readonly hcl?: boolean;
}

export interface SynthResult {
  readonly stacks: { readonly name: string; readonly dir: string }[];
}

/** Builds the app's construct tree for a config; throws before anything is written. */
export function buildApp(config: AppConfig, outdir: string, options: SynthOptions = {}, source = 'config'): App {
  const hcl = options.hcl ?? false;
  // cdktf 0.21 stacks read SYNTH_HCL_OUTPUT at construction and ignore the App's hclOutput.
  const saved = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(hcl);
  try {
    const app = new App({ outdir, hclOutput: hcl });
    new AtlasPrivateLinkStack(app, config, source);
    return app;
  } finally {
    if (saved === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = saved;
  }
}

/**
 * Synthesizes a config file into `<outdir>/stacks/<name>/cdk.tf.json`, like `cdktf synth`.
 * The app synthesizes into a fresh sibling folder that replaces outdir only when complete,
 * so a failure leaves no partial output and creates no folder; an earlier output in outdir is
 * marked stale (app/stale.ts).
 */
export function synthConfigFile(configPath: string, outdir: string, options: SynthOptions = {}): SynthResult {
  const target = resolve(outdir);
  let created: string | undefined;
  let staging: string | undefined;
  try {
    const config = loadConfig(configPath);
    created = makeDirs(dirname(target));
    staging = mkdtempSync(join(dirname(target), '.synth-'));
    buildApp(config, staging, options, configPath).synth();
    if (options.hcl) fixRenderedHclIn(staging);
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  } catch (error) {
    if (created !== undefined) rmSync(created, { recursive: true, force: true });
    markStale(target, configPath, error instanceof Error ? error.message.split('\n')[0] : String(error));
    throw error;
  } finally {
    if (staging !== undefined && existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
  const stacksDir = join(target, 'stacks');
  return { stacks: readdirSync(stacksDir).map((name) => ({ name, dir: join(stacksDir, name) })) };
}
