/** Entry point of atlas-pl-verify: parse, run, print, exit. */
import { HELP, parseArgs } from './args';
import { printInternalError, printReport, printText, printUsageError, type Sink } from './report';
import { runChecks } from './run';
import { UsageError } from './usage-error';
import { passwordsIn } from './uri';

export async function main(argv: readonly string[], sink: Sink): Promise<number> {
  const secrets = secretsIn(argv, sink.env);
  try {
    const parsed = parseArgs(argv, sink.env);
    if (parsed.kind === 'help') {
      printText(HELP, sink);
      return 0;
    }
    const report = await runChecks(parsed.options);
    printReport(report, parsed.options.json, sink, secrets);
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      printUsageError(error.message, sink, secrets);
      return 2;
    }
    printInternalError(error, sink, secrets);
    return 1;
  }
}

/** Every password a word of argv or MONGODB_URI may carry, wherever it was meant to go. */
function secretsIn(argv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  return [...new Set([env.MONGODB_URI ?? '', ...argv].flatMap(passwordsIn))];
}

if (require.main === module) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      // Exit explicitly: a driver socket or timer must not keep the process (and the CI job) alive.
      process.stdout.write('', () => process.exit(code));
    },
    () => process.exit(1),
  );
}
