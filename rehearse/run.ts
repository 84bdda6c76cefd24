/**
 * The rehearsal: apply, network, DNS, database, prove (verifier, then --exec). Each step reports
 * live; a setup step that fails stops the run (exit 3), a broken path is exit 1. Everything it
 * starts is owned by a Stage, torn down on every exit path (see cli.ts for Ctrl-C).
 */
import { mkdirSync } from 'fs';
import { join } from 'path';
import type { Report } from '../verify/types';
import { applyOffline, ConfigRejected, type ApplyResult } from './apply';
import type { Options } from './args';
import { makeCerts, type Certs } from './certs';
import { isCustomDns, NoForwarding, planCustomDns, readForwarding, FORWARDER_ADDRESS, INTERNET_ADDRESS } from './custom-dns';
import { planDns, type Scenario, type ServedZone } from './dns';
import { startFakeAtlas } from './ferretdb';
import { serversFor } from './servers';
import { startKnot, type Forwarding } from './knot';
import { addAddresses, addLoopbackAddresses, writeResolvConf } from './netns';
import { runCommand } from './processes';
import type { Stage } from './stage';
import { MARKER_VAR, shortDirOf } from './runs';
import { checklistSteps, recordStep, type Reporter, type Step } from './steps';

export interface Tools {
  readonly terraform: string;
  readonly replayCliConfig: string;
  readonly ferretdb: string;
  readonly knotd: string;
  readonly verifierCli: string;
  readonly probe: string;
}

export interface ExecResult {
  readonly command: string;
  readonly code: number | null;
  readonly timedOut: boolean;
  /** The tail of its output (EXEC_KEEP_BYTES of stdout and of stderr). */
  readonly output: string;
  /** Bytes of output before that tail, not kept (the run's exec.log has up to 64 MiB). */
  readonly droppedBytes: number;
}

export interface Result {
  readonly ok: boolean;
  /**
   * 0 every step passed; 1 the private path (or --exec) is broken; 2 the constructs rejected the
   * config; 3 the rehearsal could not be set up.
   */
  readonly exitCode: 0 | 1 | 2 | 3;
  readonly scenario: Scenario;
  readonly strategy: string;
  /** Whether the strategy is expected to survive the scenario (docs/rehearse.md). */
  readonly survives: boolean;
  readonly dnsNote?: string;
  readonly uri?: string;
  /** The run's CA certificate (what NODE_EXTRA_CA_CERTS points at). */
  readonly caFile?: string;
  readonly steps: readonly Step[];
  readonly exec?: ExecResult;
  readonly verifier: readonly Report[];
  /** The secret to redact from everything printed. */
  readonly secrets: readonly string[];
}

/** Which DNS strategies survive each scenario (docs/rehearse.md has the reasons). */
export const SURVIVES: Record<Scenario, readonly string[]> = {
  default: ['host-zones', 'cluster-zone', 'none'],
  'no-public-dns': ['cluster-zone'],
  shadowed: ['cluster-zone'],
  // Forwarding exactly the <prefix>_dns_forwarding domains: host-zones' pl- zones (SRV/TXT from the
  // internet) and cluster-zone's <hash>.mongodb.net zone (it carries SRV/TXT). `none` has no zone,
  // so no resolver and no such output: the scenario is a config error for it (exit 2).
  'custom-dns': ['host-zones', 'cluster-zone'],
  // The internet has no private answer for the pl- hosts (model §M10.7): nothing survives.
  'custom-dns-not-forwarding': [],
};

export const USER = 'rehearse';
export const DB = 'rehearse';
const DNS_ADDRESS = '127.0.0.1';
const READY_MS = 20_000;
/** What is kept in memory of --exec's output: its tail (the summary shows the last 60 lines). */
export const EXEC_KEEP_BYTES = 64 * 1024;

class SetupFailed extends Error {
  constructor(
    message: string,
    readonly exitCode: 2 | 3,
  ) {
    super(message);
  }
}

export async function rehearse(options: Options, strategy: string, tools: Tools, stage: Stage, reporter: Reporter, password: string): Promise<Result> {
  const steps: Step[] = [];
  const verifier: Report[] = [];
  const base = { scenario: options.scenario, strategy, survives: SURVIVES[options.scenario].includes(strategy), secrets: [password] };
  let dnsNote: string | undefined;
  let uri: string | undefined;
  let caFile: string | undefined;

  const step = <T>(id: string, label: string, body: () => Promise<{ value: T; detail: string }>): Promise<T> =>
    recordStep(steps, reporter, id, label, body).catch((error: Error) => {
      throw new SetupFailed(error.message, error instanceof ConfigRejected ? 2 : 3);
    });
  const probe = async (targets: string[], what: string): Promise<void> => {
    const run = await runCommand(stage.children, [...stage.netns().exec, process.execPath, tools.probe, String(READY_MS), ...targets], { timeoutMs: READY_MS + 5000 });
    if (run.code !== 0) throw new Error(`${what}: ${run.stderr.trim() || `probe exited ${run.code}`}`);
  };

  /** One Knot of the Stage in the namespace (own folder and control socket), ready when every zone answers. */
  const serveKnot = async (name: string, address: string | readonly string[], zones: readonly ServedZone[], forwarding?: Forwarding, ready: string[] = []): Promise<void> => {
    const dir = join(stage.dir, name);
    mkdirSync(dir, { recursive: true });
    const knot = startKnot({
      bin: tools.knotd,
      dir,
      address,
      zones,
      forwarding,
      exec: stage.netns().exec,
      children: stage.children,
      detached: options.keep,
      controlSocket: join(shortDirOf(stage.id), `${name}.sock`),
    });
    const addresses = typeof address === 'string' ? [address] : address;
    try {
      await probe([...addresses.flatMap((a) => zones.map((z) => `dns:${a}:${z.name}`)), ...ready], name === 'knot' ? 'Knot did not serve every zone' : `Knot (${name}) did not serve every zone`);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${knot.log().trim()}`);
    }
  };
  /** The custom-DNS scenarios (custom-dns.ts): inbound endpoint, internet, and the forwarder the client asks. */
  const customDns = async (scenario: 'custom-dns' | 'custom-dns-not-forwarding', applied: ApplyResult): Promise<string> => {
    let entries;
    try {
      entries = readForwarding(applied.outputs, applied.outputPrefix);
    } catch (error) {
      if (error instanceof NoForwarding) throw new Error(`--scenario ${scenario}: ${error.message}`);
      throw error;
    }
    const plan = planCustomDns(applied.estate, scenario, entries);
    dnsNote = plan.note;
    addLoopbackAddresses(stage.netns(), plan.inbound.addresses);
    await serveKnot('knot', plan.inbound.addresses, plan.inbound.zones);
    await serveKnot('knot-internet', INTERNET_ADDRESS, plan.internet.zones);
    // Ready when the forwarder answers through both paths: the internet (.) and each forwarded domain.
    const through = ['.', ...plan.forwarding.conditional.map((c) => c.domain)].map((zone) => `dns:${FORWARDER_ADDRESS}:${zone}`);
    await serveKnot('knot-forwarder', FORWARDER_ADDRESS, [], plan.forwarding, through);
    return `custom DNS server (Knot forwarder) on ${FORWARDER_ADDRESS}:53; inbound endpoint ${plan.inbound.addresses.join(', ')}:53 (Azure DNS: private zones + public view); internet on ${INTERNET_ADDRESS}:53 (public view, no private pl- answers); ${plan.note}`;
  };

  try {
    const applied: ApplyResult = await step('apply', 'apply', async () => {
      const result = await applyOffline(options.config, options.world, stage.dir, tools, stage.children, shortDirOf(stage.id));
      const { endpoints, published } = result.estate;
      if (published.length === 0) throw new Error('Atlas published no private-endpoint connection string (the cluster data source has none): nothing to rehearse');
      return { value: result, detail: `${result.stackName}: ${endpoints.map((e) => `${e.key} ${e.ip}`).join(', ')}` };
    });
    const { estate } = applied;

    await step('network', 'network', async () => {
      const ns = stage.createNetns();
      const dev = addAddresses(ns, estate.endpoints.map((e) => e.ip));
      writeResolvConf(ns, DNS_ADDRESS);
      return { value: undefined, detail: `namespace ${ns.name}: ${estate.endpoints.map((e) => e.ip).join(', ')} on ${dev}; resolv.conf -> ${DNS_ADDRESS}` };
    });

    await step('dns', 'DNS from the state', async () => {
      if (isCustomDns(options.scenario)) {
        const detail = await customDns(options.scenario, applied);
        return { value: undefined, detail };
      }
      const plan = planDns(estate, options.scenario);
      dnsNote = plan.note;
      await serveKnot('knot', DNS_ADDRESS, plan.zones);
      const zones = plan.zones.map((z) => (z.name === '.' ? 'public view (.)' : `${z.origin} ${z.name}`)).join(', ');
      return { value: undefined, detail: `Knot on ${DNS_ADDRESS}:53: ${zones}; ${plan.note}` };
    });

    const certs: Certs = await step('database', 'database', async () => {
      const hosts = [...new Set(estate.published.flatMap((p) => p.targets.map((t) => t.host)))];
      const certsDir = join(stage.dir, 'certs');
      mkdirSync(certsDir, { recursive: true });
      const made = makeCerts(certsDir, hosts);
      const logDir = join(stage.dir, 'logs');
      mkdirSync(logDir, { recursive: true });
      const servers = serversFor(estate);
      // In the servers' order, not in the order they happen to come up (the detail is compared).
      const listening = servers.map(({ ip, ports }) => `${ip}:${ports.join(',')}`);
      await Promise.all(
        servers.map(async ({ host, ip, ports, replSetName }, i) => {
          await startFakeAtlas({
            bin: tools.ferretdb,
            dir: join(stage.dir, 'ferretdb', String(i)),
            hostName: host,
            replSetName,
            username: USER,
            password,
            certs: made,
            children: stage.children,
            ports,
            tlsIp: ip,
            // The plain listener member 0 needs (see ferretdb.ts) sits on the namespace's own loopback.
            plainIp: `127.0.1.${i + 1}`,
            exec: stage.netns().exec,
            logDir,
            detached: options.keep,
            waitReady: (addresses) => probe(addresses.map((a) => `tcp:${a}`), 'FerretDB did not listen'),
          });
        }),
      );
      caFile = made.caFile;
      return { value: made, detail: `FerretDB (TLS, CA of this run) on ${listening.join(' and ')}; SCRAM user ${USER}` };
    });

    // Labelled with the endpoint's key: two endpoints in one region are eastus2 and eastus2_2.
    const suffixOf = (key: string): string => (estate.published.length > 1 ? ` (${key})` : '');
    const keyOf = new Map(estate.endpoints.map((e) => [e.id, e.key]));
    for (const p of estate.published) {
      const url = `mongodb+srv://${USER}:${encodeURIComponent(password)}@${p.srvHost}/?retryWrites=true&w=majority`;
      uri ??= url;
      reporter.start(`verify ${p.srvHost}`);
      const run = await runCommand(
        stage.children,
        // The namespace's Knot stands in for Azure DNS (168.63.129.16), except behind a custom DNS server.
        [...stage.netns().exec, process.execPath, tools.verifierCli, '--outputs', applied.outputsFile, '--tls-ca-file', certs.caFile, '--db', DB, '--timeout', '3000', '--json', ...(isCustomDns(options.scenario) ? [] : ['--azure-resolver'])],
        { env: { PATH: process.env.PATH, HOME: process.env.HOME, MONGODB_URI: url, [MARKER_VAR]: process.env[MARKER_VAR] }, timeoutMs: 60_000 },
      );
      let report: Report;
      try {
        report = JSON.parse(run.stdout) as Report;
      } catch {
        const failed: Step = { id: 'verify', label: 'verifier', status: 'fail', detail: `atlas-pl-verify exited ${run.code} without a report: ${run.stderr.trim()}`, ms: run.ms };
        steps.push(failed);
        reporter.finish(failed);
        continue;
      }
      verifier.push(report);
      for (const s of checklistSteps(report, suffixOf(keyOf.get(p.endpointId) ?? p.srvHost))) {
        steps.push(s);
        reporter.finish(s);
      }
    }

    let exec: ExecResult | undefined;
    if (options.exec && uri) {
      reporter.start(`exec ${options.exec}`);
      const env = { ...process.env, MONGODB_URI: uri, MONGODB_DB: DB, NODE_EXTRA_CA_CERTS: certs.caFile };
      // Its own process group, judged by its own exit; the output's tail in memory, the rest in exec.log.
      const run = await runCommand(stage.children, [...stage.netns().exec, 'sh', '-c', options.exec], {
        cwd: options.cwd,
        env,
        timeoutMs: options.execTimeoutMs,
        group: true,
        keepBytes: EXEC_KEEP_BYTES,
        logFile: join(stage.dir, 'exec.log'),
      });
      exec = { command: options.exec, code: run.code, timedOut: run.timedOut, output: (run.stdout + run.stderr).trim(), droppedBytes: run.droppedBytes };
      const ok = run.code === 0 && !run.timedOut;
      const why = run.timedOut ? `timed out after ${options.execTimeoutMs / 1000} s` : run.code === null ? 'was killed' : `exited ${run.code}`;
      const s: Step = { id: 'exec', label: 'exec', status: ok ? 'pass' : 'fail', detail: `${options.exec} ${why}`, ms: run.ms };
      steps.push(s);
      reporter.finish(s);
    }
    const ok = steps.every((s) => s.status !== 'fail');
    return { ...base, ok, exitCode: ok ? 0 : 1, dnsNote, uri, caFile, steps, exec, verifier };
  } catch (error) {
    if (!(error instanceof SetupFailed)) throw error;
    return { ...base, ok: false, exitCode: error.exitCode, dnsNote, uri, caFile, steps, verifier };
  }
}
