/** Printing of the catalogue run: one table (human) or one JSON document; every string redacted. */
import type { Options } from '../args';
import { redactor, scenarioName } from '../report';
import { clientSummary, type CatalogueResult } from './run-catalogue';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function catalogueTable(result: CatalogueResult): string {
  const rows = result.scenarios.map((s) => [s.name, s.expected, s.diagnosed?.code ?? '-', clientSummary(s.client), seconds(s.ms), s.ok ? 'ok' : 'NOT AS EXPECTED']);
  const head = ['scenario', 'expected', 'diagnosed', 'client result', 'time', ''];
  const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 3)}...` : text);
  const cells = [head, ...rows].map((r) => r.map((c, i) => (i === 3 ? clip(c, 72) : c)));
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r) => r.map((c, i) => (i === 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

export function printCatalogueSummary(stream: NodeJS.WritableStream, result: CatalogueResult, totalMs: number): void {
  const redact = redactor(result.secrets);
  stream.write(`\n${redact(catalogueTable(result))}\n`);
  for (const s of result.scenarios.filter((x) => !x.ok)) stream.write(`\n${s.name}: ${redact(s.why.join('; '))}\n`);
  const n = result.scenarios.length;
  const good = result.scenarios.filter((s) => s.ok).length;
  const status = result.exitCode === 0 ? `OK: ${n} scenario(s) ended as expected` : result.exitCode === 1 ? `FAILED: ${n - good} of ${n} scenario(s) did not end as expected` : 'ERROR: the rehearsal could not be set up';
  stream.write(`\n${status} in ${seconds(totalMs)}\n`);
}

export function printCatalogueJson(stream: NodeJS.WritableStream, options: Options, result: CatalogueResult, totalMs: number, swept: readonly string[]): void {
  const redact = redactor(result.secrets);
  const doc = { ok: result.ok, exitCode: result.exitCode, config: options.config, scenario: scenarioName(options), steps: result.steps, scenarios: result.scenarios, swept, durationMs: totalMs };
  stream.write(`${redact(JSON.stringify(doc, null, 2))}\n`);
}
