/**
 * npm run rehearse on config/landing-zone.json (spoke endpoints, hub DNS and resolver; needs root
 * for the namespace): the default scenario, and the two custom-DNS scenarios that put a real
 * forwarder (Knot's mod-dnsproxy) between the client and the zones (rehearse/custom-dns.ts).
 * The five rehearsals run two at a time in beforeAll (each applies, ~8 s on an idle machine);
 * the tests read their results.
 */
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { REPO_ROOT } from '../harness/run-verifier';
import { APP, canRehearse, expectCode, expectTornDown, leftoverNamespaces, newTmp, processesUsing, rehearse, removeTmpRoot, statusOf, type RehearsalRun } from './support';

const describeRoot = canRehearse() || process.env.CI === 'true' ? describe : describe.skip;
if (!canRehearse() && process.env.CI !== 'true') console.warn('SKIPPING landing-zone rehearsal tests: they need root and iproute2 (network namespaces)');

const CONFIG = 'config/landing-zone.json';
const EAST_SUB = '5b2e8f14-7c3a-4d9b-a1e6-3f8c0d2b7a95';
const WEST_SUB = '9d6a3c71-2e8b-4f05-b4c7-6a1e9f3d8b20';
const PASSING = ['apply', 'network', 'dns', 'database', 'approved', 'srv', 'a', 'tcp', 'crud', 'exec'];
const APP_OK = 'app: insert, update, read (qty 2), delete in rehearse.orders: ok';

const step = (run: RehearsalRun, id: string): { status: string; detail: string; diagnosis?: { code: string } } => run.json.steps.find((s: { id: string }) => s.id === id);

/** landing-zone.json with the cluster-zone strategy (one <hash>.mongodb.net zone carrying SRV/TXT). */
function clusterZoneConfig(): string {
  const config = JSON.parse(readFileSync(join(REPO_ROOT, CONFIG), 'utf8'));
  config.dns.strategy = 'cluster-zone';
  const file = join(newTmp('config-'), 'landing-zone-cluster-zone.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describeRoot('npm run rehearse --config config/landing-zone.json', () => {
  let plain: RehearsalRun;
  let notForwarding: RehearsalRun;
  let kept: RehearsalRun;
  let clusterZone: RehearsalRun;
  let teardown: string | undefined;

  beforeAll(async () => {
    [plain, notForwarding] = await Promise.all([
      rehearse(['--config', CONFIG, '--json', '--exec', APP]),
      rehearse(['--config', CONFIG, '--scenario', 'custom-dns-not-forwarding', '--json', '--exec', APP]),
    ]);
    [kept, clusterZone] = await Promise.all([
      rehearse(['--config', CONFIG, '--scenario', 'custom-dns', '--keep', '--json', '--exec', APP]),
      rehearse(['--config', clusterZoneConfig(), '--scenario', 'custom-dns', '--json', '--exec', APP]),
    ]);
    teardown = kept.json?.kept?.teardown;
  }, 400_000);

  afterAll(() => {
    // The printed command, as a user would paste it (minus sudo: we are root).
    if (teardown) execFileSync('sh', ['-c', teardown.replace(/^sudo /, '')], { timeout: 20_000 });
    removeTmpRoot();
  });

  it('default scenario: every step passes, with each endpoint on its spoke IP', () => {
    expectCode(plain, 0);
    expect(statusOf(plain)).toEqual(Object.fromEntries(PASSING.map((id) => [id, 'pass'])));
    expect(step(plain, 'apply').detail).toBe('atlas-private-link-landing-zone: eastus2 10.40.1.4, westus2 10.82.178.4');
    expect(step(plain, 'a').detail).toContain('pl-0-eastus2.abc12.mongodb.net -> 10.40.1.4, atlas_pl_eastus2; pl-0-westus2.abc12.mongodb.net -> 10.82.178.4, atlas_pl_westus2');
    expect(plain.json.exec.output).toBe(APP_OK);
    expectTornDown(plain);
  });

  it('custom-dns (host-zones): the forwarder sends exactly the pl- zones of <prefix>_dns_forwarding to the inbound IP, the verifier (no --azure-resolver) and the app pass', () => {
    expectCode(kept, 0);
    expect(statusOf(kept)).toEqual(Object.fromEntries(PASSING.map((id) => [id, 'pass'])));
    expect(kept.json.strategySurvivesScenario).toBe(true);
    expect(kept.json.dns).toBe('the custom DNS server forwards pl-0-eastus2.abc12.mongodb.net, pl-0-westus2.abc12.mongodb.net to 10.0.2.4 (the inbound endpoint) and every other name to the internet');
    expect(step(kept, 'dns').detail).toMatch(/^custom DNS server \(Knot forwarder\) on 127\.0\.0\.1:53; inbound endpoint 10\.0\.2\.4:53 /);
    expect(kept.json.exec.output).toBe(APP_OK);
  });

  it('custom-dns --keep: the outputs the forwarder read name the spoke endpoints and the hub resolver; all three Knot servers stay until the printed tear-down', () => {
    const { enter } = kept.json.kept as { enter: string };
    const ns = /ip netns exec (\S+) bash$/.exec(enter)?.[1] ?? '';
    const runDir = readdirSync(kept.tmp).find((d) => d.startsWith('atlas-pl-rehearse-')) ?? '';
    const outputs = JSON.parse(readFileSync(join(kept.tmp, runDir, 'outputs.json'), 'utf8'));
    expect(outputs.atlas_pl_dns_forwarding.value).toEqual([
      { domain: 'pl-0-eastus2.abc12.mongodb.net', forward_to: ['10.0.2.4'] },
      { domain: 'pl-0-westus2.abc12.mongodb.net', forward_to: ['10.0.2.4'] },
    ]);
    expect(outputs.atlas_pl_eastus2_private_endpoint_id.value).toMatch(new RegExp(`^/subscriptions/${EAST_SUB}/resourceGroups/rg-orders-east/providers/Microsoft.Network/privateEndpoints/`));
    expect(outputs.atlas_pl_westus2_private_endpoint_id.value).toMatch(new RegExp(`^/subscriptions/${WEST_SUB}/resourceGroups/rg-orders-west/providers/Microsoft.Network/privateEndpoints/`));
    const knots = processesUsing(kept.tmp).filter((p) => p.split(' ')[1].endsWith('/knotd'));
    expect(knots.map((p) => p.replace(/.*\/(knot[^/]*)\/knot\.conf$/, '$1')).sort()).toEqual(['knot', 'knot-forwarder', 'knot-internet']);
    // The inbound IP sits on the namespace's own lo; no public address anywhere in it.
    const addresses = execFileSync('ip', ['-n', ns, '-o', '-4', 'addr', 'show'], { encoding: 'utf8' });
    expect(addresses).toMatch(/\blo\s+inet 10\.0\.2\.4\/32/);
    expect(addresses).not.toContain('168.63.129.16');
    execFileSync('sh', ['-c', teardown!.replace(/^sudo /, '')], { timeout: 20_000 });
    teardown = undefined;
    expect(leftoverNamespaces(kept.pid)).toEqual([]);
    expect(processesUsing(kept.tmp)).toEqual([]);
  });

  it('custom-dns-not-forwarding: exit 1, the verifier names CUSTOM_DNS_NOT_FORWARDING first, the unmodified app fails to resolve the pl- host', () => {
    expectCode(notForwarding, 1);
    expect(notForwarding.json.strategySurvivesScenario).toBe(false);
    expect(statusOf(notForwarding)).toMatchObject({ dns: 'pass', database: 'pass', approved: 'pass', srv: 'pass', a: 'fail', tcp: 'skip', crud: 'skip', exec: 'fail' });
    const firstFailed = notForwarding.json.steps.find((s: { status: string }) => s.status === 'fail');
    expect(firstFailed.id).toBe('a');
    expect(firstFailed.diagnosis.code).toBe('CUSTOM_DNS_NOT_FORWARDING');
    expect(firstFailed.detail).toContain('the resolver 127.0.0.1 is not Azure DNS (168.63.129.16): it answered the SRV query _mongodb._tcp.cluster0-pl-0.abc12.mongodb.net');
    expect(notForwarding.json.exec.output).toBe('app: MongoServerSelectionError: getaddrinfo ENOTFOUND pl-0-eastus2.abc12.mongodb.net');
    expectTornDown(notForwarding);
  });

  it('custom-dns with cluster-zone: the one <hash>.mongodb.net zone is forwarded (it carries SRV/TXT) and everything passes', () => {
    expectCode(clusterZone, 0);
    expect(statusOf(clusterZone)).toEqual(Object.fromEntries(PASSING.map((id) => [id, 'pass'])));
    expect(clusterZone.json.strategy).toBe('cluster-zone');
    expect(clusterZone.json.dns).toBe('the custom DNS server forwards abc12.mongodb.net to 10.0.2.4 (the inbound endpoint) and every other name to the internet');
    expectTornDown(clusterZone);
  });

  it('a config without dns.resolver is refused before any apply (exit 2, naming dns.resolver)', async () => {
    const run = await rehearse(['--scenario', 'custom-dns']);
    expectCode(run, 2);
    expect(run.stderr).toBe(
      'atlas-pl rehearse: --scenario custom-dns: config/example.json has no dns.resolver (nor dns.existingResolverInboundIps): a custom DNS server needs the resolver\'s inbound endpoint to forward to (see config/landing-zone.json)\n',
    );
    expect(run.stdout).toBe('');
    expectTornDown(run);
  });
});
