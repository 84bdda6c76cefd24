/**
 * Runs the checks in order: control-plane once, then the DNS-to-driver chain for every SRV host.
 * A check that cannot run because an earlier one failed is skipped with a reason naming that
 * check; the whole run stays inside the global deadline. Each result is handed to `onCheck` as
 * soon as it is known, so a terminal shows progress during a slow step.
 */
import type { Options } from './args';
import { diagnose } from './diagnoses';
import { checkControlPlane } from './probes/control-plane';
import { probeAddresses, probeSrv, probeTxt } from './probes/dns';
import { probeCrud } from './probes/mongo';
import { sharpenPublicIp } from './probes/connection-string';
import { checkPrivateIps } from './probes/private-ip';
import { endpointsOf, probeTcp } from './probes/tcp';
import { ownersOf, srvHostOf } from './endpoint-match';
import { BoundedResolver } from './resolver';
import { displayTarget, type SrvUri } from './uri';
import { fail, skip, type CheckId, type CheckResult, type Outcome, type Report, type ResolvedHost, type SrvTarget } from './types';

/** Records one check; a ready Outcome (a skip the user asked for) is taken as is, even past the deadline. */
type Recorder = (id: CheckId, blockedBy: CheckId[], probe: Outcome | (() => Outcome | Promise<Outcome>)) => Promise<CheckResult>;

export async function runChecks(options: Options, onCheck: (check: CheckResult) => void = () => undefined): Promise<Report> {
  const started = Date.now();
  const deadline = started + options.deadlineMs;
  const remaining = (): number => deadline - Date.now();
  const checks: CheckResult[] = [];

  /** A recorder per SRV host: skip reasons only look at that host's own checks. */
  const recorder = (target?: string): Recorder => {
    const own: CheckResult[] = [];
    const rootFailure = new Map<CheckId, CheckId>();
    return async (id, blockedBy, probe) => {
      const t0 = Date.now();
      const blocker = blockedBy.find((b) => own.find((c) => c.id === b)?.status !== 'pass');
      let outcome: Outcome;
      if (typeof probe !== 'function') outcome = probe;
      else if (blocker) {
        // Name the check that actually failed, not the skipped one in between.
        const root = rootFailure.get(blocker) ?? blocker;
        rootFailure.set(id, root);
        outcome = skip(`skipped: ${root} ${own.find((c) => c.id === root)?.status === 'fail' ? 'failed' : 'did not run'}`);
      } else if (remaining() <= 0) outcome = fail(`not run: the run's deadline (${options.deadlineMs} ms) was reached`, diagnose('DEADLINE_EXCEEDED'));
      else outcome = await probe();
      const result: CheckResult = { id, ...(target ? { target } : {}), ...outcome, durationMs: Date.now() - t0 };
      own.push(result);
      checks.push(result);
      onCheck(result);
      return result;
    };
  };

  const resolver = new BoundedResolver(options.dnsServers, Math.max(1, Math.min(options.timeoutMs, remaining())));
  await recorder()('control-plane', [], () => checkControlPlane(options.endpoints, options.outputsFile));
  for (const uri of options.targets) await checkTarget(uri, options, resolver, remaining, recorder(displayTarget(uri)));
  return {
    ok: checks.every((c) => c.status !== 'fail'),
    target: options.targets.length > 0 ? displayTarget(options.targets[0]) : '',
    targets: options.targets.map(displayTarget),
    checks,
    durationMs: Date.now() - started,
  };
}

async function checkTarget(uri: SrvUri, options: Options, resolver: BoundedResolver, remaining: () => number, record: Recorder): Promise<void> {
  // Each probe gets the smaller of --timeout and what is left of the run.
  const stepTimeout = (): number => Math.max(1, Math.min(options.timeoutMs, remaining()));
  let targets: SrvTarget[] = [];
  let hosts: ResolvedHost[] = [];
  let reachable = 0;

  const srv = await record('dns-srv', [], async () => {
    const r = await probeSrv(resolver, uri.host, options.endpoints);
    targets = r.targets;
    return r.outcome;
  });
  // A dead DNS server would only cost another timeout on TXT and say nothing new.
  const dnsDead = srv.diagnosis?.code === 'DNS_UNREACHABLE';
  await record('dns-txt', dnsDead ? ['dns-srv'] : [], () => probeTxt(resolver, uri.host));
  // Hosts the outputs list for this SRV string are resolved too, even if the SRV answer omits one.
  const listed = options.endpoints.filter((e) => srvHostOf(e.srvConnectionString) === uri.host).flatMap((e) => e.hosts ?? []);
  await record('dns-a', ['dns-srv'], async () => {
    const owned = (name: string): boolean => listed.includes(name) || ownersOf(name, options.endpoints) !== undefined;
    const r = await probeAddresses(resolver, targets, listed, uri.host, options.azureResolver, owned);
    hosts = r.hosts;
    return r.outcome;
  });
  // No packet goes to an address that is not the endpoint's.
  await record('private-ip', ['dns-a'], () => sharpenPublicIp(checkPrivateIps(hosts, options.expectations), uri.host, options.endpoints));
  const tcp = await record('tcp', ['private-ip'], async () => {
    const r = await probeTcp(endpointsOf(targets, hosts), stepTimeout());
    reachable = r.reachable;
    return r.outcome;
  });
  if (options.skipCrud) {
    await record('crud', [], skip('skipped: --skip-crud given'));
    return;
  }
  // The driver needs SRV and TXT and at least one reachable port; one closed port of three
  // still leaves a round trip worth proving.
  const tcpFailedAll = tcp.status === 'fail' && reachable === 0;
  await record('crud', ['dns-srv', 'dns-txt', 'private-ip', ...(tcpFailedAll ? (['tcp'] as CheckId[]) : [])], () =>
    probeCrud({
      uri,
      resolver,
      dnsServers: options.dnsServers,
      timeoutMs: stepTimeout(),
      budgetMs: Math.max(1, remaining()),
      db: options.db,
      collection: options.collection,
      tlsCaFile: options.tlsCaFile,
    }),
  );
}
