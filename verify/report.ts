/**
 * All printing happens here: the human report (line by line, as checks finish), the JSON report
 * (one document at the end), usage errors and internal errors. Every string is redacted.
 */
import { styleText } from 'util';
import { CHECK_IDS, type CheckResult, type Report } from './types';
import { redactSecrets } from './uri';

export interface Sink {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** Receives each check as it finishes, then the whole report. */
export interface Reporter {
  check(result: CheckResult): void;
  finish(report: Report): void;
}

/** Secrets are removed from every string of a check (driver errors quote URIs). */
function redactCheck(check: CheckResult, secrets: readonly string[]): CheckResult {
  const clean = (s: string): string => redactSecrets(s, secrets);
  return {
    ...check,
    ...(check.target !== undefined ? { target: clean(check.target) } : {}),
    message: clean(check.message),
    ...(check.diagnosis ? { diagnosis: { ...check.diagnosis, text: clean(check.diagnosis.text) } } : {}),
  };
}

export function redactReport(report: Report, secrets: readonly string[]): Report {
  const clean = (s: string): string => redactSecrets(s, secrets);
  return { ...report, target: clean(report.target), targets: report.targets.map(clean), checks: report.checks.map((c) => redactCheck(c, secrets)) };
}

/**
 * The human reporter prints the header now and each check the moment it finishes, so a slow
 * step (a DNS timeout) never leaves the screen blank; the JSON reporter prints once, at the end.
 */
export function startReport(targets: readonly string[], asJson: boolean, sink: Sink, secrets: readonly string[]): Reporter {
  if (asJson) return { check: () => undefined, finish: (report) => sink.stdout.write(`${JSON.stringify(redactReport(report, secrets), null, 2)}\n`) };
  const paint = painter(sink);
  const width = Math.max(...CHECK_IDS.map((id) => id.length));
  let section: string | undefined;
  sink.stdout.write(`atlas-pl-verify ${targets.map((t) => redactSecrets(t, secrets)).join(', ')}\n`);
  return {
    check: (result) => {
      const check = redactCheck(result, secrets);
      const lines: string[] = [];
      // With several SRV hosts, a heading line before each host's checks says which one they are about.
      if (targets.length > 1 && check.target !== undefined && check.target !== section) lines.push(`--- ${(section = check.target)}`);
      const mark = check.status === 'pass' ? paint('green', '[pass]') : check.status === 'fail' ? paint('red', '[FAIL]') : paint('dim', '[skip]');
      lines.push(`${mark} ${check.id.padEnd(width)}  ${check.message} ${paint('dim', `(${check.durationMs} ms)`)}`);
      if (check.diagnosis) lines.push(`       ${paint('bold', check.diagnosis.code)}: ${check.diagnosis.text}${check.diagnosis.see ? ` See ${check.diagnosis.see}` : ''}`);
      sink.stdout.write(`${lines.join('\n')}\n`);
    },
    finish: (report) => {
      const count = (status: CheckResult['status']): number => report.checks.filter((c) => c.status === status).length;
      const verdict = report.ok ? paint('green', 'OK') : paint('red', 'FAILED');
      sink.stdout.write(`${verdict}: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped in ${report.durationMs} ms\n`);
    },
  };
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

type Style = 'green' | 'red' | 'dim' | 'bold';

/**
 * Node decides whether stdout takes colour (a terminal, NO_COLOR and NODE_DISABLE_COLORS unset,
 * or FORCE_COLOR set; Node >= 20.18). One format per call: in Node 20 an array of formats skips
 * that decision and always emits the codes.
 */
function painter(sink: Sink): (style: Style, text: string) => string {
  return (style, text) => styleText(style, text, { stream: sink.stdout });
}
