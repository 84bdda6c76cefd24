/**
 * The single-file verifier (handoff/verifier-file.ts): what the file is, and that it runs with
 * `node` alone. The round trip copies ONLY the file into an empty folder (no node_modules there or
 * above, HOME pointed at it, no NODE_PATH) and runs it against a real DNS server (dns2) and a real
 * MongoDB wire-protocol server (FerretDB, TLS, SCRAM) on loopback, as crud-scenarios does.
 */
import { spawn, spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { isBuiltin } from 'module';
import { homedir } from 'os';
import { dirname, join } from 'path';
import type { Certs } from '../../rehearse/certs';
import { TLS_IP, type FakeAtlas } from '../../rehearse/ferretdb';
import { ChildSet } from '../../rehearse/processes';
import { writeBundle } from '../../handoff/bundle';
import { VERIFIER_FILE, verifierBundle } from '../../handoff/verifier-file';
import type { Report } from '../../verify/types';
import { startDnsServer, type RunningDnsServer } from '../harness/dns-server';
import { startLoopbackAtlas } from '../harness/loopback-atlas';
import { makeTmpDir } from '../harness/tmp';
import { atlasZone, SRV_HOST } from '../harness/zones';
import { describeWithTool } from '../support/tools';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const driver = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'mongodb', 'package.json'), 'utf8')) as {
  version: string;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

describe('the single-file verifier', () => {
  const bundle = verifierBundle();

  test('its first line says what it is, its version and how to run it', () => {
    const [first, second] = bundle.text.split('\n');
    expect(first).toBe(
      `// atlas-pl-verify ${pkg.version}: the verifier of ${pkg.name} in one file, bundled with the MongoDB driver ${driver.version} and its dependencies; run: node ${VERIFIER_FILE} --help`,
    );
    expect(second).toMatch(/^\/\/ Needs only Node\.js >=20\.19\.0 \(no npm install\)\. Built by esbuild \d+\.\d+\.\d+ from verify\/cli\.ts/);
  });

  test('holds the driver and its dependencies, each with its license text, and stays a reasonable size', () => {
    expect(bundle.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['mongodb', 'bson', 'mongodb-connection-string-url']));
    expect(bundle.packages.find((p) => p.name === 'mongodb')?.version).toBe(driver.version);
    // Nothing of the constructs, cdktf or the test tools belongs in it.
    for (const p of bundle.packages) expect(p.name).not.toMatch(/^(cdktf|constructs|@cdktf\/|zod|dns2|esbuild)/);
    for (const p of bundle.packages) expect(bundle.text).toContain(`//   ${p.name} ${p.version} (${p.license})`);
    expect(bundle.text.match(/^\/\/ ---- .+ ----$/gm)).toHaveLength(bundle.packages.length);
    const bytes = Buffer.byteLength(bundle.text);
    expect(bytes).toBeGreaterThan(500_000);
    expect(bytes).toBeLessThan(4_000_000);
  });

  test('names no absolute path of the machine that built it', () => {
    const paths = [ROOT, process.cwd(), homedir(), process.env.ATLAS_PL_TEST_TMP, join(ROOT, 'node_modules')].filter((p): p is string => !!p && p !== '/');
    for (const p of paths) expect({ path: p, found: bundle.text.includes(p) }).toEqual({ path: p, found: false });
    expect(bundle.text).not.toMatch(/\/(work|root|home)\/[\w.-]+\//);
  });

  test('requires only Node built-ins, and the driver\'s optional modules (which it loads inside try/catch)', () => {
    const optional = Object.entries(driver.peerDependenciesMeta).filter(([, m]) => m.optional).map(([name]) => name).sort();
    expect(bundle.optionalModules).toEqual(optional);
    const required = new Set([...bundle.text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]));
    const nonBuiltin = [...required].filter((name) => !isBuiltin(name)).sort();
    expect(nonBuiltin).toEqual(optional);
    for (const name of nonBuiltin) {
      const escaped = name.replace(/[/@.-]/g, '\\$&');
      expect(bundle.text).toMatch(new RegExp(`try \\{\\s*(?:(?:const|let|var)\\s+)?[\\w$]+ = require\\("${escaped}"\\)`));
    }
  });

  test('is built once per process: the same text and checksum each time', () => {
    expect(verifierBundle()).toBe(bundle);
    expect(bundle.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('node dist/handoff/verifier-file.js (what npm run build runs)', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, ['-r', join(ROOT, 'test/harness/ts-register.js'), join(ROOT, 'handoff/verifier-file.ts'), ...args], { cwd: tmp.path, encoding: 'utf8', timeout: 60_000 });
  let tmp: ReturnType<typeof makeTmpDir>;
  beforeAll(() => (tmp = makeTmpDir('verifier-cli')));
  afterAll(() => tmp.remove());

  test('--out writes the file, nothing beside it, and says its size and checksum', () => {
    const out = join(tmp.path, 'a.cjs');
    const run = cli(['--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toBe(verifierBundle().text);
    expect(run.stdout).toMatch(new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ${Buffer.byteLength(text)} bytes, sha256 ${verifierBundle().sha256} \\(\\d+ ms\\)\n$`));
    expect(readdirSync(tmp.path)).toEqual(['a.cjs']);
  });

  test.each([[['--out']], [['--output', 'x.cjs']], [['x.cjs']]])('%j is a usage error, exit 2, nothing written', (args) => {
    const run = cli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('verifier-file: usage: node dist/handoff/verifier-file.js [--out <file>]\n');
    expect(readdirSync(tmp.path)).not.toContain('x.cjs');
  });
});

const USER = 'verifier';
const PASSWORD = 'Sing1e-f1le-pw';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** `node atlas-pl-verify.cjs ...` in `dir`, with nothing but PATH and HOME (= dir) in the environment. */
function runCopy(dir: string, args: readonly string[]): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VERIFIER_FILE, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: dir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

describeWithTool('ATLAS_PL_FERRETDB_BIN', 'FerretDB')('the handoff bundle\'s verifier file, copied alone into an empty folder', () => {
  const children = new ChildSet();
  let tmp: ReturnType<typeof makeTmpDir>;
  let alone: string;
  let certs: Certs;
  let atlas: FakeAtlas;
  let dns: RunningDnsServer;

  beforeAll(async () => {
    tmp = makeTmpDir('verifier-file');
    // The file as a platform team receives it: from a real handoff bundle.
    const { stacks } = writeBundle(join(ROOT, 'config', 'example.json'), join(tmp.path, 'bundles'));
    alone = join(tmp.path, 'vm');
    mkdirSync(alone);
    copyFileSync(join(stacks[0].dir, 'verify', VERIFIER_FILE), join(alone, VERIFIER_FILE));
    ({ certs, atlas } = await startLoopbackAtlas(tmp.path, children, USER, PASSWORD));
    dns = await startDnsServer(atlasZone({ ports: atlas.ports, address: TLS_IP }));
    copyFileSync(certs.caFile, join(alone, 'ca.pem'));
    // `terraform output -json` as the bundle's stack declares it, with loopback standing in for 10.x.
    const outputs = {
      atlas_pl_eastus2_private_ip: TLS_IP,
      atlas_pl_eastus2_atlas_status: 'AVAILABLE',
      atlas_pl_eastus2_link_status: 'AVAILABLE',
      atlas_pl_eastus2_srv_connection_string: `mongodb+srv://${SRV_HOST}`,
    };
    writeFileSync(join(alone, 'outputs.json'), JSON.stringify(Object.fromEntries(Object.entries(outputs).map(([k, value]) => [k, { sensitive: false, type: 'string', value }]))));
  }, 120000);

  afterAll(async () => {
    await dns?.close();
    await children.stopAll();
    tmp?.remove();
  });

  test('the folder holds nothing a module could be loaded from', () => {
    expect(readdirSync(alone).sort()).toEqual([VERIFIER_FILE, 'ca.pem', 'outputs.json']);
    for (let dir = alone; dirname(dir) !== dir; dir = dirname(dir)) expect({ dir, nodeModules: existsSync(join(dir, 'node_modules')) }).toEqual({ dir, nodeModules: false });
  });

  test('--help runs', async () => {
    const run = await runCopy(alone, ['--help']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^atlas-pl-verify: prove that DNS, TCP and a MongoDB round trip/);
  });

  test('resolves the SRV/TXT/A records and does a MongoDB round trip from the outputs, every check passing', async () => {
    const run = await runCopy(alone, [
      '--outputs', 'outputs.json',
      '--uri', `mongodb+srv://${USER}:${encodeURIComponent(PASSWORD)}@${SRV_HOST}/`,
      '--dns-server', dns.server, '--allow-loopback', '--tls-ca-file', 'ca.pem', '--timeout', '5000', '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(Object.fromEntries(report.checks.map((c) => [c.id, c.status]))).toEqual({
      'control-plane': 'pass', 'dns-srv': 'pass', 'dns-txt': 'pass', 'dns-a': 'pass', 'private-ip': 'pass', tcp: 'pass', crud: 'pass',
    });
    expect(dns.queries.some((q) => q.type === 'SRV')).toBe(true);
    expect(run.stdout).not.toContain(PASSWORD);
  });

  test('a wrong password is diagnosed by the bundled driver, as by the installed one', async () => {
    const run = await runCopy(alone, [
      '--outputs', 'outputs.json', '--uri', `mongodb+srv://${USER}:wrong-pw-123@${SRV_HOST}/`,
      '--dns-server', dns.server, '--allow-loopback', '--tls-ca-file', 'ca.pem', '--timeout', '5000', '--json',
    ]);
    expect(run.code).toBe(1);
    const crud = (JSON.parse(run.stdout) as Report).checks.find((c) => c.id === 'crud');
    expect(crud?.diagnosis?.code).toBe('AUTH_FAILED');
  });
});
