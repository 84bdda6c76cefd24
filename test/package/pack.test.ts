/**
 * The package as npm users get it: `npm pack`, installed (offline, from the npm cache that
 * `npm ci` filled) into a temporary consumer project that has only the peer dependencies; the
 * README's smallest example (examples/smallest.ts, which the README embeds verbatim) type-checks
 * against the installed types and synthesizes there; `npx atlas-pl-verify` runs from the package.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}\n${result.stderr}\n${result.stdout}`);
  return result;
}

/**
 * A consumer project that depends on the tarball and the peers, with a lock file taken from ours
 * (same versions, same integrity hashes), so `npm ci --offline` installs it from the npm cache:
 * no registry is asked, the test sends nothing over the network.
 */
function writeConsumer(dir: string, tarballPath: string): void {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const spec = `file:${tarballPath}`;
  const dependencies = { 'atlas-azure-private-link': spec, ...pkg.peerDependencies };
  const packages: Record<string, any> = {
    '': { name: 'consumer', version: '1.0.0', dependencies },
    'node_modules/atlas-azure-private-link': {
      version: pkg.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarballPath)).digest('base64')}`,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      peerDependencies: pkg.peerDependencies,
    },
  };
  // The closure of what the peers and the package's own dependencies need, as our lock has it.
  const queue = [...Object.keys(pkg.peerDependencies), ...Object.keys(pkg.dependencies)].map((n) => `node_modules/${n}`);
  while (queue.length > 0) {
    const path = queue.shift() as string;
    if (packages[path] || !lock.packages[path]) continue;
    const { dev, peer, devOptional, ...entry } = lock.packages[path];
    packages[path] = entry;
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      // Node resolution: the nearest node_modules up from the package's folder.
      let base = path;
      for (;;) {
        const candidate = `${base}/node_modules/${name}`;
        if (lock.packages[candidate]) {
          queue.push(candidate);
          break;
        }
        const up = base.lastIndexOf('/node_modules/');
        if (up === -1) {
          queue.push(`node_modules/${name}`);
          break;
        }
        base = base.slice(0, up);
      }
    }
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies }));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }));
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
    for (const [name, version] of Object.entries(pkg.peerDependencies)) expect(pkg.devDependencies[name]).toBe(version);
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
