/** All printing happens here: the human report, the JSON report, usage errors. */
import type { CheckResult, Report } from './types';
import { redactSecrets } from './uri';

export interface Sink {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** Secrets are removed from every string of the report, however deep (driver errors quote URIs). */
export function redactReport(report: Report, secrets: readonly string[]): Report {
  const clean = (s: string): string => redactSecrets(s, secrets);
  return {
    ...report,
    target: clean(report.target),
    targets: report.targets.map(clean),
    checks: report.checks.map((c) => ({
      ...c,
      ...(c.target !== undefined ? { target: clean(c.target) } : {}),
      message: clean(c.message),
      ...(c.diagnosis ? { diagnosis: { code: c.diagnosis.code, text: clean(c.diagnosis.text) } } : {}),
    })),
  };
}

export function printReport(report: Report, asJson: boolean, sink: Sink, secrets: readonly string[]): void {
  const safe = redactReport(report, secrets);
  if (asJson) {
    sink.stdout.write(`${JSON.stringify(safe, null, 2)}\n`);
    return;
  }
  const paint = painter(sink);
  const lines = [`atlas-pl-verify ${safe.targets.join(', ')}`];
  const width = Math.max(...safe.checks.map((c) => c.id.length));
  let section: string | undefined;
  for (const check of safe.checks) {
    // With several SRV hosts, a heading line before each host's checks says which one they are about.
    if (safe.targets.length > 1 && check.target !== undefined && check.target !== section) lines.push(`--- ${(section = check.target)}`);
    lines.push(...checkLines(check, width, paint));
  }
  const count = (status: CheckResult['status']): number => safe.checks.filter((c) => c.status === status).length;
  const verdict = safe.ok ? paint.green('OK') : paint.red('FAILED');
  lines.push(`${verdict}: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped in ${safe.durationMs} ms`);
  sink.stdout.write(`${lines.join('\n')}\n`);
}

function checkLines(check: CheckResult, width: number, paint: Painter): string[] {
  const mark = check.status === 'pass' ? paint.green('[pass]') : check.status === 'fail' ? paint.red('[FAIL]') : paint.dim('[skip]');
  const lines = [`${mark} ${check.id.padEnd(width)}  ${check.message} ${paint.dim(`(${check.durationMs} ms)`)}`];
  if (check.diagnosis) lines.push(`       ${paint.bold(check.diagnosis.code)}: ${check.diagnosis.text}`);
  return lines;
}

/** One line on stderr, whatever the message holds (driver texts may have newlines). */
export function printUsageError(message: string, sink: Sink, secrets: readonly string[]): void {
  sink.stderr.write(`atlas-pl-verify: ${oneLine(redactSecrets(message, secrets))}\n`);
}

/** No control characters (newlines, terminal escapes) and a bounded length. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > 1000 ? `${flat.slice(0, 1000)}...` : flat;
}

export function printText(text: string, sink: Sink): void {
  sink.stdout.write(text);
}

/** A bug of ours: one line with the error and where it was thrown, instead of a stack trace. */
export function printInternalError(error: unknown, sink: Sink, secrets: readonly string[]): void {
  const e = error instanceof Error ? error : new Error(String(error));
  const at = /\n\s+at (?:.*? \()?(.+?:\d+:\d+)\)?\n?/.exec(e.stack ?? '')?.[1];
  const text = `${e.name}: ${e.message}${at ? ` (at ${at})` : ''}`;
  sink.stderr.write(`atlas-pl-verify: internal error, a bug in atlas-pl-verify (please report it): ${oneLine(redactSecrets(text, secrets))}\n`);
}

interface Painter {
  green(s: string): string;
  red(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

function painter(sink: Sink): Painter {
  // Colour only for a person at a terminal; NO_COLOR (any value) turns it off (no-color.org).
  const on = Boolean(sink.stdout.isTTY) && sink.env.NO_COLOR === undefined;
  const wrap = (open: number, close: number) => (s: string) => (on ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { green: wrap(32, 39), red: wrap(31, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}
