/**
 * All printing of the rehearsal: live steps on a terminal (a pending line replaced by its
 * result), plain lines otherwise, a summary table at the end, or one JSON document (--json).
 * Every string passes through redact(): the run's password never reaches any output.
 */
import { relative } from 'path';
import type { Options } from './args';
import type { Result } from './run';
import type { Kept } from './stage';
import type { Reporter, Step } from './steps';

const color = (code: number, text: string, on: boolean): string => (on ? `\x1b[${code}m${text}\x1b[0m` : text);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function redactor(secrets: readonly string[]): (text: string) => string {
  return (text) => {
    let out = text.replace(/(mongodb(?:\+srv)?:\/\/)[^@/\s]+@/g, '$1<credentials>@');
    for (const s of secrets) if (s) out = out.split(s).join('<password>').split(encodeURIComponent(s)).join('<password>');
    return out;
  };
}

export function humanReporter(stream: NodeJS.WriteStream, redact: (t: string) => string): Reporter {
  const tty = stream.isTTY === true && !process.env.NO_COLOR;
  const mark = (s: Step): string => (s.status === 'pass' ? color(32, '[pass]', tty) : s.status === 'fail' ? color(31, '[FAIL]', tty) : color(2, '[skip]', tty));
  let pending = false;
  return {
    start(label) {
      if (!tty) return;
      stream.write(`${color(2, '[ .. ]', tty)} ${label} ...`);
      pending = true;
    },
    finish(step) {
      if (pending) stream.write('\r\x1b[K');
      pending = false;
      stream.write(`${mark(step)} ${step.label.padEnd(28)} ${redact(step.detail)} ${color(2, `(${seconds(step.ms)})`, tty)}\n`);
      if (step.diagnosis) stream.write(`       ${step.diagnosis.code}: ${redact(step.diagnosis.text)}\n`);
    },
  };
}

export const silentReporter: Reporter = { start: () => undefined, finish: () => undefined };

/** The --scenario given: a DNS scenario, one fault, or `all`. */
export const scenarioName = (options: Options): string => (options.faults ? (options.faults.length > 1 ? 'all' : options.faults[0]) : options.scenario);

export function printHeader(stream: NodeJS.WriteStream, options: Options, strategy: string): void {
  const shown = relative(options.cwd, options.config);
  const scenario = options.faults && options.faults.length > 1 ? `all (${options.faults.length} faults of the catalogue)` : scenarioName(options);
  stream.write(`atlas-pl rehearse: ${shown.startsWith('..') ? options.config : shown} (dns strategy ${strategy}), scenario ${scenario}\n`);
}

export function printSummary(stream: NodeJS.WriteStream, result: Result, totalMs: number, kept?: Kept): void {
  const redact = redactor(result.secrets);
  if (result.exec && result.exec.output) {
    const dropped = result.exec.droppedBytes ? `(${result.exec.droppedBytes} earlier bytes not kept)\n` : '';
    stream.write(`\n--- output of ${redact(result.exec.command)} ---\n${dropped}${redact(tail(result.exec.output, 60))}\n---\n`);
  }
  stream.write(`\n${'step'.padEnd(30)}${'status'.padEnd(8)}${'time'.padStart(8)}  diagnosis\n`);
  for (const s of result.steps) stream.write(`${s.label.padEnd(30)}${s.status.padEnd(8)}${seconds(s.ms).padStart(8)}  ${s.diagnosis?.code ?? ''}\n`);
  if (result.uri) stream.write(`\nURI: ${redact(result.uri)} (user ${'rehearse'}, password of this run, CA of this run)\n`);
  const verdict = result.survives ? `the ${result.strategy} strategy is expected to survive ${result.scenario}` : `the ${result.strategy} strategy is NOT expected to survive ${result.scenario}`;
  const status = ['OK: every step passed', 'FAILED: the private path is broken', 'ERROR: the constructs rejected the config', 'ERROR: the rehearsal could not be set up'][result.exitCode];
  stream.write(`${status} in ${seconds(totalMs)} (${verdict})\n`);
  if (kept) {
    stream.write(`\nkept running (--keep):\n  enter:     ${kept.enter}\n`);
    if (kept.envFile) stream.write(`  env file:  ${kept.envFile} (MONGODB_URI with the run's user and password, MONGODB_DB, NODE_EXTRA_CA_CERTS)\n`);
    stream.write(`  tear down: ${kept.teardown}   (or: npm run rehearse -- --cleanup)\n`);
  }
}

/** --json after Ctrl-C: what finished before the signal, and that the run was interrupted. */
export function printInterruptedJson(stream: NodeJS.WriteStream, options: Options, signal: NodeJS.Signals, steps: readonly Step[], totalMs: number, redact: (t: string) => string): void {
  const doc = { ok: false, interrupted: signal, exitCode: 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15), config: options.config, scenario: scenarioName(options), steps, durationMs: totalMs };
  stream.write(`${redact(JSON.stringify(doc, null, 2))}\n`);
}

export function printJson(stream: NodeJS.WriteStream, options: Options, result: Result, totalMs: number, kept?: Kept, swept: readonly string[] = []): void {
  const redact = redactor(result.secrets);
  const doc = {
    ok: result.ok,
    exitCode: result.exitCode,
    config: options.config,
    scenario: result.scenario,
    strategy: result.strategy,
    strategySurvivesScenario: result.survives,
    dns: result.dnsNote,
    uri: result.uri,
    steps: result.steps,
    exec: result.exec,
    verifier: result.verifier,
    kept,
    swept,
    durationMs: totalMs,
  };
  stream.write(`${redact(JSON.stringify(doc, null, 2))}\n`);
}

export function printError(stream: NodeJS.WriteStream, message: string): void {
  stream.write(`atlas-pl rehearse: ${message}\n`);
}

function tail(text: string, lines: number): string {
  const all = text.split('\n');
  return all.length <= lines ? text : [`... (${all.length - lines} earlier lines)`, ...all.slice(-lines)].join('\n');
}
