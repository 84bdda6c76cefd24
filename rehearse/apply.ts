/**
 * The apply, offline on the replay provider, with the state and outputs `cdktf deploy` leaves:
 * the config is synthesized in-process (app/synth.ts, what `cdktf synth` runs) and the stack
 * folder goes through `terraform init` and `terraform apply`, as cdktf deploy does. The replay
 * provider keeps the simulated cloud in this run's own state folder, shaped by the world file.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { estateFromState, keyEndpoints, type Estate } from './state';
import { runCommand, type ChildSet } from './processes';

export interface ApplyResult {
  readonly stackName: string;
  readonly stackDir: string;
  /** The run's folder: the replay provider's simulated cloud is in its replay-world/. */
  readonly runDir: string;
  readonly shortTmp?: string;
  /** `terraform output -json`, written to a file for the verifier. */
  readonly outputsFile: string;
  /** The same outputs, parsed. */
  readonly outputs: Record<string, { value?: unknown }>;
  /** The config's outputPrefix (`atlas_pl` by default): the outputs are `<prefix>_...`. */
  readonly outputPrefix: string;
  readonly estate: Estate;
}

export interface ApplyTools {
  readonly terraform: string;
  readonly replayCliConfig: string;
}

const COMMAND_TIMEOUT_MS = 180_000;

export class ApplyError extends Error {}

/** The config passed the schema but the constructs rejected it: a usage error (exit 2). */
export class ConfigRejected extends Error {}

/** `shortTmp`: Terraform's TMPDIR, short enough for its plugins' unix sockets (runs.ts shortDirOf). */
export async function applyOffline(configPath: string, worldPath: string, runDir: string, tools: ApplyTools, children: ChildSet, shortTmp?: string): Promise<ApplyResult> {
  // Loaded here, not at start-up: cdktf and the provider bindings take a second to load.
  const { synthConfigFile } = await import('../app/synth');
  const { ConfigError, loadConfig } = await import('../app/config');
  let stacks: { name: string; dir: string }[];
  try {
    stacks = synthConfigFile(configPath, join(runDir, 'cdktf.out')).stacks;
  } catch (error) {
    // InvalidPropError (lib/validation.ts) by name: the lib is loaded lazily, through app/synth.
    if (error instanceof ConfigError || (error as Error).name === 'InvalidPropError') throw new ConfigRejected((error as Error).message);
    throw error;
  }
  if (stacks.length !== 1) throw new ApplyError(`expected one stack from ${configPath}, got ${stacks.length}`);
  const { name, dir } = stacks[0];
  const jsonFile = join(dir, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(jsonFile, 'utf8'));
  // A rehearsal never touches a real backend (azurerm, Terraform Cloud): its state stays here.
  json.terraform.backend = { local: { path: 'terraform.tfstate' } };
  delete json.terraform.cloud;
  writeFileSync(jsonFile, JSON.stringify(json, null, 2));

  const tf = engine(dir, worldPath, runDir, tools, children, shortTmp);
  await tf(['init', '-input=false', '-no-color']);
  await tf(['apply', '-auto-approve', '-input=false', '-no-color']);
  const shown = estateFromState(JSON.parse(await tf(['show', '-json'])));
  const outputsFile = join(runDir, 'outputs.json');
  const text = await tf(['output', '-json']);
  writeFileSync(outputsFile, text);
  const outputs = JSON.parse(text);
  const outputPrefix = loadConfig(configPath).outputPrefix ?? 'atlas_pl';
  const estate = keyEndpoints(shown, outputs, outputPrefix);
  return { stackName: name, stackDir: dir, runDir, ...(shortTmp ? { shortTmp } : {}), outputsFile, outputs, outputPrefix, estate };
}

/**
 * `terraform apply -refresh-only` of an applied stack under another world file, then
 * `terraform output -json`: what the outputs are once Atlas or Azure report something else
 * than at the apply (the replay provider reads the world on every refresh). Changes nothing.
 */
export async function refreshOffline(applied: ApplyResult, worldPath: string, tools: ApplyTools, children: ChildSet): Promise<Record<string, { value?: unknown }>> {
  const tf = engine(applied.stackDir, worldPath, applied.runDir, tools, children, applied.shortTmp);
  await tf(['apply', '-refresh-only', '-auto-approve', '-input=false', '-no-color']);
  return JSON.parse(await tf(['output', '-json']));
}

/** One engine command in the stack folder on the replay provider, with no credential in its environment. */
function engine(dir: string, worldPath: string, runDir: string, tools: ApplyTools, children: ChildSet, shortTmp?: string): (args: string[]) => Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: tools.replayCliConfig, ATLAS_PL_REPLAY_WORLD: worldPath, ATLAS_PL_REPLAY_STATE: join(runDir, 'replay-world'), TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  // No credentials reach the engine: a rehearsal talks to no cloud.
  for (const key of Object.keys(env)) if (/^(ARM_|AZURE_|MONGODB_ATLAS_|MCLI_|TF_VAR_|TF_TOKEN_|TF_LOG)/.test(key)) delete env[key];
  if (shortTmp) env.TMPDIR = shortTmp;
  return async (args: string[]): Promise<string> => {
    const run = await runCommand(children, [tools.terraform, ...args], { cwd: dir, env, timeoutMs: COMMAND_TIMEOUT_MS });
    if (run.code !== 0) {
      const why = run.timedOut ? `timed out after ${COMMAND_TIMEOUT_MS / 1000} s` : `exited ${run.code}`;
      throw new ApplyError(`terraform ${args.slice(0, args[1] === '-refresh-only' ? 2 : 1).join(' ')} ${why}:\n${(run.stderr || run.stdout).trim().split('\n').slice(-30).join('\n')}`);
    }
    return run.stdout;
  };
}
