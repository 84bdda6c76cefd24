/**
 * A consumer project for the packed tarball, with a lock file taken from ours (same versions, same
 * integrity hashes), so `npm ci --offline` installs it from the npm cache that our own `npm ci`
 * filled: no registry is asked, the tests send nothing over the network.
 *
 * toolkit 'cdktf': the peers as package.json names them (cdktf 0.21).
 * toolkit 'cdktn': CDK Terrain through the npm alias recipe README documents: `cdktf` is
 * `npm:cdktn@<ver>`, and an override makes every package that asks for `cdktf` (ours and the
 * @cdktf/provider-* bindings) get that same copy; one core in the app, as cdktn requires.
 */
import { createHash } from 'crypto';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

export const ROOT = join(__dirname, '..', '..');
export const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));

export type Toolkit = 'cdktf' | 'cdktn';

/** The version our lock holds for a top-level package (devDependencies are pinned exactly). */
export function locked(name: string): string {
  const entry = lock.packages[`node_modules/${name}`];
  if (!entry) throw new Error(`package-lock.json has no node_modules/${name}: add it to devDependencies`);
  return entry.version;
}

/** Copies a lock entry and its dependency closure from our lock, placing `from` at `to`. */
function addClosure(packages: Record<string, any>, from: string, to: string, extra: Record<string, unknown> = {}): void {
  const queue: [string, string][] = [[from, to]];
  while (queue.length > 0) {
    const [src, dst] = queue.shift() as [string, string];
    if (packages[dst] || !lock.packages[src]) continue;
    const { dev, peer, devOptional, ...entry } = lock.packages[src];
    packages[dst] = src === from ? { ...entry, ...extra } : entry;
    // Bundled dependencies live under the package's own folder: move them with it.
    for (const path of Object.keys(lock.packages)) {
      if (path.startsWith(`${src}/node_modules/`) && lock.packages[path].inBundle) queue.push([path, dst + path.slice(src.length)]);
    }
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      // Node resolution: the nearest node_modules up from the package's folder.
      let base = src;
      for (;;) {
        const candidate = `${base}/node_modules/${name}`;
        if (lock.packages[candidate]) {
          queue.push([candidate, dst + candidate.slice(src.length)]);
          break;
        }
        const up = base.lastIndexOf('/node_modules/');
        if (up === -1) {
          queue.push([`node_modules/${name}`, `node_modules/${name}`]);
          break;
        }
        base = base.slice(0, up);
      }
    }
  }
}

/** Writes package.json and package-lock.json of a consumer of `tarballPath` into `dir`. */
export function writeConsumer(dir: string, tarballPath: string, toolkit: Toolkit = 'cdktf'): void {
  const spec = `file:${tarballPath}`;
  // Exact versions from our lock: a peer may be a range, a consumer's lock pins one version.
  const peers = Object.fromEntries(Object.keys(pkg.peerDependencies).map((name) => [name, locked(name)]));
  const cdktn = `npm:cdktn@${locked('cdktn')}`;
  const dependencies: Record<string, string> = { 'atlas-azure-private-link': spec, ...peers, ...(toolkit === 'cdktn' ? { cdktf: cdktn } : {}) };
  const overrides = toolkit === 'cdktn' ? { cdktf: '$cdktf' } : undefined;
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
  for (const name of [...Object.keys(pkg.peerDependencies), ...Object.keys(pkg.dependencies)]) {
    if (toolkit === 'cdktn' && name === 'cdktf') {
      // Under another name, npm would look cdktn up by the folder's name; the tarball URL and
      // integrity let it take the tarball from its cache instead.
      const version = locked('cdktn');
      addClosure(packages, 'node_modules/cdktn', 'node_modules/cdktf', { name: 'cdktn', resolved: `https://registry.npmjs.org/cdktn/-/cdktn-${version}.tgz` });
    }
    else addClosure(packages, `node_modules/${name}`, `node_modules/${name}`);
  }
  const manifest = { name: 'consumer', version: '1.0.0', private: true, dependencies, ...(overrides ? { overrides } : {}) };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
}
