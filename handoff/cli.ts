/**
 * `npm run handoff -- --out <dir> [--hcl] [--config <file>...]`
 * Exit status: 0 written; 2 an input problem (a flag, the --out target, a config), printed as one
 * line and with nothing written; 1 an unexpected failure (a bug).
 */
import { existsSync } from 'fs';
import { dirname, join } from 'path';
import { ConfigError } from '../app/config';
import { InvalidPropError } from '../lib/validation';
import { BundleError, InterruptedError, writeBundlesInterruptible } from './bundle';
import { OutError } from './ownership';
import { StagingError } from './staging';

export const HELP = `handoff: write a self-contained Terraform bundle per stack, for teams that run Terraform, not cdktf

Usage: npm run handoff -- --out <dir> [--hcl] [--config <file>]...

  --out <dir>       where to write <dir>/<stackName>/ and <dir>/README.md; only what an earlier
                    handoff wrote there is replaced, anything else in the way is refused
  --config <file>   config to synthesize; repeatable. Without it: $ATLAS_PL_CONFIG if set,
                    else config/example.json and config/two-endpoints.json
  --hcl             write cdk.tf (HCL) instead of cdk.tf.json
  --help            this text

Exit status: 0 written; 2 an input problem (flag, --out target, config: one line, nothing written).
`;

export interface CliArgs {
  readonly out: string;
  readonly configs: string[];
  readonly hcl: boolean;
}

export class UsageError extends Error {}

const DEFAULT_CONFIGS = ['config/example.json', 'config/two-endpoints.json'];

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliArgs | 'help' {
  let out: string | undefined;
  const configs: string[] = [];
  let hcl = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const value = () => {
      const v = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (v === undefined || v === '' || (eq === -1 && v.startsWith('--'))) throw new UsageError(`${name}: expected a value (${name === '--out' ? 'a directory' : 'a config file'})`);
      return v;
    };
    if (name === '--out') {
      if (out !== undefined) throw new UsageError('--out: given twice, expected once');
      out = value();
    } else if (name === '--config') configs.push(value());
    else if ((name === '--hcl' || name === '--help' || name === '-h') && eq === -1) {
      if (name === '--hcl') hcl = true;
      else return 'help';
    } else {
      throw new UsageError(arg.startsWith('-') ? `unknown flag ${name}; see --help` : `unexpected argument "${arg}"; see --help`);
    }
  }
  if (out === undefined) throw new UsageError('--out: required (the directory to write the bundles to)');
  if (configs.length === 0) {
    const fromEnv = env.ATLAS_PL_CONFIG;
    configs.push(...(fromEnv ? [fromEnv] : DEFAULT_CONFIGS.map((c) => join(repoRoot(), c))));
  }
  return { out, configs, hcl };
}

export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: NodeJS.ProcessEnv;
}

/** Exit status after SIGINT / SIGTERM (128 + the signal number), as a shell reports it. */
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

export async function main(argv: readonly string[], io: Io, signal: AbortSignal = new AbortController().signal): Promise<number> {
  let args: CliArgs | 'help';
  try {
    args = parseArgs(argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`handoff: ${error.message}\n`);
    return 2;
  }
  if (args === 'help') {
    io.stdout.write(HELP);
    return 0;
  }
  try {
    const result = await writeBundlesInterruptible(args.configs, args.out, { hcl: args.hcl }, signal);
    for (const stack of result.stacks) io.stdout.write(`${stack.name}: ${stack.dir}\n`);
    return 0;
  } catch (error) {
    if (error instanceof InterruptedError) {
      io.stderr.write(`handoff: ${error.message}\n`);
      return SIGNAL_EXIT[String(signal.reason)] ?? 130;
    }
    const input = [ConfigError, InvalidPropError, BundleError, OutError, StagingError].some((kind) => error instanceof kind);
    if (!input) throw error;
    io.stderr.write(`handoff: ${(error as Error).message.split('\n')[0]}\n`);
    return 2;
  }
}

/** The package root, from handoff/ in source or dist/handoff/ when compiled. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('handoff: cannot find the package root (package.json)');
    dir = parent;
  }
  return dir;
}

/**
 * Where relative paths (--out, --config, ATLAS_PL_CONFIG) are read from: the caller's folder.
 * npm runs scripts from the package root and says where it was called from in INIT_CWD.
 */
export function callerDir(env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  return env.npm_lifecycle_event === 'handoff' && env.INIT_CWD ? env.INIT_CWD : cwd;
}

if (require.main === module) {
  try {
    process.chdir(callerDir(process.env));
  } catch (error) {
    process.stderr.write(`handoff: cannot enter the folder npm run was called from (INIT_CWD): ${(error as NodeJS.ErrnoException).code}\n`);
    process.exit(2);
  }
  // Ctrl-C or SIGTERM: stop at the next step and remove the staging folder (./bundle.ts).
  const abort = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) process.on(name, () => abort.abort(name));
  void main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }, abort.signal).then((code) => {
    process.exitCode = code;
  });
}
