/**
 * Self-contained Terraform bundles, one directory per stack, for teams that run Terraform in their
 * own pipeline. Everything is staged first and moved into place only when every config has
 * synthesized and nothing in the way was written by someone else (./ownership.ts), so a failure
 * leaves no partial bundle and no new folder behind.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join, relative, resolve } from 'path';
import { makeDirs } from '../app/dirs';
import { synthConfigFile } from '../app/synth';
import { renderIndex, StaleBundle } from './index-readme';
import { BUNDLE_MARKER, bundleMark, checkOutTarget, checkReplaceable, outWriteError, staleBundles } from './ownership';
import { renderReadme } from './readme';
import { svgDiagram } from './svg';
import { relativeLocalStatePath, relativeLocalStatePathHcl } from './state-path';
import { TfJson } from './tf-json';

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
  const target = resolve(outDir);
  checkOutTarget(target);
  checkReplaceable(target, []); // the index, before any work; the bundles once their names are known
  const staging = stagingDir(target);
  try {
    const staged = configPaths.flatMap((configPath, i) => stageConfig(configPath, join(staging, `config-${i}`), options));
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

/** Beside the target when its parent exists (same filesystem: renames are atomic), else in the temp folder. */
function stagingDir(target: string): string {
  const parent = dirname(target);
  try {
    return existsSync(parent) ? mkdtempSync(join(parent, `.${basename(target)}.handoff-`)) : mkdtempSync(join(tmpdir(), 'handoff-'));
  } catch (error) {
    throw outWriteError(error, target);
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
    writeFileSync(join(dir, BUNDLE_MARKER), bundleMark(stack.name, configName));
    writeFileSync(join(dir, 'README.md'), renderReadme({ stackName: stack.name, json, terraformFile, configName, applyOrder }));
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
