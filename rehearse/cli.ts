/**
 * `npm run rehearse`: parse -> check tools -> rehearse -> print -> tear down -> exit status.
 * Exit 0 every step passed; 1 the private path or --exec is broken; 2 bad usage; 3 the
 * rehearsal could not run (not root, a tool missing, the apply or a server failed to start).
 */
import { randomBytes } from 'crypto';
import { existsSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative } from 'path';
import { ConfigError, loadConfig } from '../app/config';
import { parseArgs, USAGE, UsageError, type Options } from './args';
import { isCustomDns } from './custom-dns';
import { findKnotd } from './knot';
import { netnsAvailable } from './netns';
import { printError, printHeader, printInterruptedJson, printJson, printSummary, humanReporter, redactor, silentReporter } from './report';
import { DB, rehearse, type Tools } from './run';
import { sweep } from './runs';
import { runFaults } from './scenarios/cli-hook';
import { Stage, type Kept } from './stage';
import type { Reporter, Step } from './steps';

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

/** TMPDIR (or /tmp) must be a folder: the run's temp folder goes there. */
function checkTmpdir(): string | undefined {
  const dir = tmpdir();
  try {
    if (statSync(dir).isDirectory()) return undefined;
    return `TMPDIR: "${dir}" is not a folder (expected a writable folder for the run's temp files, or leave TMPDIR unset)`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `TMPDIR: "${dir}" ${code === 'ENOENT' ? 'does not exist' : `cannot be used (${code ?? (error as Error).message})`} (expected a writable folder for the run's temp files, or leave TMPDIR unset)`;
  }
}

async function cleanup(): Promise<number> {
  const netns = netnsAvailable();
  if (!netns.ok) {
    printError(process.stderr, `cannot clean up: ${netns.reason}`);
    return 3;
  }
  const removed = await sweep(true);
  process.stdout.write(removed.length ? `removed ${removed.length} rehearsal(s):\n${removed.map((r) => `  ${r}\n`).join('')}` : 'nothing to clean up: no rehearsal left anything behind\n');
  return 0;
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
    if (parsed.kind === 'cleanup') return await cleanup();
    options = parsed.options;
    const config = loadConfig(options.config);
    strategy = config.dns.strategy;
    // Known before any apply: without a resolver the stack has no <prefix>_dns_forwarding output.
    if (isCustomDns(options.scenario) && !config.dns.resolver && !config.dns.existingResolverInboundIps) {
      throw new UsageError(
        `--scenario ${options.scenario}: ${relative(options.cwd, options.config) || options.config} has no dns.resolver (nor dns.existingResolverInboundIps): a custom DNS server needs the resolver's inbound endpoint to forward to (see config/landing-zone.json)`,
      );
    }
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
  const badTmp = checkTmpdir();
  if (badTmp) {
    printError(process.stderr, badTmp);
    return 2;
  }
  const tools = findTools();
  if (typeof tools === 'string') {
    printError(process.stderr, tools);
    return 3;
  }

  const started = Date.now();
  // The run's SCRAM password: handed to FerretDB and the clients through the environment only,
  // and redacted from every line printed.
  const password = randomBytes(18).toString('base64url');
  const redact = redactor([password]);
  // What an earlier run left when it was killed (its process is gone) goes first.
  const swept = await sweep(false);
  let stage: Stage;
  try {
    stage = new Stage();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    printError(process.stderr, `TMPDIR: cannot create the run's folder in "${tmpdir()}" (${code}; expected a writable folder for the run's temp files, or leave TMPDIR unset)`);
    return 2;
  }
  // Ctrl-C / kill: tear everything down, then exit with the signal's conventional status. The
  // run itself may still be in a step; it fails against the vanishing namespace, and nothing of
  // that is reported: the run was interrupted, not broken. A second signal does not cut the
  // teardown short (SIGKILL does; the next run sweeps what is left).
  let signalled: NodeJS.Signals | undefined;
  const finished: Step[] = [];
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      printError(process.stderr, `${signal}: still tearing down, please wait`);
      return;
    }
    signalled = signal;
    printError(process.stderr, `${signal}: tearing down`);
    void stage.teardown().finally(() => {
      if (options.json) printInterruptedJson(process.stdout, options, signal, finished, Date.now() - started, redact);
      printError(process.stderr, `interrupted (${signal}): everything this run started is torn down`);
      process.exit(signalStatus(signal));
    });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  // A crash anywhere (an exception in a stream handler) still tears down before exiting.
  let crashed = false;
  const onCrash = (error: unknown): void => {
    if (crashed) return;
    crashed = true;
    const closed = (error as NodeJS.ErrnoException)?.code === 'EPIPE';
    printError(process.stderr, closed ? 'the output was closed (EPIPE): tearing down' : redact(`unexpected error: ${(error as Error)?.stack ?? error}`));
    void stage.teardown().finally(() => process.exit(3));
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  if (!options.json) {
    printHeader(process.stdout, options, strategy);
    for (const line of swept) process.stdout.write(`swept what an earlier run left behind: ${line}\n`);
  }
  let kept: Kept | undefined;
  try {
    const inner = options.json ? silentReporter : humanReporter(process.stdout, redact);
    const reporter: Reporter = {
      start: (label) => !signalled && inner.start(label),
      finish: (step) => {
        if (signalled) return;
        finished.push(step);
        inner.finish(step);
      },
    };
    if (options.faults) return await runFaults(options, tools, stage, reporter, password, started, swept, () => signalled !== undefined);
    const result = await rehearse(options, strategy, tools, stage, reporter, password);
    if (signalled) return await new Promise<never>(() => undefined); // the signal handler exits
    if (options.keep && stage.netnsName) kept = stage.keep(result.uri && result.caFile ? { uri: result.uri, db: DB, caFile: result.caFile } : undefined);
    const total = Date.now() - started;
    if (options.json) printJson(process.stdout, options, result, total, kept, swept);
    else printSummary(process.stdout, result, total, kept);
    if (result.exitCode === 2) printError(process.stderr, `--config: ${result.steps.find((s) => s.id === 'apply')?.detail ?? 'rejected'}`);
    return result.exitCode;
  } catch (error) {
    if (signalled) return await new Promise<never>(() => undefined);
    printError(process.stderr, redact(`unexpected error: ${(error as Error).stack ?? error}`));
    return 3;
  } finally {
    if (!kept && !signalled) await stage.teardown();
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
