/**
 * Self-contained Terraform bundles, one directory per stack, for teams that run Terraform in their
 * own pipeline. Everything is staged first and moved into place only when every config has
 * synthesized and nothing in the way was written by someone else (./ownership.ts), so a failure
 * leaves no partial bundle and no new folder behind.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { basename, dirname, join, relative, resolve } from 'path';
import { makeDirs } from '../app/dirs';
import { synthConfigFile } from '../app/synth';
import { renderIndex, StaleBundle } from './index-readme';
import { BUNDLE_MARKER, bundleMark, checkOutTarget, checkReplaceable, outWriteError, staleBundles } from './ownership';
import { renderReadme } from './readme';
import { makeStaging, sweepStaging } from './staging';
import { svgDiagram } from './svg';
import { relativeLocalStatePath, relativeLocalStatePathHcl } from './state-path';
import { TfJson } from './tf-json';
import { VERIFIER_FILE, verifierBundle } from './verifier-file';

export interface BundleOptions {
  /** Ship `cdk.tf` (HCL) instead of `cdk.tf.json`. */
  readonly hcl?: boolean;
}

export interface BundleResult {
  readonly stacks: { readonly name: string; readonly dir: string }[];
}

export interface StagedStack {
  readonly name: string;
  readonly dir: string;
  readonly configPath: string;
  /** The config as the README names it: relative to the working directory when inside it. */
  readonly configName: string;
  readonly json: TfJson;
}

export class BundleError extends Error {}

/** One config's stacks as bundles in `<outDir>/<stackName>/`. */
export function writeBundle(configPath: string, outDir: string, options: BundleOptions = {}): BundleResult {
  return writeBundles([configPath], outDir, options);
}

/**
 * Several configs at once; their stack names must differ, since each names its directory.
 * Throws OutError (naming --out) for a target that is not a directory, that cannot be written,
 * or that holds a folder or README.md in the way that no earlier run wrote.
 */
export function writeBundles(configPaths: readonly string[], outDir: string, options: BundleOptions = {}): BundleResult {
  const steps = bundleSteps(configPaths, outDir, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Ctrl-C or SIGTERM arrived while staging: the staging folder is gone and `--out` untouched. */
export class InterruptedError extends Error {}

/**
 * writeBundles that stops at the next step once `signal` is aborted: synthesis is synchronous, so
 * a signal handler only runs between steps (each one config's synthesis, about a second). Stopping
 * removes the staging folder and leaves `--out` as it was; once the bundles start moving into
 * `--out` (a few renames) the run finishes instead.
 */
export async function writeBundlesInterruptible(
  configPaths: readonly string[],
  outDir: string,
  options: BundleOptions,
  signal: AbortSignal,
): Promise<BundleResult> {
  const steps = bundleSteps(configPaths, outDir, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve)); // lets a pending signal's handler run
    if (signal.aborted) {
      steps.return(undefined as never); // runs the generator's finally: the staging folder goes
      throw new InterruptedError(`interrupted (${String(signal.reason)}): nothing was written to --out, and the staging folder is removed`);
    }
  }
}

/** The work of writeBundles; it yields between steps only while nothing in the target has changed. */
function* bundleSteps(configPaths: readonly string[], outDir: string, options: BundleOptions): Generator<void, BundleResult> {
  const target = resolve(outDir);
  checkOutTarget(target);
  checkReplaceable(target, []); // the index, before any work; the bundles once their names are known
  sweepStaging(target);
  const staging = makeStaging(target);
  try {
    const staged: StagedStack[] = [];
    for (const [i, configPath] of configPaths.entries()) {
      yield;
      staged.push(...stageConfig(configPath, join(staging, `config-${i}`), options));
    }
    yield;
    const seen = new Map<string, string>();
    for (const s of staged) {
      const other = seen.get(s.name);
      if (other !== undefined) throw new BundleError(`${other} and ${s.configPath} both produce stack "${s.name}"; give one a different stackName`);
      seen.set(s.name, s.configPath);
    }
    const names = staged.map((s) => s.name);
    checkReplaceable(target, names);
    const stale: StaleBundle[] = staleBundles(target, names).map(({ dir, mark }) => ({ name: basename(dir), configName: mark.config }));
    writeFileSync(join(staging, 'README.md'), renderIndex(staged, stale));
    try {
      makeDirs(target);
      const stacks = staged.map((s) => ({ name: s.name, dir: replaceDir(s.dir, join(target, s.name)) }));
      for (const s of stale) writeFileSync(join(target, s.name, 'STALE.md'), staleNote(s, target));
      moveInto(join(staging, 'README.md'), join(target, 'README.md'));
      return { stacks };
    } catch (error) {
      throw outWriteError(error, target);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function staleNote(s: StaleBundle, out: string): string {
  return [
    '# Stale bundle',
    '',
    `The last \`npm run handoff\` into \`${out}\` did not regenerate this bundle: it came from an earlier run ` +
      `(config \`${s.configName}\`) and may no longer match that config. Regenerate it with ` +
      `\`npm run handoff -- --out ${out} --config <that config>\`, or delete this folder.`,
    '',
  ].join('\n');
}

/** Synthesizes one config into `<workDir>/synth/` and stages its bundles in `<workDir>/<stackName>/`. */
function stageConfig(configPath: string, workDir: string, options: BundleOptions): StagedStack[] {
  const synthDir = join(workDir, 'synth');
  const jsonOut = join(synthDir, 'json');
  const jsonStacks = synthConfigFile(configPath, jsonOut).stacks;
  // The README and the diagram are read from the JSON even when the bundle ships HCL.
  const hclStacks = options.hcl ? synthConfigFile(configPath, join(synthDir, 'hcl'), { hcl: true }).stacks : [];
  const applyOrder = applyOrderOf(jsonOut);
  const configName = relativeName(configPath);

  const verifier = verifierBundle();
  const staged = jsonStacks.map((stack) => {
    const json = withRelativeState(JSON.parse(readFileSync(join(stack.dir, 'cdk.tf.json'), 'utf8')) as TfJson);
    const dir = join(workDir, stack.name);
    mkdirSync(dir);
    let terraformFile = 'cdk.tf.json';
    if (options.hcl) {
      const hclDir = hclStacks.find((s) => s.name === stack.name)?.dir;
      if (!hclDir) throw new BundleError(`${configPath}: HCL synthesis produced no stack "${stack.name}"`);
      terraformFile = 'cdk.tf';
      writeFileSync(join(dir, terraformFile), relativeLocalStatePathHcl(readFileSync(join(hclDir, 'cdk.tf'), 'utf8')));
    } else {
      writeFileSync(join(dir, terraformFile), `${JSON.stringify(json, null, 2)}\n`);
    }
    writeFileSync(join(dir, 'diagram.svg'), svgDiagram(json, stack.name));
    // The verifier travels with the bundle: one file that runs with `node` alone on the VM.
    mkdirSync(join(dir, 'verify'));
    writeFileSync(join(dir, 'verify', VERIFIER_FILE), verifier.text);
    writeFileSync(join(dir, BUNDLE_MARKER), bundleMark(stack.name, configName));
    writeFileSync(join(dir, 'README.md'), renderReadme({ stackName: stack.name, json, terraformFile, configName, applyOrder, verifier }));
    return { name: stack.name, dir, configPath, configName, json };
  });
  rmSync(synthDir, { recursive: true, force: true });
  return staged;
}

function withRelativeState(json: TfJson): TfJson {
  const local = json.terraform?.backend?.local;
  if (local && typeof local.path === 'string') local.path = relativeLocalStatePath(local.path);
  return json;
}

/** Stack names in dependency order, from cdktf's manifest. */
function applyOrderOf(synthOut: string): string[] {
  const manifest = JSON.parse(readFileSync(join(synthOut, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { dependencies?: string[] }>;
  };
  const order: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (order.includes(name)) return;
    if (path.includes(name)) throw new BundleError(`stacks depend on each other in a cycle: ${[...path, name].join(' -> ')}`);
    for (const dep of manifest.stacks[name]?.dependencies ?? []) visit(dep, [...path, name]);
    order.push(name);
  };
  Object.keys(manifest.stacks).sort().forEach((name) => visit(name, []));
  return order;
}

/** Moves a staged directory over the target (an earlier run's bundle), restoring the old one on failure. */
function replaceDir(from: string, to: string): string {
  const old = existsSync(to) ? join(dirname(to), `.${basename(to)}.replaced-${process.pid}`) : undefined;
  if (old) renameSync(to, old);
  try {
    moveInto(from, to);
  } catch (error) {
    if (old) renameSync(old, to);
    throw error;
  }
  if (old) rmSync(old, { recursive: true, force: true });
  return to;
}

/** rename, or copy and remove across filesystems (staging in the temp folder). */
function moveInto(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

function relativeName(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel.startsWith('..') ? basename(path) : rel;
}
