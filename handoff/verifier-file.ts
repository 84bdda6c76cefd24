/**
 * The verifier as ONE file that runs with `node` alone: verify/cli.ts and everything it imports
 * (the mongodb driver and its own dependencies) bundled by esbuild into a CommonJS file.
 *
 * Why: the verifier must run on a VM inside a private VNet, which often has no npm registry, and
 * a bare `npx` of the command name would run whatever someone registers under it. So
 * every handoff bundle carries this file, `npm run build` writes it to dist/, and the docs say
 * `node atlas-pl-verify.cjs`.
 *
 * `node dist/handoff/verifier-file.js [--out <file>]` writes it (default dist/atlas-pl-verify.cjs).
 */
import { buildSync, version as esbuildVersion } from 'esbuild';
import { createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { dirname, join, resolve } from 'path';

export const VERIFIER_FILE = 'atlas-pl-verify.cjs';
/** Where `npm run build` writes it, relative to the package root. */
export const VERIFIER_BUILD_PATH = `dist/${VERIFIER_FILE}`;

export interface BundledPackage {
  readonly name: string;
  readonly version: string;
  readonly license: string;
}

export interface VerifierBundle {
  /** The whole file: a header, the bundled code, the third-party licenses. */
  readonly text: string;
  /** sha256 of `text`, hex: what a VM can check after copying the file. */
  readonly sha256: string;
  /** Every npm package inside the file, sorted by name. */
  readonly packages: readonly BundledPackage[];
  /** Modules the driver loads only when installed (optional peers); absent here, so those features are off. */
  readonly optionalModules: readonly string[];
  readonly version: string;
}

let cached: VerifierBundle | undefined;

/** Builds the file once per process (about 0.3 s). */
export function verifierBundle(): VerifierBundle {
  cached ??= buildVerifier(packageRoot());
  return cached;
}

function buildVerifier(root: string): VerifierBundle {
  const own = readJson(join(root, 'package.json')) as { name: string; version: string; engines?: { node?: string } };
  const driver = readJson(join(root, 'node_modules', 'mongodb', 'package.json')) as { peerDependenciesMeta?: Record<string, { optional?: boolean }> };
  // The driver require()s these inside try/catch and reports a clear error only if a feature needs
  // one (Kerberos, client-side encryption, compression, a SOCKS proxy, AWS/GCP auth): none of
  // which the verifier uses. Leaving them out keeps the file free of native code.
  const optionalModules = Object.entries(driver.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([name]) => name).sort();
  const result = buildSync({
    entryPoints: [join(root, 'verify', 'cli.ts')],
    absWorkingDir: root, // comments in the output name files relative to it, never this machine's paths
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: optionalModules,
    legalComments: 'none', // the license texts are appended whole below instead
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  if (result.warnings.length > 0) {
    throw new Error(`esbuild warned while bundling the verifier: ${result.warnings.map((w) => w.text).join('; ')}`);
  }
  const code = result.outputFiles[0].text;
  const packages = bundledPackages(root, Object.keys(result.metafile.inputs));
  const mongodb = packages.find((p) => p.name === 'mongodb');
  const node = own.engines?.node ?? '>=20';
  const header = [
    `// ${VERIFIER_FILE.replace(/\.cjs$/, '')} ${own.version}: the verifier of ${own.name} in one file, bundled with the MongoDB driver ${mongodb?.version ?? ''} and its dependencies; run: node ${VERIFIER_FILE} --help`,
    `// Needs only Node.js ${node} (no npm install). Built by esbuild ${esbuildVersion} from verify/cli.ts; do not edit, rebuild it.`,
    `// Left out (optional driver modules, not used by the verifier): ${optionalModules.join(', ')}. Third-party licenses: at the end.`,
  ].join('\n');
  const text = `${header}\n${code}${licenseFooter(root, packages, Object.keys(result.metafile.inputs))}`;
  return {
    text,
    sha256: createHash('sha256').update(text).digest('hex'),
    packages,
    optionalModules,
    version: own.version,
  };
}

/** `node_modules/<name>/...` and `node_modules/@scope/<name>/...` inputs, one entry per package. */
function packageDirs(inputs: readonly string[]): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const input of inputs) {
    const at = input.lastIndexOf('node_modules/');
    if (at === -1) continue;
    const parts = input.slice(at + 'node_modules/'.length).split('/');
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    dirs.set(`${input.slice(0, at)}node_modules/${name}`, name);
  }
  return dirs;
}

function bundledPackages(root: string, inputs: readonly string[]): BundledPackage[] {
  return [...packageDirs(inputs).keys()]
    .map((dir) => {
      const pkg = readJson(join(root, dir, 'package.json')) as { name: string; version: string; license?: string };
      return { name: pkg.name, version: pkg.version, license: pkg.license ?? 'see its package' };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function licenseFooter(root: string, packages: readonly BundledPackage[], inputs: readonly string[]): string {
  const lines = ['', 'Third-party software bundled in this file (name, version, license):', ...packages.map((p) => `  ${p.name} ${p.version} (${p.license})`)];
  for (const [dir, name] of [...packageDirs(inputs).entries()].sort((a, b) => a[1].localeCompare(b[1]))) {
    const file = readdirSync(join(root, dir)).find((f) => /^(licen[cs]e|copying)([-.][\w.-]*)?$/i.test(f));
    if (!file) continue;
    lines.push('', `---- ${name}: ${file} ----`, ...readFileSync(join(root, dir, file), 'utf8').trimEnd().split('\n'));
  }
  return `${lines.map((l) => (l === '' ? '//' : `// ${l}`)).join('\n')}\n`;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The package root, from handoff/ in source or dist/handoff/ when compiled. */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('verifier-file: cannot find the package root (package.json)');
    dir = parent;
  }
  return dir;
}

/** Writes the file atomically (a temporary name beside it, then a rename). */
export function writeVerifierFile(path: string): VerifierBundle {
  const bundle = verifierBundle();
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, bundle.text);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
  return bundle;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (!(args.length === 0 || (args.length === 2 && args[0] === '--out' && args[1] !== ''))) {
    process.stderr.write('verifier-file: usage: node dist/handoff/verifier-file.js [--out <file>]\n');
    process.exit(2);
  }
  const out = resolve(args.length === 2 ? args[1] : join(packageRoot(), VERIFIER_BUILD_PATH));
  const started = Date.now();
  const bundle = writeVerifierFile(out);
  process.stdout.write(`${out}: ${Buffer.byteLength(bundle.text)} bytes, sha256 ${bundle.sha256} (${Date.now() - started} ms)\n`);
}
