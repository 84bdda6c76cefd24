/** cli.ts's one hook for the catalogue: run it, print the table or the JSON, return the exit status. */
import type { Options } from '../args';
import { faultNamed, type Fault } from '../catalogue';
import { printError } from '../report';
import type { Tools } from '../run';
import type { Stage } from '../stage';
import type { Reporter } from '../steps';
import { printCatalogueJson, printCatalogueSummary } from './report';
import { rehearseCatalogue } from './run-catalogue';

export async function runFaults(options: Options, tools: Tools, stage: Stage, reporter: Reporter, password: string, started: number, swept: readonly string[], interrupted: () => boolean): Promise<number> {
  const faults = (options.faults ?? []).map((name) => faultNamed(name)).filter((f): f is Fault => f !== undefined);
  const result = await rehearseCatalogue(options, faults, tools, stage, reporter, password);
  if (interrupted()) return await new Promise<never>(() => undefined); // the signal handler exits
  const total = Date.now() - started;
  if (options.json) printCatalogueJson(process.stdout, options, result, total, swept);
  else printCatalogueSummary(process.stdout, result, total);
  if (result.exitCode === 2) printError(process.stderr, `--config: ${result.steps.find((s) => s.id === 'apply')?.detail ?? 'rejected'}`);
  return result.exitCode;
}
