/**
 * Runs the checks in order. A check that cannot run because an earlier one failed is skipped
 * with a reason naming that check; the whole run stays inside the global deadline.
 */
import type { Options } from './args';
import { diagnose } from './diagnoses';
import { checkControlPlane } from './probes/control-plane';
import { checkPrivateIps, probeAddresses, probeSrv, probeTxt } from './probes/dns';
import { probeCrud } from './probes/mongo';
import { endpointsOf, probeTcp } from './probes/tcp';
import { BoundedResolver } from './resolver';
import { displayTarget } from './uri';
import { fail, skip, type CheckId, type CheckResult, type Outcome, type Report, type ResolvedHost, type SrvTarget } from './types';

export async function runChecks(options: Options): Promise<Report> {
  const started = Date.now();
  const deadline = started + options.deadlineMs;
  const remaining = (): number => deadline - Date.now();
  // Each probe gets the smaller of --timeout and what is left of the run.
  const stepTimeout = (): number => Math.max(1, Math.min(options.timeoutMs, remaining()));
  const checks: CheckResult[] = [];
  const rootFailure = new Map<CheckId, CheckId>();

  const record = async (id: CheckId, blockedBy: CheckId[], probe: () => Outcome | Promise<Outcome>): Promise<CheckResult> => {
    const t0 = Date.now();
    const blocker = blockedBy.find((b) => checks.find((c) => c.id === b)?.status !== 'pass');
    let outcome: Outcome;
    if (blocker) {
      // Name the check that actually failed, not the skipped one in between.
      const root = rootFailure.get(blocker) ?? blocker;
      rootFailure.set(id, root);
      outcome = skip(`skipped: ${root} ${checks.find((c) => c.id === root)?.status === 'fail' ? 'failed' : 'did not run'}`);
    } else if (remaining() <= 0) outcome = fail(`not run: the run's deadline (${options.deadlineMs} ms) was reached`, diagnose('DEADLINE_EXCEEDED'));
    else outcome = await probe();
    const result: CheckResult = { id, ...outcome, durationMs: Date.now() - t0 };
    checks.push(result);
    return result;
  };

  const resolver = new BoundedResolver(options.dnsServers, stepTimeout());
  const host = options.uri.host;
  let targets: SrvTarget[] = [];
  let hosts: ResolvedHost[] = [];
  let reachable = 0;

  await record('control-plane', [], () => checkControlPlane(options.endpoints, options.outputsFile));
  const srv = await record('dns-srv', [], async () => {
    const r = await probeSrv(resolver, host, options.endpoints);
    targets = r.targets;
    return r.outcome;
  });
  // A dead DNS server would only cost another timeout on TXT and say nothing new.
  const dnsDead = srv.diagnosis?.code === 'DNS_UNREACHABLE';
  await record('dns-txt', dnsDead ? ['dns-srv'] : [], () => probeTxt(resolver, host));
  await record('dns-a', ['dns-srv'], async () => {
    const r = await probeAddresses(resolver, targets);
    hosts = r.hosts;
    return r.outcome;
  });
  // No packet goes to an address that is not the endpoint's.
  await record('private-ip', ['dns-a'], () => checkPrivateIps(hosts, options.expectedIps, options.allowLoopback));
  await record('tcp', ['private-ip'], async () => {
    const r = await probeTcp(endpointsOf(targets, hosts), stepTimeout());
    reachable = r.reachable;
    return r.outcome;
  });
  if (options.skipCrud) {
    checks.push({ id: 'crud', ...skip('skipped: --skip-crud given'), durationMs: 0 });
  } else {
    // The driver needs SRV and TXT and at least one reachable port; one closed port of three
    // still leaves a round trip worth proving.
    const tcpFailedAll = checks.find((c) => c.id === 'tcp')?.status === 'fail' && reachable === 0;
    await record('crud', ['dns-srv', 'dns-txt', 'private-ip', ...(tcpFailedAll ? (['tcp'] as CheckId[]) : [])], () =>
      probeCrud({
        uri: options.uri,
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
  return { ok: checks.every((c) => c.status !== 'fail'), target: displayTarget(options.uri), checks, durationMs: Date.now() - started };
}
