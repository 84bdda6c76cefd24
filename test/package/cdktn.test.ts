/**
 * The package in a CDK Terrain app (cdktn 0.24 on Node 22), the way README tells cdktn users to
 * install it: `npm pack`, installed OFFLINE from our lock into a consumer whose `cdktf` is the npm
 * alias `npm:cdktn@0.24.0` (with an override, so the bindings share that one core); the README
 * example (examples/smallest.ts) compiles and synthesizes under cdktn, and the JSON applies,
 * re-plans clean and destroys on the replay provider. `npm run test:cdktn` runs this file alone.
 */
import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { dirname, join } from 'path';
import { describeWithReplay, mustRunPlan } from '../engine/support/engine';
import { mustRun, outputsOf, replayDir, replayRecords } from '../engine/support/offline';
import { requireTool } from '../support/tools';
import { locked, ROOT, writeConsumer } from './consumer';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const timings: string[] = [];

function run(what: string, cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${what}: ${cmd} ${args.join(' ')} exited ${result.status}\n${result.stderr}\n${result.stdout}`);
  timings.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Every folder named `name` under node_modules, at any depth. */
function installedCopies(nodeModules: string, name: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      if (entry.name.startsWith('@')) walk(path);
      else {
        if (entry.name === name) found.push(path);
        if (existsSync(join(path, 'node_modules'))) walk(join(path, 'node_modules'));
      }
    }
  };
  walk(nodeModules);
  return found;
}

const node22 = requireTool('ATLAS_PL_NODE22_BIN', 'Node.js 22 (scripts/tools/node22.sh)').ok;

(node22 ? describeWithReplay() : describe.skip)('the package in a CDK Terrain (cdktn) app', () => {
  const work = mkdtempSync(join(process.env.ATLAS_PL_TEST_TMP ?? '/tmp', 'cdktn-'));
  const consumer = join(work, 'consumer');
  const nodeBin = process.env.ATLAS_PL_NODE22_BIN as string;
  // npm and every script it starts run on Node 22 too (`#!/usr/bin/env node` finds it first).
  const onNode22 = { PATH: `${dirname(nodeBin)}:${process.env.PATH}` };
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    console.log(`cdktn consumer (Node ${spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim()}, cdktn ${locked('cdktn')}): ${timings.join(', ')}`);
  });

  beforeAll(() => {
    // dist/ is built before Jest (npm test, npm run test:cdktn); --ignore-scripts keeps pack from rebuilding it.
    const packed = run('pack', 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
    const [info] = JSON.parse(packed.stdout);
    mkdirSync(consumer);
    writeConsumer(consumer, join(work, info.filename), 'cdktn');
    run('npm ci --offline', 'npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], consumer, onNode22);
  }, 300_000);

  test('installs with cdktn as the only core: every package that asks for cdktf gets the one cdktn', () => {
    const core = JSON.parse(readFileSync(join(consumer, 'node_modules', 'cdktf', 'package.json'), 'utf8'));
    expect({ name: core.name, version: core.version }).toEqual({ name: 'cdktn', version: locked('cdktn') });
    expect(installedCopies(join(consumer, 'node_modules'), 'cdktf')).toEqual([join(consumer, 'node_modules', 'cdktf')]);
    expect(installedCopies(join(consumer, 'node_modules'), 'cdktn')).toEqual([]);
    const constructs = JSON.parse(readFileSync(join(consumer, 'node_modules', 'constructs', 'package.json'), 'utf8'));
    expect(constructs.version).toMatch(/^10\.[67]\./); // cdktn 0.24 accepts >=10.6.0 <10.8.0
  });

  test('the README example compiles and synthesizes under cdktn, and applies, re-plans clean and destroys on the replay provider', () => {
    copyFileSync(join(ROOT, 'examples', 'smallest.ts'), join(consumer, 'main.ts'));
    const strict = ['--strict', '--skipLibCheck', '--module', 'commonjs', '--moduleResolution', 'node10', '--target', 'es2022'];
    run('tsc', nodeBin, [TSC, ...strict, '--outDir', 'out', 'main.ts'], consumer);
    const outdir = join(consumer, 'cdktf.out');
    run('synth', nodeBin, [join('out', 'main.js')], consumer, { CDKTF_OUTDIR: outdir });
    const stackDir = join(outdir, 'stacks', 'atlas-private-link');
    const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
    expect(json['//'].metadata.version).toBe(locked('cdktn')); // cdktn wrote it, not cdktf 0.21
    expect(json.terraform.required_providers.mongodbatlas).toEqual({ source: 'mongodb/mongodbatlas', version: '1.41.1' });
    for (const type of ['mongodbatlas_privatelink_endpoint', 'azurerm_private_endpoint', 'mongodbatlas_privatelink_endpoint_service', 'azurerm_private_dns_zone']) {
      expect(Object.keys(json.resource[type] ?? {})).toHaveLength(1);
    }

    const dir = replayDir(stackDir);
    let started = Date.now();
    mustRun(dir, ['init', '-input=false']);
    mustRun(dir, ['apply', '-auto-approve', '-input=false']);
    timings.push(`init+apply ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const outputs = outputsOf(dir);
    expect(outputs.atlas_pl_eastus2_atlas_status.value).toBe('AVAILABLE');
    expect(outputs.atlas_pl_eastus2_srv_connection_string.value).toMatch(/^mongodb\+srv:\/\/cluster0-pl-0\./);
    expect(replayRecords(stackDir).map((r) => r.type)).toEqual(expect.arrayContaining(['azurerm_private_dns_a_record']));
    started = Date.now();
    mustRunPlan(dir);
    mustRun(dir, ['destroy', '-auto-approve', '-input=false']);
    timings.push(`plan+destroy ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(mustRun(dir, ['state', 'list']).stdout.trim()).toBe('');
    expect(replayRecords(stackDir)).toEqual([]);
  }, 300_000);

  test('the verifier CLI runs from the installed package on Node 22', () => {
    const help = run('verify --help', nodeBin, [join(consumer, 'node_modules', 'atlas-azure-private-link', 'bin', 'atlas-pl-verify.js'), '--help'], consumer);
    expect(help.stdout).toMatch(/^atlas-pl-verify: prove that DNS, TCP and a MongoDB round trip/);
  });
});
