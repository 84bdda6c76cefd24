/**
 * `npm run rehearse`: parse -> check tools -> rehearse -> print -> tear down -> exit status.
 * Exit 0 every step passed; 1 the private path or --exec is broken; 2 bad usage; 3 the
 * rehearsal could not run (not root, a tool missing, the apply or a server failed to start).
 */
import { randomBytes } from 'crypto';
import { existsSync } from 'fs';
import { dirname, join } from 'path';
import { ConfigError, loadConfig } from '../app/config';
import { parseArgs, USAGE, UsageError, type Options } from './args';
import { findKnotd } from './knot';
import { netnsAvailable } from './netns';
import { printError, printHeader, printJson, printSummary, humanReporter, redactor, silentReporter } from './report';
import { rehearse, type Tools } from './run';
import { Stage } from './stage';

const REPO_ROOT = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

function findTools(): Tools | string {
  const env = process.env;
  const missing: string[] = [];
  const need = (value: string | undefined, what: string): string => {
    if (!value || !existsSync(value)) missing.push(what);
    return value ?? '';
  };
  const tools: Tools = {
    terraform: need(env.ATLAS_PL_TF_BINARY, 'a Terraform engine (ATLAS_PL_TF_BINARY)'),
    replayCliConfig: need(env.ATLAS_PL_REPLAY_CLI_CONFIG, 'the replay provider mirror (ATLAS_PL_REPLAY_CLI_CONFIG)'),
    ferretdb: need(env.ATLAS_PL_FERRETDB_BIN, 'FerretDB (ATLAS_PL_FERRETDB_BIN)'),
    knotd: need(findKnotd(), 'Knot DNS (knotd; apt-get install knot)'),
    verifierCli: need(join(REPO_ROOT, 'dist', 'verify', 'cli.js'), 'the compiled verifier (npm run build)'),
    probe: need(join(__dirname, 'probe.js'), 'the compiled probe (npm run build)'),
  };
  return missing.length ? `missing ${missing.join(', ')}: run "npm run tools", then "npm run rehearse" (which loads the tools' environment)` : tools;
}

async function main(): Promise<number> {
  let options: Options;
  let strategy: string;
  try {
    const parsed = parseArgs(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd(), REPO_ROOT);
    if (parsed.kind === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    options = parsed.options;
    strategy = loadConfig(options.config).dns.strategy;
  } catch (error) {
    if (error instanceof UsageError) printError(process.stderr, `${error.message}`);
    else if (error instanceof ConfigError) printError(process.stderr, `--config: ${error.message}`);
    else throw error;
    return 2;
  }
  const netns = netnsAvailable();
  if (!netns.ok) {
    printError(process.stderr, `cannot rehearse: ${netns.reason}`);
    return 3;
  }
  const tools = findTools();
  if (typeof tools === 'string') {
    printError(process.stderr, tools);
    return 3;
  }

  const stage = new Stage();
  // Ctrl-C / kill: tear everything down, then exit with the signal's conventional status. The
  // run itself may still be in a step; it fails against the vanishing namespace and its exit
  // path waits for this same teardown, so nothing exits before the clean-up is done.
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    signalled = signal;
    printError(process.stderr, `${signal}: tearing down`);
    void stage.teardown().finally(() => process.exit(signalStatus(signal)));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);

  const started = Date.now();
  // The run's SCRAM password: handed to FerretDB and the clients through the environment only,
  // and redacted from every line printed.
  const password = randomBytes(18).toString('base64url');
  const redact = redactor([password]);
  if (!options.json) printHeader(process.stdout, options, strategy);
  let kept: { enter: string; teardown: string } | undefined;
  try {
    const reporter = options.json ? silentReporter : humanReporter(process.stdout, redact);
    const result = await rehearse(options, strategy, tools, stage, reporter, password);
    if (signalled) return signalStatus(signalled);
    if (options.keep && stage.netnsName) kept = stage.keep();
    const total = Date.now() - started;
    if (options.json) printJson(process.stdout, options, result, total, kept);
    else printSummary(process.stdout, result, total, kept);
    return result.exitCode;
  } catch (error) {
    if (signalled) return signalStatus(signalled);
    printError(process.stderr, redact(`unexpected error: ${(error as Error).stack ?? error}`));
    return 3;
  } finally {
    if (!kept) await stage.teardown();
  }
}

const signalStatus = (signal: NodeJS.Signals): number => 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15);

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    printError(process.stderr, `unexpected error: ${error.stack ?? error.message}`);
    process.exit(3);
  },
);
