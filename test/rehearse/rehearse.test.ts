/**
 * npm run rehearse end to end (needs root for the namespace; CI runs as root): both shipped
 * configs in the default scenario with an unmodified driver client through --exec, each failure
 * scenario for the strategy it breaks, the strategy that survives them, Ctrl-C and --keep
 * clean-up, and that the run's password never appears in any output.
 */
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, readdirSync } from 'fs';
import { APP, canRehearse, leftoverNamespaces, processesUsing, rehearse, removeTmpRoot, statusOf, type RehearsalRun } from './support';
import { join } from 'path';
import { REPO_ROOT } from '../harness/run-verifier';

const describeRoot = canRehearse() || process.env.CI === 'true' ? describe : describe.skip;
if (!canRehearse() && process.env.CI !== 'true') console.warn('SKIPPING rehearsal tests: they need root and iproute2 (network namespaces)');

afterAll(() => removeTmpRoot());

/** Nothing of a finished run is left: namespace, /etc/netns entry, processes, temp folders. */
function expectTornDown(run: RehearsalRun): void {
  // The URI's user info is always printed as <credentials>: "rehearse:<password>" never appears.
  expect(run.stdout + run.stderr).not.toMatch(/rehearse:[^<\s]/);
  expect(leftoverNamespaces(run.pid)).toEqual([]);
  expect(processesUsing(run.tmp)).toEqual([]);
  expect(readdirSync(run.tmp)).toEqual([]);
}

const CHECKLIST = ['approved', 'srv', 'a', 'tcp', 'crud'];

describeRoot('npm run rehearse (offline apply, namespace, Knot, FerretDB, verifier)', () => {
  it('config/example.json (host-zones), default scenario: every step passes and the client does its CRUD round trip', async () => {
    const run = await rehearse(['--json', '--exec', APP]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(statusOf(run)).toEqual(Object.fromEntries(['apply', 'network', 'dns', 'database', ...CHECKLIST, 'exec'].map((id) => [id, 'pass'])));
    expect(run.json.exec).toMatchObject({ command: APP, code: 0 });
    expect(run.json.exec.output).toBe('app: insert, update, read (qty 2), delete in rehearse.orders: ok');
    expect(run.json.uri).toBe('mongodb+srv://<credentials>@cluster0-pl-0.abc12.mongodb.net/?retryWrites=true&w=majority');
    expect(run.json.steps.find((s: { id: string }) => s.id === 'a').detail).toContain('pl-0-eastus2.abc12.mongodb.net -> 10.20.1.4');
    expect(run.json.steps.find((s: { id: string }) => s.id === 'tcp').detail).toContain('(10.20.1.4:1026)');
    expectTornDown(run);
  }, 90_000);

  it('config/two-endpoints.json (cluster-zone, two regions), default scenario: both endpoints pass, human output with a summary table', async () => {
    const run = await rehearse(['--config', 'config/two-endpoints.json', '--exec', APP]);
    expect(run.code).toBe(0);
    for (const key of ['eastus2', 'westus2']) {
      for (const label of ['endpoint approved', 'SRV', 'A to private IP', 'TCP', 'CRUD']) expect(run.stdout).toMatch(new RegExp(`^\\[pass\\] ${label} \\(${key}\\)`, 'm'));
    }
    expect(run.stdout).toMatch(/^\[pass\] exec +node examples\/app\.js exited 0/m);
    expect(run.stdout).toMatch(/^step +status +time +diagnosis$/m);
    expect(run.stdout).toContain('pl-0-westus2.abc12.mongodb.net -> 10.30.1.4');
    expect(run.stdout).toMatch(/^OK: every step passed in [\d.]+ s \(the cluster-zone strategy is expected to survive default\)$/m);
    expectTornDown(run);
  }, 90_000);

  it('shadowed breaks host-zones: the client fails on SRV and the verifier names the shadowing trap (exit 1)', async () => {
    const run = await rehearse(['--scenario', 'shadowed', '--json', '--exec', APP]);
    expect(run.code).toBe(1);
    expect(run.json.strategySurvivesScenario).toBe(false);
    expect(statusOf(run)).toMatchObject({ dns: 'pass', database: 'pass', approved: 'pass', srv: 'fail', a: 'skip', tcp: 'skip', crud: 'skip', exec: 'fail' });
    const srv = run.json.steps.find((s: { id: string }) => s.id === 'srv');
    expect(srv.diagnosis.code).toBe('SRV_SHADOWED');
    expect(srv.detail).toContain('_mongodb._tcp.cluster0-pl-0.abc12.mongodb.net: NXDOMAIN, while its target pl-0-eastus2.abc12.mongodb.net resolves (10.20.1.4)');
    expect(run.json.exec.output).toBe('app: Error: querySrv ENOTFOUND _mongodb._tcp.cluster0-pl-0.abc12.mongodb.net');
    expectTornDown(run);
  }, 90_000);

  it('no-public-dns breaks host-zones: SRV and TXT only exist in public DNS, the resolver refuses them (exit 1)', async () => {
    const run = await rehearse(['--scenario', 'no-public-dns', '--json', '--exec', APP]);
    expect(run.code).toBe(1);
    const srv = run.json.steps.find((s: { id: string }) => s.id === 'srv');
    expect(srv.status).toBe('fail');
    expect(srv.diagnosis.code).toBe('DNS_REFUSED');
    expect(srv.detail).toContain('EREFUSED');
    expect(run.json.exec.output).toBe('app: Error: querySrv EREFUSED _mongodb._tcp.cluster0-pl-0.abc12.mongodb.net');
    expectTornDown(run);
  }, 90_000);

  it.each(['shadowed', 'no-public-dns'])('cluster-zone survives %s', async (scenario) => {
    const run = await rehearse(['--config', 'config/two-endpoints.json', '--scenario', scenario, '--json', '--exec', APP]);
    expect(run.code).toBe(0);
    expect(run.json.strategySurvivesScenario).toBe(true);
    expect(run.json.steps.every((s: { status: string }) => s.status === 'pass')).toBe(true);
    expectTornDown(run);
  }, 90_000);

  it('Ctrl-C during setup tears everything down (exit 130)', async () => {
    let sent = false;
    const run = await rehearse([], {
      onStdout: (text, child) => {
        if (!sent && /^\[pass\] DNS from the state/m.test(text)) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('SIGINT: tearing down');
    expectTornDown(run);
  }, 90_000);

  it('--keep leaves the rehearsal running and prints how to enter and tear it down', async () => {
    const run = await rehearse(['--keep', '--json']);
    expect(run.code).toBe(0);
    const { enter, teardown } = run.json.kept as { enter: string; teardown: string };
    const ns = /ip netns exec (\S+) bash$/.exec(enter)?.[1] ?? '';
    try {
      expect(leftoverNamespaces(run.pid)).toEqual([ns, `/etc/netns/${ns}`]);
      // The DNS server still answers inside the namespace, through its resolv.conf.
      const answer = execFileSync('ip', ['netns', 'exec', ns, process.execPath, '-e', "require('dns').promises.resolveSrv('_mongodb._tcp.cluster0-pl-0.abc12.mongodb.net').then((r) => console.log(r.length))"], { encoding: 'utf8', timeout: 10_000 });
      expect(answer.trim()).toBe('3');
    } finally {
      execFileSync('sh', teardown.replace(/^sudo sh /, '').split(' '), { timeout: 20_000 });
    }
    expectTornDown(run);
    expect(existsSync(`/etc/netns/${ns}`)).toBe(false);
  }, 90_000);
});

describe('npm run rehearse: usage and preconditions', () => {
  it.each([
    [['--scenario', 'nope'], '--scenario: expected one of default, no-public-dns, shadowed, got "nope"'],
    [['--config', 'config/missing.json'], '--config: no such file "config/missing.json" (expected a config file such as config/example.json)'],
    [['--exec', ''], '--exec: expected a shell command such as "node app.js", got an empty string'],
    [['--exec-timeout', '0'], '--exec-timeout: expected whole seconds between 1 and 3600, got "0"'],
    [['--exec'], '--exec: expected a value (a shell command such as "node app.js")'],
    [['--verbose'], 'unknown flag --verbose; see --help'],
    [['--json=yes'], 'unknown flag --json; see --help'],
  ])('%j is a usage error naming the flag (exit 2)', async (args, message) => {
    const run = await rehearse(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`atlas-pl rehearse: ${message}\n`);
  });

  it('a config that does not validate is a usage error naming the field', async () => {
    const run = await rehearse(['--config', 'tools/replay-provider/world.example.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^atlas-pl rehearse: --config: .*world\.example\.json/);
  });

  (process.getuid?.() === 0 && readableByNobody() ? it : it.skip)('without root it fails with a clear message (exit 3)', async () => {
    const run = await rehearse([], { uid: 65534 });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('atlas-pl rehearse: cannot rehearse: network namespaces need root (run as root, e.g. sudo -E npm run rehearse; CI runs as root)\n');
  });
});

/**
 * The non-root run needs a user that can read the checkout: not so when it sits in a folder only
 * root can enter (a clone into `mktemp -d`). Then the check is reported as skipped, with the reason.
 */
function readableByNobody(): boolean {
  const probe = spawnSync(process.execPath, ['-e', `process.exit(require('fs').existsSync(${JSON.stringify(join(REPO_ROOT, 'package.json'))}) ? 0 : 1)`], {
    uid: 65534,
    gid: 65534,
  });
  if (probe.status === 0) return true;
  // eslint-disable-next-line no-console
  console.warn(`SKIPPING the non-root rehearsal: user 65534 cannot read ${REPO_ROOT} (a folder on its path is closed to other users)`);
  return false;
}
