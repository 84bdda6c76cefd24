/** Entry point of atlas-pl-verify: parse, run, print, exit. */
import { HELP, parseArgs, UsageError } from './args';
import { printInternalError, printReport, printText, printUsageError, type Sink } from './report';
import { runChecks } from './run';

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

/**
 * The passwords (and user:password pairs) we were handed, to scrub from anything we print.
 * User names alone are not scrubbed: a short one would garble every message; the URI pattern
 * in redactSecrets already hides them wherever a connection string is quoted.
 */
function secretsIn(argv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const candidates = [env.MONGODB_URI, ...argv.map((a, i) => (argv[i - 1] === '--uri' ? a : a.startsWith('--uri=') ? a.slice(6) : undefined))];
  return candidates.flatMap((raw) => {
    const userinfo = raw ? /:\/\/([^@/]*)@/.exec(raw)?.[1] : undefined;
    if (!userinfo) return [];
    const colon = userinfo.indexOf(':');
    const password = colon === -1 ? '' : userinfo.slice(colon + 1);
    const decoded = safeDecode(password);
    return [userinfo, safeDecode(userinfo), password, decoded].filter((s) => s.length > 0 && s !== userinfo.slice(0, colon));
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
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
