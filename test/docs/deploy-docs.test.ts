/**
 * The README's "Deploy to your own Azure and Atlas" section is checked against the code: it opens
 * the README, every npm script, local bin, repository file, bundle file and config field it names
 * exists, every flag it passes is one the command takes, its in-page links resolve. And no doc or
 * source anywhere tells a user to run a bare `npx atlas-pl-verify` (nothing is published under
 * that name: whoever registered it would run their code on the VM).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { extname, join } from 'path';
import { DESCRIPTIONS } from '../../app/config-schema';
import { writeBundle } from '../../handoff/bundle';
import { HELP as HANDOFF_HELP } from '../../handoff/cli';
import { renderReadme } from '../../handoff/readme';
import { VERIFIER_BUILD_PATH, VERIFIER_FILE } from '../../handoff/verifier-file';
import { HELP as VERIFY_HELP } from '../../verify/args';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  scripts: Record<string, string>;
  bin: Record<string, string>;
  devDependencies: Record<string, string>;
};
const example = JSON.parse(readFileSync(join(ROOT, 'config', 'example.json'), 'utf8')) as { stackName: string };
const DEPLOY = 'Deploy to your own Azure and Atlas';

/** The text of a `## ` section, up to the next `## `. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`no section "## ${title}"`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start + 1, end === -1 ? undefined : end);
}

const deploy = section(README, DEPLOY);
const fenced = [...deploy.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
const inline = [...deploy.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);

/** Shell commands: fenced lines (continuations joined, comments dropped) and inline code spans, split at && and ;. */
const commands = [...fenced.replace(/\\\n\s*/g, ' ').split('\n'), ...inline]
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .flatMap((line) => line.split(/\s*(?:&&|;)\s*/))
  .map((cmd) => cmd.replace(/^(?:[A-Z_][A-Z0-9_]*=\S+\s+)+/, '').trim()) // leading VAR=value
  .filter((cmd) => cmd !== '');

describe(`README: "${DEPLOY}"`, () => {
  test('opens the README, right after the one-paragraph intro, and "Developing this project" follows it', () => {
    const h2 = [...README.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(h2.slice(0, 2)).toEqual([DEPLOY, 'Developing this project']);
    const intro = README.slice(0, README.indexOf(`## ${DEPLOY}`));
    expect(intro.split('\n').filter((l) => l.startsWith('#'))).toEqual(['# atlas-azure-private-link']);
  });

  test('walks through prerequisites, permissions, authentication, the config, deploy, the second apply, verifying, cost and teardown, in that order', () => {
    const h3 = [...deploy.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    const wanted = [/prerequisites/i, /permissions/i, /authentication/i, /config/i, /deploy/i, /second apply/i, /verify/i, /cost/i, /teardown/i];
    expect(h3).toHaveLength(wanted.length);
    h3.forEach((title, i) => expect(title).toMatch(wanted[i]));
  });

  test('names only npm scripts that package.json defines, with flags the script takes', () => {
    const npmRuns = commands.filter((c) => c.startsWith('npm run '));
    expect(npmRuns.length).toBeGreaterThan(0);
    for (const cmd of npmRuns) {
      const [script, ...rest] = cmd.slice('npm run '.length).split(/\s+/);
      expect({ cmd, defined: script in pkg.scripts }).toEqual({ cmd, defined: true });
      const flags = rest.filter((w) => w.startsWith('--') && w !== '--');
      if (script === 'handoff') for (const flag of flags) expect({ cmd, flag, known: HANDOFF_HELP.includes(`${flag} `) }).toEqual({ cmd, flag, known: true });
      else expect({ cmd, flags }).toEqual({ cmd, flags: [] });
    }
    for (const cmd of commands.filter((c) => c.startsWith('npm ') && !c.startsWith('npm run '))) expect(cmd).toMatch(/^npm (ci|test)$/);
  });

  test('runs npx only for this repository\'s own pinned tools, or this package by name', () => {
    const npx = commands.filter((c) => /^npx\s+\S/.test(c));
    expect(npx.length).toBeGreaterThan(0);
    for (const cmd of npx) {
      const pinned = /^npx -p (\S+) (\S+)/.exec(cmd);
      if (pinned) {
        expect({ cmd, pkg: pinned[1], bin: pinned[2] in pkg.bin }).toEqual({ cmd, pkg: pkg.name, bin: true });
        continue;
      }
      const bin = cmd.split(/\s+/)[1];
      // A bin of a devDependency this repository pins, installed by `npm ci`.
      expect({ cmd, installed: existsSync(join(ROOT, 'node_modules', '.bin', bin)) }).toEqual({ cmd, installed: true });
      expect(bin).toBe('cdktf');
      expect(pkg.devDependencies['cdktf-cli']).toMatch(/^\d+\.\d+\.\d+$/);
      expect(cmd).toContain(` ${example.stackName}`); // the stack the example config names
    }
  });

  test('passes the verifier only flags it takes, and runs it as the single file', () => {
    const runs = commands.filter((c) => /\batlas-pl-verify\b/.test(c) && !/^(cp|scp)\b/.test(c));
    expect(runs.length).toBeGreaterThan(0);
    for (const cmd of runs.filter((c) => c.startsWith('node '))) {
      expect(cmd.split(/\s+/)[1]).toBe(VERIFIER_FILE);
      for (const flag of cmd.split(/\s+/).filter((w) => w.startsWith('--'))) expect({ cmd, flag, known: VERIFY_HELP.includes(`${flag} `) }).toEqual({ cmd, flag, known: true });
    }
  });

  test('names only repository files that exist, and build outputs that the build writes', () => {
    const candidates = new Set([...`${deploy}`.matchAll(/(?<![\w./-])((?:config|docs|app|lib|verify|handoff|scripts|rehearse|tools|examples|bin|dist)\/[\w./-]*[\w-]|main\.ts)(?![\w/-])/g)].map((m) => m[1]));
    expect(candidates.size).toBeGreaterThan(3);
    const builtBy: Record<string, boolean> = {
      [VERIFIER_BUILD_PATH]: pkg.scripts.build.includes('verifier-file.js') && pkg.scripts.prepare === pkg.scripts.build,
      'dist/main.js': JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')).app === 'node dist/main.js',
      // Not a repository path: the folder inside each handoff bundle (checked against a real bundle below).
      [`verify/${VERIFIER_FILE}`]: true,
    };
    for (const path of candidates) {
      if (path === 'config/prod.json') continue; // the user's copy, made by the `cp` the section shows
      const ok = path in builtBy ? builtBy[path] : existsSync(join(ROOT, path));
      expect({ path, ok }).toEqual({ path, ok: true });
    }
    expect(commands).toContain('cp config/example.json config/prod.json');
  });

  test('the handoff bundle it describes holds the files it names', () => {
    const work = mkdtempSync(join(tmpdir(), 'deploy-docs-'));
    try {
      const { stacks } = writeBundle(join(ROOT, 'config', 'example.json'), join(work, 'bundles'));
      expect(stacks.map((s) => s.name)).toEqual([example.stackName]);
      expect(deploy).toContain(`cd bundles/${example.stackName} `);
      for (const file of [`verify/${VERIFIER_FILE}`, 'README.md']) expect({ file, there: existsSync(join(stacks[0].dir, file)) }).toEqual({ file, there: true });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('names only config fields that the config schema has', () => {
    const fields = new Set([...deploy.matchAll(/`((?:atlas|azure|endpoints|dns|backend|timeouts)(?:\[\])?\.[\w.[\]]+)`/g)].map((m) => m[1]));
    expect(fields.size).toBeGreaterThan(3);
    for (const field of fields) expect({ field, known: field in DESCRIPTIONS }).toEqual({ field, known: true });
    for (const field of [...deploy.matchAll(/`(existing\w+)`/g)].map((m) => `endpoints[].${m[1]}`)) expect({ field, known: field in DESCRIPTIONS }).toEqual({ field, known: true });
  });

  test('its links into the README resolve to headings', () => {
    const slugs = new Set([...README.matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1].toLowerCase().replace(/[^\w\s-]/g, '').trim().replace(/\s/g, '-')));
    const anchors = [...deploy.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(anchors.length).toBeGreaterThan(0);
    for (const anchor of anchors) expect({ anchor, found: slugs.has(anchor) }).toEqual({ anchor, found: true });
    for (const link of [...deploy.matchAll(/\]\(((?:docs|config)\/[^)#]+)/g)].map((m) => m[1])) expect({ link, there: existsSync(join(ROOT, link)) }).toEqual({ link, there: true });
  });
});

/** `npx [flags] atlas-pl-verify`, unless a flag names the package (`-p`/`--package`). */
const BARE_NPX = /\bnpx\s+(?:(?!-p\b|--package\b)--?[\w-]+(?:=\S+)?\s+)*atlas-pl-verify\b/;

test('the bare-npx pattern catches what it should, and only that', () => {
  for (const bad of ['npx atlas-pl-verify --outputs o.json', 'run `npx --yes atlas-pl-verify`', 'npx  -y atlas-pl-verify']) expect({ bad, caught: BARE_NPX.test(bad) }).toEqual({ bad, caught: true });
  for (const good of ['npx -p atlas-azure-private-link atlas-pl-verify', 'npx --package atlas-azure-private-link atlas-pl-verify', 'node atlas-pl-verify.cjs', 'npm run verify']) {
    expect({ good, caught: BARE_NPX.test(good) }).toEqual({ good, caught: false });
  }
});

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'cdktf.out', 'bundles', 'test', '.gen', '.terraform']);
const TEXT = new Set(['.md', '.ts', '.js', '.cjs', '.json', '.sh', '.go', '.hcl', '.tf', '.txt', '.yml', '.yaml', '.snap', '']);

function textFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) return SKIP_DIRS.has(name) ? [] : textFiles(path);
    return TEXT.has(extname(name)) && name !== 'package-lock.json' && stat.size < 2_000_000 ? [path] : [];
  });
}

test('no doc, source or generated handoff README tells anyone to run a bare `npx atlas-pl-verify`', () => {
  const files = textFiles(ROOT);
  expect(files).toEqual(expect.arrayContaining([join(ROOT, 'README.md'), join(ROOT, 'docs', 'verifier.md'), join(ROOT, 'handoff', 'readme.ts')]));
  const offenders = files.filter((f) => BARE_NPX.test(readFileSync(f, 'utf8'))).map((f) => f.slice(ROOT.length + 1));
  expect(offenders).toEqual([]);
  const bundleReadme = renderReadme({ stackName: 's', json: {}, terraformFile: 'cdk.tf.json', configName: 'c.json', applyOrder: ['s'], verifier: { version: '0.1.0', sha256: '0'.repeat(64) } });
  expect(bundleReadme).toContain('node atlas-pl-verify.cjs --outputs outputs.json');
  expect(BARE_NPX.test(bundleReadme)).toBe(false);
});
