/**
 * npm run rehearse end to end (needs root for the namespace; CI runs as root): both shipped
 * configs in the default scenario with an unmodified driver client through --exec, each failure
 * scenario for the strategy it breaks, the strategy that survives them, Ctrl-C and --keep
 * clean-up, what a killed run leaves (swept by the next run, or --cleanup), bounded --exec output
 * and timeout, and that the run's password never appears in any output. Rehearsals are shared
 * between checks (about 7 s each on an idle machine).
 */
import { execFileSync, spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { REPO_ROOT } from '../harness/run-verifier';
import { RUNS_DIR, saveRecord, sweep } from '../../rehearse/runs';
import { APP, canRehearse, deadPid, expectCode, expectTornDown, leftoverNamespaces, newTmp, processesUsing, rehearse, removeTmpRoot, statusOf } from './support';

const describeRoot = canRehearse() || process.env.CI === 'true' ? describe : describe.skip;
if (!canRehearse() && process.env.CI !== 'true') console.warn('SKIPPING rehearsal tests: they need root and iproute2 (network namespaces)');

afterAll(() => removeTmpRoot());

const CHECKLIST = ['approved', 'srv', 'a', 'tcp', 'crud'];
/** Per test: a rehearsal takes ~7 s on an idle machine, 35-80 s on this one while other suites run. */
const RUN_MS = 150_000;

/** config/example.json with a second endpoint in eastus2 (another VNet's subnet): keys eastus2, eastus2_2. */
function sameRegionConfig(): unknown {
  const config = JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'example.json'), 'utf8'));
  config.endpoints.push({ region: 'eastus2', subnetId: config.endpoints[0].subnetId.replace(/rg-app-prod(.*)vnet-app-prod/, 'rg-app-west$1vnet-app-west') });
  return config;
}

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
  }, RUN_MS);

  it('config/two-endpoints.json (cluster-zone, two regions), default scenario: both endpoints pass, human output with a summary table', async () => {
    const run = await rehearse(['--config', 'config/two-endpoints.json', '--exec', APP]);
    expect(run.code).toBe(0);
    // A multi-region replica set: ONE string spans both endpoints (model §M3.3), verified once.
    for (const label of ['endpoint approved', 'SRV', 'A to private IP', 'TCP', 'CRUD']) expect(run.stdout).toMatch(new RegExp(`^\\[pass\\] ${label} `, 'm'));
    expect(run.stdout).toContain('pl-0-eastus2.abc12.mongodb.net -> 10.20.1.4');
    expect(run.stdout).toMatch(/^\[pass\] exec +node examples\/app\.js exited 0/m);
    expect(run.stdout).toMatch(/^step +status +time +diagnosis$/m);
    expect(run.stdout).toContain('pl-0-westus2.abc12.mongodb.net -> 10.30.1.4');
    expect(run.stdout).toMatch(/^OK: every step passed in [\d.]+ s \(the cluster-zone strategy is expected to survive default\)$/m);
    expectTornDown(run);
  }, RUN_MS);

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
  }, RUN_MS);

  it('no-public-dns breaks host-zones: SRV and TXT only exist in public DNS, the resolver refuses them (exit 1)', async () => {
    const run = await rehearse(['--scenario', 'no-public-dns', '--json', '--exec', APP]);
    expect(run.code).toBe(1);
    const srv = run.json.steps.find((s: { id: string }) => s.id === 'srv');
    expect(srv.status).toBe('fail');
    expect(srv.diagnosis.code).toBe('DNS_REFUSED');
    expect(srv.detail).toContain('EREFUSED');
    expect(run.json.exec.output).toBe('app: Error: querySrv EREFUSED _mongodb._tcp.cluster0-pl-0.abc12.mongodb.net');
    expectTornDown(run);
  }, RUN_MS);

  it.each(['shadowed', 'no-public-dns'])('cluster-zone survives %s', async (scenario) => {
    const run = await rehearse(['--config', 'config/two-endpoints.json', '--scenario', scenario, '--json', '--exec', APP]);
    expect(run.code).toBe(0);
    expect(run.json.strategySurvivesScenario).toBe(true);
    expect(run.json.steps.every((s: { status: string }) => s.status === 'pass')).toBe(true);
    expectTornDown(run);
  }, RUN_MS);

  it('two endpoints in one region get their own step labels; Ctrl-C during --exec, twice, is reported as interrupted (exit 130) and leaves no --exec process', async () => {
    const config = join(newTmp('cfg-'), 'same-region.json');
    writeFileSync(config, JSON.stringify(sameRegionConfig()));
    let sent = 0;
    const run = await rehearse(['--config', config, '--exec', `trap '' TERM INT; sleep 300 & sleep 301`], {
      onStdout: (text, child) => {
        // The exec step starts after the last checklist line; its command ignores SIGTERM, so the
        // teardown needs its SIGKILL grace period, during which two more signals arrive.
        if (sent === 0 && (text.match(/^\[\w+\] CRUD \(/gm) ?? []).length === 2) {
          sent = 1;
          setTimeout(() => child.kill('SIGINT'), 800);
          setTimeout(() => child.kill('SIGINT'), 1100);
          setTimeout(() => child.kill('SIGTERM'), 1400);
        }
      },
    });
    expect(sent).toBe(1);
    expectCode(run, 130);
    for (const key of ['eastus2', 'eastus2_2']) {
      for (const label of ['endpoint approved', 'SRV', 'A to private IP', 'TCP', 'CRUD']) expect(run.stdout).toMatch(new RegExp(`^\\[\\w+\\] ${label} \\(${key}\\) `, 'm'));
    }
    expect(run.stdout).toMatch(/^\[pass\] apply +atlas-private-link: eastus2 10\.\d+\.1\.4, eastus2_2 10\.\d+\.1\.4/m);
    // Each endpoint's host answers its own IP, and the verifier agrees (issue 15 item 1).
    expect(run.stdout).toMatch(/^\[pass\] CRUD \(eastus2\) /m);
    expect(run.stdout).toMatch(/^\[pass\] CRUD \(eastus2_2\) /m);
    expect(run.stderr).toContain('SIGINT: tearing down\n');
    expect(run.stderr).toContain('SIGINT: still tearing down, please wait\n');
    expect(run.stderr).toMatch(/interrupted \(SIGINT\): everything this run started is torn down\n$/);
    // Interrupted, not failed: no exec failure, no summary, no verdict.
    expect(run.stdout).not.toMatch(/\] exec |FAILED|ERROR/);
    expectTornDown(run);
  }, RUN_MS);

  it('--keep in a TMPDIR holding a space: --exec-timeout ends the command and all it started, the servers stay, an env file (0600) reaches the run\'s user, the printed tear-down removes exactly the run', async () => {
    // Deep too: unix socket paths (Knot's control socket, Terraform's plugins) hold 107 bytes at most.
    const parent = join(newTmp('space-'), 'a-folder-name-long-enough-to-push-unix-socket-paths-past-their-limit');
    // What the unquoted script deleted: "<parent>/victim x/..." split at the space names "<parent>/victim".
    mkdirSync(join(parent, 'victim'), { recursive: true });
    writeFileSync(join(parent, 'victim', 'keep-me'), 'x');
    const tmp = join(parent, 'victim x');
    mkdirSync(tmp);
    const run = await rehearse(['--keep', '--json', '--exec', 'sleep 300 & sleep 301', '--exec-timeout', '2'], { tmp });
    expectCode(run, 1);
    const exec = run.json.steps.find((s: { id: string }) => s.id === 'exec');
    expect(exec).toMatchObject({ status: 'fail', detail: 'sleep 300 & sleep 301 timed out after 2 s' });
    expect(exec.ms).toBeLessThan(5000);
    expect(run.json.exec).toMatchObject({ timedOut: true });
    const { enter, teardown, envFile } = run.json.kept as { enter: string; teardown: string; envFile: string };
    const ns = /ip netns exec (\S+) bash$/.exec(enter)?.[1] ?? '';
    try {
      expect(leftoverNamespaces(run.pid)).toEqual([ns, `/etc/netns/${ns}`, `${RUNS_DIR}/${ns}`, `${RUNS_DIR}/${ns}.json`]);
      // What is kept is the servers, never the timed-out command or its children.
      const kept = processesUsing(tmp).map((p) => p.split(' ')[1].replace(/.*\//, ''));
      expect(kept).toEqual(expect.arrayContaining(['knotd', 'ferretdb']));
      expect(kept.filter((cmd) => cmd === 'sleep' || cmd === 'sh')).toEqual([]);
      expect(teardown).toBe(`sudo sh '${dirname(envFile)}/teardown.sh'`);
      expect(dirname(dirname(envFile))).toBe(tmp);
      expect(statSync(envFile).mode & 0o777).toBe(0o600);
      expect(readFileSync(envFile, 'utf8')).toMatch(/^export MONGODB_URI='mongodb\+srv:\/\/rehearse:[^<@]+@cluster0-pl-0\.abc12\.mongodb\.net\//m);
      // The env file is all a client needs, inside the namespace.
      const app = execFileSync('ip', ['netns', 'exec', ns, 'sh', '-c', '. "$0" && node examples/app.js', envFile], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 20_000 });
      expect(app.trim()).toBe('app: insert, update, read (qty 2), delete in rehearse.orders: ok');
    } finally {
      // The printed command, through a shell, as a user would paste it (minus sudo: we are root).
      execFileSync('sh', ['-c', teardown.replace(/^sudo /, '')], { timeout: 20_000 });
    }
    expectTornDown(run);
    expect(readdirSync(parent).sort()).toEqual(['victim', 'victim x']);
    expect(readFileSync(join(parent, 'victim', 'keep-me'), 'utf8')).toBe('x');
  }, RUN_MS);

  it('a SIGKILLed run is swept by the next one, which survives --exec printing 700 MB and leaving a child behind', async () => {
    const killed = await rehearse(['--exec', 'sleep 300'], {
      onStdout: (text, child) => {
        if (/^\[pass\] database/m.test(text)) child.kill('SIGKILL');
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    // What a killed run leaves: its namespace, /etc/netns entry, run record, Knot and FerretDB, its folder.
    expect(leftoverNamespaces(killed.pid)).toHaveLength(4);
    expect(processesUsing(killed.tmp).join('\n')).toMatch(/knotd[\s\S]*ferretdb/);
    expect(readdirSync(killed.tmp)).toHaveLength(1);

    // 700 MB in one line (no newline): more than a string can hold.
    const huge = `head -c 700000000 /dev/zero | tr '\\0' x; echo; echo last line; sleep 300 & exit 0`;
    const run = await rehearse(['--exec', huge, '--json']);
    expectCode(run, 0);
    expect(run.stderr).toBe('');
    expect(run.json.swept).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^atlaspl-rh-${killed.pid}-[0-9a-f]{6} \\(process ${killed.pid} is gone\\): .*${killed.tmp}/atlas-pl-rehearse-`))]));
    const exec = run.json.exec;
    // Judged by its own exit (0 at once), though its background child was still running.
    expect(exec).toMatchObject({ code: 0, timedOut: false });
    expect(run.json.steps.find((s: { id: string }) => s.id === 'exec')).toMatchObject({ status: 'pass', detail: `${huge} exited 0` });
    expect(exec.output.endsWith('x\nlast line')).toBe(true);
    // 700 MB, "\n", "last line\n": the last 64 KiB kept (the final newline trimmed), the rest counted.
    expect(exec.output).toHaveLength(64 * 1024 - 1);
    expect(exec.droppedBytes).toBe(700_000_011 - 64 * 1024);
    expectTornDown(run);
    expectTornDown(killed);
  }, 240_000);
});

describe('npm run rehearse: usage and preconditions', () => {
  it.each([
    [['--scenario', 'nope'], '--scenario: expected one of default, no-public-dns, shadowed, custom-dns, custom-dns-not-forwarding, stale-a-record, txt-missing, dns-down, zone-not-linked, public-connection-string, wrong-password, ports-blocked, endpoint-pending, endpoint-rejected, member-down, tls-inspection, all, got "nope"'],
    [['--config', 'config/missing.json'], '--config: no such file "config/missing.json" (expected a config file such as config/example.json)'],
    [['--exec', ''], '--exec: expected a shell command such as "node app.js", got an empty string'],
    [['--exec-timeout', '0'], '--exec-timeout: expected whole seconds between 1 and 3600, got "0"'],
    [['--exec'], '--exec: expected a value (a shell command such as "node app.js")'],
    [['--verbose'], 'unknown flag --verbose; see --help'],
    [['--json=yes'], 'unknown flag --json; see --help'],
    [['--cleanup', '--keep'], '--cleanup: takes no other flag, got --keep'],
    [['--scenario', 'all', '--keep'], '--keep: not with --scenario all (keep one DNS scenario, or stage a fault by hand)'],
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

  it('a TMPDIR that is not a folder is named, without a stack trace (exit 2)', async () => {
    const file = join(newTmp(), 'a-file');
    writeFileSync(file, '');
    const run = await rehearse([], { tmp: file });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`atlas-pl rehearse: TMPDIR: "${file}" is not a folder (expected a writable folder for the run's temp files, or leave TMPDIR unset)\n`);
  });

  (process.getuid?.() === 0 ? it : it.skip)('without root it fails with a clear message (exit 3)', async () => {
    const run = await rehearse([], readableByNobody() ? { uid: 65534 } : { userNamespace: true });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('atlas-pl rehearse: cannot rehearse: network namespaces need root (run as root, e.g. sudo -E npm run rehearse; CI runs as root)\n');
  });
});

describeRoot('npm run rehearse: what dead runs leave behind, and configs the constructs reject', () => {
  it('a config the constructs reject (not the schema) is a usage error naming the field (exit 2), nothing left', async () => {
    const config = JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'example.json'), 'utf8'));
    config.endpoints.push({ ...config.endpoints[0] });
    const file = join(newTmp('cfg-'), 'twice.json');
    writeFileSync(file, JSON.stringify(config));
    const run = await rehearse(['--config', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`atlas-pl rehearse: --config: ${file}: endpoints[1]: repeats the region eastus2 and subnet of endpoints[0]: one endpoint per subnet and region is enough (several endpoints in a region are for several VNets or subscriptions)\n`);
    expect(run.stdout).toMatch(/^ERROR: the constructs rejected the config in/m);
    expectTornDown(run);
  });

  it('a TMPDIR where no folder can be made is named, without a stack trace, and leaves no run record (exit 2)', async () => {
    const run = await rehearse([], { tmp: '/proc' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^atlas-pl rehearse: TMPDIR: cannot create the run's folder in "\/proc" \(E[A-Z]+; expected a writable folder for the run's temp files, or leave TMPDIR unset\)\n$/);
    expect(leftoverNamespaces(run.pid)).toEqual([]);
  });

  it('the start-up sweep removes dead runs but not kept ones; --cleanup removes both, and never a folder it did not make', async () => {
    const tmp = newTmp('dead-');
    const fake = (kept: boolean, dir = join(tmp, `atlas-pl-rehearse-${randomBytes(6).toString('hex')}`)) => {
      const pid = deadPid();
      const id = `atlaspl-rh-${pid}-${randomBytes(3).toString('hex')}`;
      mkdirSync(join(dir, 'knot'), { recursive: true });
      execFileSync('ip', ['netns', 'add', id]);
      mkdirSync(`/etc/netns/${id}`);
      writeFileSync(`/etc/netns/${id}/resolv.conf`, 'nameserver 127.0.0.1\n');
      // One process in the namespace (Knot, FerretDB, --exec) and one outside with the run's marker (terraform).
      const env = { ...process.env, TMPDIR: dir };
      spawn('ip', ['netns', 'exec', id, 'sleep', '300'], { detached: true, stdio: 'ignore', env }).unref();
      spawn('sleep', ['301'], { detached: true, stdio: 'ignore', env: { ...env, ATLAS_PL_REHEARSE_RUN: id } }).unref();
      saveRecord({ id, pid, started: '1', dir, kept });
      mkdirSync(join(RUNS_DIR, id));
      return { id, dir };
    };
    const dead = fake(false);
    const kept = fake(true);
    // A record naming a folder this tool does not make: its namespace goes, the folder stays.
    const precious = fake(false, join(tmp, 'precious'));
    await waitFor(() => [dead, kept, precious].every((r) => processesUsing(r.dir).length === 2));

    const swept = await sweep(false);
    expect(swept.filter((l) => l.includes(tmp)).sort()).toEqual([expect.stringContaining(dead.id), expect.stringContaining(precious.id)].sort());
    for (const r of [dead, precious]) {
      expect(leftoverOf(r.id)).toEqual([]);
      expect(processesUsing(r.dir)).toEqual([]);
    }
    expect(existsSync(dead.dir)).toBe(false);
    expect(readdirSync(precious.dir)).toEqual(['knot']);
    expect(leftoverOf(kept.id)).toEqual([kept.id, `/etc/netns/${kept.id}`, `${RUNS_DIR}/${kept.id}`, `${RUNS_DIR}/${kept.id}.json`]);

    const cleanup = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'rehearse', 'cli.js'), '--cleanup'], { encoding: 'utf8', timeout: 20_000 });
    expect(cleanup.status).toBe(0);
    expect(cleanup.stdout).toContain(`  ${kept.id} (kept by --keep): namespace, /etc/netns entry, processes, ${kept.dir}\n`);
    expect(leftoverOf(kept.id)).toEqual([]);
    expect(processesUsing(kept.dir)).toEqual([]);
    expect(existsSync(kept.dir)).toBe(false);
  });
});

/** The namespace, /etc/netns entry and run record of a run id that still exist. */
function leftoverOf(id: string): string[] {
  const names = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0]);
  return [...names.filter((n) => n === id), ...[`/etc/netns/${id}`, `${RUNS_DIR}/${id}`, `${RUNS_DIR}/${id}.json`].filter((f) => existsSync(f))];
}

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The non-root run needs a user that can read the checkout: not so when it sits in a folder only
 * root can enter (a clone into `mktemp -d`). Then it runs in a new user namespace instead: uid
 * 65534 there, without any capability on the host, yet still the files' owner.
 */
function readableByNobody(): boolean {
  const probe = spawnSync(process.execPath, ['-e', `process.exit(require('fs').existsSync(${JSON.stringify(join(REPO_ROOT, 'package.json'))}) ? 0 : 1)`], {
    uid: 65534,
    gid: 65534,
  });
  if (probe.status === 0) return true;
  // eslint-disable-next-line no-console
  console.warn(`the non-root rehearsal runs in a user namespace: user 65534 cannot read ${REPO_ROOT} (a folder on its path is closed to other users)`);
  return false;
}
