/** Entry point of atlas-pl-verify: parse, run, print, exit. */
import { HELP, parseArgs } from './args';
import { diagnosisCatalogue } from './diagnoses';
import { hasInterruptCleanups, runInterruptCleanups } from './interrupt';
import { printInternalError, printText, printUsageError, startReport, type Sink } from './report';
import { runChecks } from './run';
import { UsageError } from './usage-error';
import { displayTarget, passwordsIn } from './uri';

/** 0 all passed, 1 a check failed, 2 bad usage or input, 3 a bug in the verifier itself; 130/143 interrupted (SIGINT/SIGTERM). */
export const EXIT = { ok: 0, checkFailed: 1, usage: 2, internal: 3 } as const;

/** How long an interrupted run may spend removing what it wrote (each step is also bounded by --timeout). */
export const INTERRUPT_CLEANUP_MS = 10_000;

/**
 * Ctrl-C or SIGTERM: remove the scratch document (bounded), then exit 128 + the signal's number.
 * A second signal exits at once.
 */
function handleInterrupts(sink: Sink): void {
  let interrupted = false;
  const on = (signal: 'SIGINT' | 'SIGTERM', code: number): void => {
    process.on(signal, () => {
      if (interrupted) {
        sink.stderr.write(`atlas-pl-verify: ${signal} again; exiting without waiting for the clean-up\n`);
        process.exit(code);
      }
      interrupted = true;
      const cleaning = hasInterruptCleanups();
      sink.stderr.write(`atlas-pl-verify: interrupted (${signal})${cleaning ? `; removing the scratch document (at most ${INTERRUPT_CLEANUP_MS / 1000} s)` : ''}\n`);
      runInterruptCleanups(INTERRUPT_CLEANUP_MS).finally(() => process.exit(code));
    });
  };
  on('SIGINT', 130);
  on('SIGTERM', 143);
}

export async function main(argv: readonly string[], sink: Sink): Promise<number> {
  const secrets = secretsIn(argv, sink.env);
  try {
    const parsed = parseArgs(argv, sink.env);
    if (parsed.kind === 'help') {
      printText(HELP, sink);
      return EXIT.ok;
    }
    if (parsed.kind === 'diagnoses') {
      printText(diagnosisCatalogue().map((d) => `${d.code}\n  ${d.text}\n`).join(''), sink);
      return EXIT.ok;
    }
    // Output strings are documented to carry no credentials; should one, it is redacted too.
    secrets.push(...parsed.options.targets.flatMap((t) => passwordsIn(t.raw)));
    const reporter = startReport(parsed.options.targets.map(displayTarget), parsed.options.json, sink, secrets);
    const report = await runChecks(parsed.options, (check) => reporter.check(check));
    reporter.finish(report);
    return report.ok ? EXIT.ok : EXIT.checkFailed;
  } catch (error) {
    if (error instanceof UsageError) {
      printUsageError(error.message, sink, secrets);
      return EXIT.usage;
    }
    printInternalError(error, sink, secrets);
    return EXIT.internal;
  }
}

/** Every password a word of argv or MONGODB_URI may carry, wherever it was meant to go. */
function secretsIn(argv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  return [...new Set([env.MONGODB_URI ?? '', ...argv].flatMap(passwordsIn))];
}

/** The process around main(), for the bin shim and `node dist/verify/cli.js`. */
export function runAsProcess(): void {
  const sink: Sink = { stdout: process.stdout, stderr: process.stderr, env: process.env };
  const secrets = secretsIn(process.argv.slice(2), process.env);
  // An error thrown outside main's promise (a socket or timer callback) is still one line, not a trace.
  const crash = (error: unknown): void => {
    printInternalError(error, sink, secrets);
    process.exit(EXIT.internal);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  handleInterrupts(sink);
  main(process.argv.slice(2), sink).then(
    // Exit explicitly: a driver socket or timer must not keep the process (and the CI job) alive.
    (code) => process.stdout.write('', () => process.exit(code)),
    crash,
  );
}

if (require.main === module) runAsProcess();
