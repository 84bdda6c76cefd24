/**
 * The fault catalogue end to end (needs root; CI runs as root): ONE `--scenario all` rehearsal
 * (one apply, each scenario re-staged in the namespace) is shared by a test per scenario, each
 * checking the verifier's code and evidence and how the unmodified client (examples/app.js)
 * met the fault; then one scenario alone, in human form, with its table. Nothing may be left,
 * and no password (the run's, or the wrong one of wrong-password) may be printed.
 */
import { readdirSync } from 'fs';
import { CATALOGUE } from '../../rehearse/catalogue';
import { APP, canRehearse, leftoverNamespaces, processesUsing, rehearse, removeTmpRoot, type RehearsalRun } from './support';

const describeRoot = canRehearse() || process.env.CI === 'true' ? describe : describe.skip;
if (!canRehearse() && process.env.CI !== 'true') console.warn('SKIPPING fault-catalogue rehearsal tests: they need root and iproute2 (network namespaces)');

afterAll(() => removeTmpRoot());

function expectTornDown(run: RehearsalRun): void {
  expect(run.stdout + run.stderr).not.toMatch(/rehearse:[^<\s]/);
  expect(leftoverNamespaces(run.pid)).toEqual([]);
  expect(processesUsing(run.tmp)).toEqual([]);
  expect(readdirSync(run.tmp)).toEqual([]);
}

const failure = (run: RehearsalRun): string => `exit ${run.code}\n--- stdout ---\n${run.stdout.slice(-6000)}\n--- stderr ---\n${run.stderr.slice(-3000)}`;

describeRoot('npm run rehearse -- --scenario all (the fault catalogue on one apply)', () => {
  let run: RehearsalRun;
  const scenario = (name: string): any => run.json?.scenarios?.find((s: { name: string }) => s.name === name);

  beforeAll(async () => {
    run = await rehearse(['--scenario', 'all', '--json', '--exec', APP], { timeoutMs: 280_000 });
  }, 300_000);

  it('applies once, runs every scenario in catalogue order, exits 0 only because each ended as expected, and leaves nothing', () => {
    if (run.code !== 0) throw new Error(failure(run));
    expect(run.json.scenario).toBe('all');
    expect(run.json.steps.filter((s: { id: string }) => s.id === 'apply')).toHaveLength(1);
    expect(run.json.scenarios.map((s: { name: string }) => s.name)).toEqual(CATALOGUE.map((f) => f.name));
    expect(run.json.scenarios.every((s: { ok: boolean }) => s.ok)).toBe(true);
    expectTornDown(run);
  });

  it.each(CATALOGUE.map((f) => [f.name, f] as const))('%s: the verifier names it and the client meets it as an app would', (name, fault) => {
    const s = scenario(name);
    expect(s).toBeDefined();
    expect({ code: s.diagnosed?.code, check: s.diagnosed?.check }).toEqual({ code: fault.expected, check: fault.check });
    expect(s.diagnosed.message).toMatch(fault.evidence);
    expect(s.diagnosed.see).toBe(`docs/troubleshooting.md#code-${fault.expected.toLowerCase().replace(/_/g, '-')}`);
    if (fault.client === 'fails') expect(s.client.code).not.toBe(0);
    else expect(s.client.code).toBe(0);
    expect(s.client.output).toMatch(fault.appPattern);
    // --json carries the verifier's whole report beside the client's result.
    expect(s.verifier.checks.find((c: { id: string }) => c.id === fault.check).diagnosis.code).toBe(fault.expected);
  });

  it('endpoint-pending and endpoint-rejected read the outputs of a refresh on the replay provider, once each; no other scenario refreshes', () => {
    const refreshes = run.json.scenarios.flatMap((s: { name: string; restaged: string[] }) => s.restaged.filter((r) => /refresh/.test(r)).map((r) => `${s.name}: ${r}`));
    expect(refreshes).toEqual([
      'endpoint-pending: refresh-only apply (Atlas reports INITIATING; Azure reports the connection Pending)',
      'endpoint-rejected: refresh-only apply (Azure reports the connection Rejected)',
    ]);
    // What the engine made of it: Azure's state read by the data source; Atlas' registration kept
    // AVAILABLE with its string (rejected), or INITIATING with no private string (pending, model §M5.1).
    expect(scenario('endpoint-rejected').diagnosed.message).toBe('atlas_pl_eastus2_endpoint.connection_status=Rejected');
    expect(scenario('endpoint-pending').diagnosed.message).toBe(
      'atlas_pl_eastus2_endpoint.connection_status=Pending, atlas_pl_eastus2_atlas_status=INITIATING; atlas_pl_eastus2_endpoint.srv_connection_string is empty',
    );
  });

  it('stale-a-record names both IPs; ports-blocked names the ports; dns-down answers within the timeout', () => {
    // The stack declares the self-describing endpoint object, so the verifier names its field.
    expect(scenario('stale-a-record').diagnosed.message).toMatch(/pl-0-eastus2\.abc12\.mongodb\.net -> 10\.20\.1\.5; expected 10\.20\.1\.4 \(atlas_pl_eastus2_endpoint\.private_ip\)/);
    expect(scenario('ports-blocked').diagnosed.message).toMatch(/:1024 \(10\.20\.1\.4:1024\): no answer within 3000 ms; .*:1025 .*:1026/);
    expect(scenario('member-down').diagnosed.message).toBe('2/3 reachable; pl-0-eastus2.abc12.mongodb.net:1026 (10.20.1.4:1026): ECONNREFUSED');
    const srv = scenario('dns-down').verifier.checks.find((c: { id: string }) => c.id === 'dns-srv');
    expect(srv.durationMs).toBeLessThan(3000);
  });
});

describeRoot('npm run rehearse -- --scenario <fault>, alone', () => {
  it('wrong-password: the table with scenario, expected, diagnosed, client result and time; no password printed', async () => {
    const run = await rehearse(['--scenario', 'wrong-password', '--exec', APP], { timeoutMs: 120_000 });
    if (run.code !== 0) throw new Error(failure(run));
    expect(run.stdout).toMatch(/^scenario +expected +diagnosed +client result +time$/m);
    expect(run.stdout).toMatch(/^wrong-password +AUTH_FAILED +AUTH_FAILED +failed: MongoServerError: Authentication failed\. +[\d.]+ s +ok$/m);
    expect(run.stdout).toMatch(/^OK: 1 scenario\(s\) ended as expected in [\d.]+ s$/m);
    expectTornDown(run);
  }, 130_000);

  it('a scenario that does not end as expected fails the run (exit 1) and says why: here a client that ignores the fault', async () => {
    const run = await rehearse(['--scenario', 'dns-down', '--json', '--exec', 'true'], { timeoutMs: 120_000 });
    if (run.code !== 1) throw new Error(failure(run));
    expect(run.json.scenario).toBe('dns-down');
    const [s] = run.json.scenarios;
    expect(s).toMatchObject({ name: 'dns-down', ok: false, diagnosed: { code: 'DNS_UNREACHABLE' }, client: { code: 0 } });
    // A command of your own is judged by its exit status only, not by the app's error text.
    expect(s.why).toEqual(['the client worked, expected it to fail']);
    expectTornDown(run);
  }, 130_000);
});
