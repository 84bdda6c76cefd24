/**
 * `--scenario <fault>` and `--scenario all`: apply ONCE, set up the namespace, DNS and database
 * once, then for each catalogue scenario re-stage only what differs (stager.ts) and prove it
 * twice, at the same time: the verifier must name the expected diagnosis, and the client
 * (`--exec`, by default examples/app.js) must meet the fault as an app would.
 */
import { mkdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { Report } from '../../verify/types';
import { applyOffline, ConfigRejected, type ApplyResult } from '../apply';
import type { Options } from '../args';
import { CATALOGUE, type Fault } from '../catalogue';
import { makeCerts } from '../certs';
import { addAddresses, writeResolvConf } from '../netns';
import { runCommand } from '../processes';
import type { Tools } from '../run';
import { DB, EXEC_KEEP_BYTES, USER } from '../run';
import { MARKER_VAR } from '../runs';
import type { Stage } from '../stage';
import { parseStandardString } from '../state';
import { recordStep, type Reporter, type Step } from '../steps';
import { reportedRefresher } from './refresh';
import { DNS_ADDRESS, findNft, Stager } from './stager';
import { worldFor, type Base, type Standard } from './world';

/** The client the catalogue's expectations are written for. */
export const DEFAULT_APP = 'node examples/app.js';

export interface ScenarioResult {
  readonly name: string;
  readonly expected: string;
  readonly check: string;
  /** The first failed check's diagnosis, or null when every check passed. */
  readonly diagnosed: { code: string; check: string; message: string; see?: string } | null;
  readonly client: { expected: 'fails' | 'works'; code: number | null; timedOut: boolean; output: string };
  readonly ok: boolean;
  /** Why it did not end as expected (empty when ok). */
  readonly why: readonly string[];
  readonly restaged: readonly string[];
  readonly ms: number;
  readonly verifier?: Report;
}

export interface CatalogueResult {
  readonly ok: boolean;
  readonly exitCode: 0 | 1 | 2 | 3;
  readonly steps: readonly Step[];
  readonly scenarios: readonly ScenarioResult[];
  readonly secrets: readonly string[];
}

/** The cluster's standard SRV string from the local state (the data source keeps it beside the private ones). */
function readStandard(apply: ApplyResult): Standard | undefined {
  try {
    const state = JSON.parse(readFileSync(join(apply.stackDir, 'terraform.tfstate'), 'utf8'));
    for (const r of state.resources ?? []) {
      if (r.mode !== 'data' || r.type !== 'mongodbatlas_advanced_cluster') continue;
      const cs = r.instances?.[0]?.attributes?.connection_strings?.[0];
      if (!cs?.standard_srv || !cs?.standard) continue;
      const parsed = parseStandardString(String(cs.standard));
      return { srvHost: String(cs.standard_srv).replace(/^mongodb\+srv:\/\//, '').replace(/\/.*$/, '').toLowerCase(), hosts: parsed.targets, txt: parsed.txt };
    }
  } catch {
    // no state file: the public-connection-string scenario says so
  }
  return undefined;
}

/** Judges one scenario: the expected code from the expected check, its evidence, and the client's behaviour. */
export function judge(fault: Fault, report: Report | undefined, client: ScenarioResult['client'], patterns: boolean): { diagnosed: ScenarioResult['diagnosed']; why: string[] } {
  const failed = report?.checks.find((c) => c.status === 'fail');
  const diagnosed = failed?.diagnosis ? { code: failed.diagnosis.code, check: failed.id, message: failed.message, see: failed.diagnosis.see } : null;
  const why: string[] = [];
  if (!report) why.push('the verifier gave no report');
  else if (!diagnosed) why.push(`the verifier found nothing wrong, expected ${fault.expected}`);
  else {
    if (diagnosed.code !== fault.expected || diagnosed.check !== fault.check) why.push(`the verifier said ${diagnosed.code} (${diagnosed.check}), expected ${fault.expected} (${fault.check})`);
    else if (!fault.evidence.test(diagnosed.message)) why.push(`the verifier's message does not name the evidence ${fault.evidence}: ${diagnosed.message}`);
  }
  const failedClient = client.timedOut || client.code !== 0;
  if (fault.client === 'fails' && !failedClient) why.push('the client worked, expected it to fail');
  if (fault.client === 'works' && failedClient) why.push(`the client failed (exit ${client.code}), expected it to work`);
  if (patterns && !fault.appPattern.test(client.output)) why.push(`the client's output does not match ${fault.appPattern}: ${client.output.split('\n').slice(-1)[0]}`);
  return { diagnosed, why };
}

export async function rehearseCatalogue(options: Options, faults: readonly Fault[], tools: Tools, stage: Stage, reporter: Reporter, password: string): Promise<CatalogueResult> {
  const steps: Step[] = [];
  const scenarios: ScenarioResult[] = [];
  const secrets = new Set([password]);
  const exec = options.exec ?? DEFAULT_APP;
  const patterns = exec === DEFAULT_APP;
  const setup = <T>(id: string, label: string, body: () => Promise<{ value: T; detail: string }>): Promise<T> =>
    recordStep(steps, reporter, id, label, body).catch((error: Error) => {
      throw Object.assign(error, { exitCode: error instanceof ConfigRejected ? 2 : 3 });
    });
  try {
    const applied = await setup('apply', 'apply', async () => {
      const result = await applyOffline(options.config, options.world, stage.dir, tools, stage.children);
      if (result.estate.published.length === 0) throw new Error('Atlas published no private-endpoint connection string: nothing to rehearse');
      return { value: result, detail: `${result.stackName}: ${result.estate.endpoints.map((e) => `${e.key} ${e.ip}`).join(', ')} (applied once for ${faults.length} scenario(s))` };
    });
    const { estate } = applied;
    await setup('network', 'network', async () => {
      const ns = stage.createNetns();
      const dev = addAddresses(ns, estate.endpoints.map((e) => e.ip));
      writeResolvConf(ns, DNS_ADDRESS);
      return { value: undefined, detail: `namespace ${ns.name}: ${estate.endpoints.map((e) => e.ip).join(', ')} on ${dev}` };
    });
    const certs = await setup('certs', 'certificates', async () => {
      const dir = join(stage.dir, 'certs');
      mkdirSync(dir, { recursive: true });
      return { value: makeCerts(dir, [...new Set(estate.published.flatMap((p) => p.targets.map((t) => t.host)))]), detail: 'CA of this run, server certificate for the pl- hosts' };
    });
    const base: Base = { estate, outputs: JSON.parse(readFileSync(applied.outputsFile, 'utf8')), user: USER, password, standard: readStandard(applied) };
    const stager = new Stager(stage, { knotd: tools.knotd, ferretdb: tools.ferretdb, probe: tools.probe, nft: findNft() }, estate, certs, USER, password, join(stage.dir, 'scenario-outputs.json'), reportedRefresher(applied, options.world, tools, stage.children));

    for (const fault of faults) {
      reporter.start(`scenario ${fault.name}`);
      const t0 = Date.now();
      const world = worldFor(fault.name, base);
      for (const s of world.secrets) secrets.add(s);
      let restaged: string[];
      try {
        restaged = await stager.apply(world);
      } catch (error) {
        const s: Step = { id: `stage-${fault.name}`, label: `stage ${fault.name}`, status: 'fail', detail: (error as Error).message, ms: Date.now() - t0 };
        steps.push(s);
        reporter.finish(s);
        return { ok: false, exitCode: 3, steps, scenarios, secrets: [...secrets] };
      }
      // The verifier and the client run side by side: each is bounded, neither waits for the other.
      const [verify, client] = await Promise.all([
        runCommand(
          stage.children,
          [...stage.netns().exec, process.execPath, tools.verifierCli, '--outputs', stager.outputsFile, '--tls-ca-file', certs.caFile, '--db', DB, '--timeout', '3000', '--json', '--azure-resolver'],
          // The namespace's resolver stands in for Azure DNS (168.63.129.16): --azure-resolver.
          { env: { PATH: process.env.PATH, HOME: process.env.HOME, MONGODB_URI: world.uri, [MARKER_VAR]: process.env[MARKER_VAR] }, timeoutMs: 60_000 },
        ),
        runCommand(stage.children, [...stage.netns().exec, 'sh', '-c', exec], {
          cwd: options.cwd,
          env: { ...process.env, MONGODB_URI: world.uri, MONGODB_DB: DB, NODE_EXTRA_CA_CERTS: certs.caFile },
          timeoutMs: options.execTimeoutMs,
          group: true,
          keepBytes: EXEC_KEEP_BYTES,
          logFile: join(stage.dir, `exec-${fault.name}.log`),
        }),
      ]);
      let report: Report | undefined;
      try {
        report = JSON.parse(verify.stdout) as Report;
      } catch {
        report = undefined;
      }
      const clientResult = { expected: fault.client, code: client.code, timedOut: client.timedOut, output: (client.stdout + client.stderr).trim() };
      const { diagnosed, why } = judge(fault, report, clientResult, patterns);
      if (!report) why.push(`atlas-pl-verify exited ${verify.code}: ${verify.stderr.trim().slice(0, 500)}`);
      const result: ScenarioResult = { name: fault.name, expected: fault.expected, check: fault.check, diagnosed, client: clientResult, ok: why.length === 0, why, restaged, ms: Date.now() - t0, verifier: report };
      scenarios.push(result);
      const s: Step = {
        id: `scenario-${fault.name}`,
        label: fault.name,
        status: result.ok ? 'pass' : 'fail',
        detail: `${diagnosed ? `${diagnosed.code} (${diagnosed.check})` : 'no diagnosis'}; client ${clientSummary(clientResult)}${why.length ? `; NOT AS EXPECTED: ${why.join('; ')}` : ''}; staged: ${restaged.join(', ') || 'outputs only'} in ${((Date.now() - t0 - Math.max(verify.ms, client.ms)) / 1000).toFixed(1)} s`,
        ms: result.ms,
      };
      steps.push(s);
      reporter.finish(s);
    }
    const ok = scenarios.every((s) => s.ok);
    return { ok, exitCode: ok ? 0 : 1, steps, scenarios, secrets: [...secrets] };
  } catch (error) {
    const code = (error as { exitCode?: 2 | 3 }).exitCode;
    if (code === undefined) throw error;
    return { ok: false, exitCode: code, steps, scenarios, secrets: [...secrets] };
  }
}

/** "worked" or "failed: <its last line>". */
export function clientSummary(client: ScenarioResult['client']): string {
  if (client.timedOut) return 'timed out';
  const last = client.output.split('\n').filter(Boolean).slice(-1)[0] ?? '';
  return client.code === 0 ? 'worked' : `failed: ${last.replace(/^app: /, '')}`;
}

export const ALL = CATALOGUE;
