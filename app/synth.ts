import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, mkdirSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { App } from 'cdktf';
import { AppConfig, loadConfig } from './config';
import { AtlasPrivateLinkStack } from './stack';

export interface SynthOptions {
  /** Write HCL (`cdk.tf`) instead of JSON (`cdk.tf.json`), as `cdktf synth --hcl` does. */
  readonly hcl?: boolean;
}

export interface SynthResult {
  readonly stacks: { readonly name: string; readonly dir: string }[];
}

/** Builds the app's construct tree for a config; throws before anything is written. */
export function buildApp(config: AppConfig, outdir: string, options: SynthOptions = {}): App {
  const app = new App({ outdir, hclOutput: options.hcl ?? false });
  new AtlasPrivateLinkStack(app, config);
  return app;
}

/**
 * Synthesizes a config file into `<outdir>/stacks/<name>/cdk.tf.json`, like `cdktf synth`.
 * The app synthesizes into a fresh sibling folder that replaces outdir only when complete,
 * so a failure leaves no partial output.
 */
export function synthConfigFile(configPath: string, outdir: string, options: SynthOptions = {}): SynthResult {
  const config = loadConfig(configPath);
  const target = resolve(outdir);
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), '.synth-'));
  try {
    buildApp(config, staging, options).synth();
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  } finally {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
  const stacksDir = join(target, 'stacks');
  return { stacks: readdirSync(stacksDir).map((name) => ({ name, dir: join(stacksDir, name) })) };
}
