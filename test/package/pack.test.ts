/**
 * The package as npm users get it: `npm pack`, installed (offline, from the npm cache that
 * `npm ci` filled) into a temporary consumer project that has only the peer dependencies; the
 * README's smallest example (examples/smallest.ts, which the README embeds verbatim) type-checks
 * against the installed types and synthesizes there; `npx atlas-pl-verify` runs from the package.
 */
import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { pkg, ROOT, writeConsumer } from './consumer';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}\n${result.stderr}\n${result.stdout}`);
  return result;
}

describe('the npm package', () => {
  const work = mkdtempSync(join(process.env.ATLAS_PL_TEST_TMP ?? '/tmp', 'pack-'));
  let tarball: string;
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(() => {
    // dist/ is built by npm test before Jest; --ignore-scripts keeps pack from rebuilding it.
    const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
    const [info] = JSON.parse(packed.stdout);
    tarball = join(work, info.filename);
    writeFileSync(join(work, 'files.json'), JSON.stringify(info.files.map((f: { path: string }) => f.path)));
  }, 240_000);

  test('has what npm users expect and nothing of the repository besides', () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg).toMatchObject({ license: 'MPL-2.0', types: 'dist/lib/index.d.ts', exports: { '.': { types: './dist/lib/index.d.ts' } } });
    expect(pkg.keywords).toEqual(expect.arrayContaining(['cdktf', 'mongodb-atlas', 'azure', 'private-link']));
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['@cdktf/provider-azurerm', '@cdktf/provider-mongodbatlas', 'cdktf', 'constructs']);
    for (const [name, version] of Object.entries(pkg.peerDependencies)) {
      if (name !== 'constructs') expect(pkg.devDependencies[name]).toBe(version);
    }
    // A range both cores accept (cdktf 0.21: ^10.4.2; cdktn 0.24: >=10.6.0 <10.8.0); we build and
    // test with a version inside both.
    expect(pkg.peerDependencies.constructs).toBe('^10.6.0');
    expect(pkg.devDependencies.constructs).toMatch(/^10\.[67]\.\d+$/);
    const files: string[] = JSON.parse(readFileSync(join(work, 'files.json'), 'utf8'));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/atlas-pl-verify.js', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/verify/cli.js']));
    expect(files.filter((f) => /^(test|tools|scripts|app|config|lib|verify)\/|^dist\/(test|app|scripts)\/|^main\./.test(f))).toEqual([]);
  });

  test('installs into a project with only the peers; the README example type-checks and synthesizes; npx atlas-pl-verify runs', () => {
    const consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeConsumer(consumer, tarball);
    run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], consumer);
    expect(existsSync(join(consumer, 'node_modules', 'atlas-azure-private-link', 'dist', 'lib', 'index.js'))).toBe(true);

    copyFileSync(join(ROOT, 'examples', 'smallest.ts'), join(consumer, 'main.ts'));
    const strict = ['--strict', '--skipLibCheck', '--module', 'commonjs', '--moduleResolution', 'node10', '--target', 'es2022'];
    run('node', [TSC, '--noEmit', ...strict, 'main.ts'], consumer);
    run('node', [TSC, ...strict, '--outDir', 'out', 'main.ts'], consumer);
    run('node', [join('out', 'main.js')], consumer, { CDKTF_OUTDIR: join(consumer, 'cdktf.out') });
    const json = JSON.parse(readFileSync(join(consumer, 'cdktf.out', 'stacks', 'atlas-private-link', 'cdk.tf.json'), 'utf8'));
    for (const type of ['mongodbatlas_privatelink_endpoint', 'azurerm_private_endpoint', 'mongodbatlas_privatelink_endpoint_service', 'azurerm_private_dns_zone']) {
      expect(Object.keys(json.resource[type] ?? {})).toHaveLength(1);
    }

    const help = run('npx', ['--offline', '--no-install', 'atlas-pl-verify', '--help'], consumer);
    expect(help.stdout).toMatch(/^atlas-pl-verify: prove that DNS, TCP and a MongoDB round trip/);
  }, 300_000);

  test('the README shows examples/smallest.ts verbatim', () => {
    const example = readFileSync(join(ROOT, 'examples', 'smallest.ts'), 'utf8');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('```ts\n' + example + '```');
  });
});
