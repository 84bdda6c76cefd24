/**
 * The handoff CLI as a process, the way npm runs it: signals, the environment (TMPDIR, INIT_CWD)
 * and files that are not config files. Run through the TypeScript register, so no build is needed.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const CLI = [process.execPath, '-r', join(ROOT, 'test/harness/ts-register.js'), join(ROOT, 'handoff/cli.ts')];
const EXAMPLE = join(ROOT, 'config', 'example.json');
const work = mkdtempSync(join(process.env.ATLAS_PL_TEST_TMP ?? tmpdir(), 'handoff-process-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fresh(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  return dir;
}

function handoff(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(CLI[0], [...CLI.slice(1), ...args], { cwd, env: { ...process.env, npm_lifecycle_event: '', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s while the handoff stages its bundles', (signal, status) => {
  test(`exits ${status} within a synth step, saying so, and leaves neither staging nor --out`, async () => {
    const parent = fresh(`signal-${signal}`);
    const child = spawn(CLI[0], [...CLI.slice(1), '--out', join(parent, 'out'), '--hcl'], { cwd: parent, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const done = exited(child);
    await waitFor(() => readdirSync(parent).some((n) => n.startsWith('.out.handoff-')), 30_000);
    const sent = Date.now();
    child.kill(signal);
    const { code } = await done;
    const took = Date.now() - sent;
    expect(code).toBe(status);
    expect(stderr).toBe(`handoff: interrupted (${signal}): nothing was written to --out, and the staging folder is removed\n`);
    expect(readdirSync(parent)).toEqual([]);
    expect(took).toBeLessThan(10_000); // one config's synthesis at most (about a second here)
  }, 60_000);
});

test('after a SIGKILL mid-staging, the next run removes the staging folder the killed one left', async () => {
  const parent = fresh('sigkill');
  const child = spawn(CLI[0], [...CLI.slice(1), '--out', join(parent, 'out'), '--hcl'], { cwd: parent, stdio: 'ignore' });
  const done = exited(child);
  await waitFor(() => readdirSync(parent).some((n) => n.startsWith('.out.handoff-')), 30_000);
  child.kill('SIGKILL');
  await done;
  expect(readdirSync(parent).filter((n) => n.startsWith('.out.handoff-'))).toHaveLength(1); // what the fix sweeps
  const next = handoff(['--out', 'out', '--config', EXAMPLE], parent);
  expect(next.status).toBe(0);
  expect(readdirSync(parent)).toEqual(['out']);
}, 60_000);

describe('usage problems from the environment and the file system: one line, exit 2, nothing written', () => {
  test('a TMPDIR that is not a folder, when staging has to go there', () => {
    const dir = fresh('tmpdir-file');
    writeFileSync(join(dir, 'file'), 'x');
    const run = handoff(['--out', join(dir, 'a', 'b'), '--config', EXAMPLE], dir, { TMPDIR: join(dir, 'file') });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`handoff: TMPDIR: ${join(dir, 'file')} is not a directory; the handoff stages its bundles there when --out's parent does not exist yet (set TMPDIR to a folder, or create --out's parent)\n`);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  test('a dangling --out link is called a dangling link', () => {
    const dir = fresh('dangling');
    symlinkSync(join(dir, 'nowhere'), join(dir, 'out'));
    const run = handoff(['--out', 'out', '--config', EXAMPLE], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`handoff: --out: ${join(dir, 'out')} is a dangling symbolic link (to ${join(dir, 'nowhere')}); remove it or create its target\n`);
    expect(readdirSync(dir)).toEqual(['out']);
  });

  test.each([
    ['a FIFO (it would block the read forever)', (dir: string) => {
      execFileSync('mkfifo', [join(dir, 'c.json')]);
      return join(dir, 'c.json');
    }, /is a named pipe \(FIFO\), not a config file/],
    ['/dev/zero (it never ends)', () => '/dev/zero', /^handoff: config file: \/dev\/zero is a device, not a config file/],
    ['a directory', (dir: string) => dir, /is a directory, not a config file/],
  ])('a config that is %s', (_name, make, message) => {
    const dir = fresh(`config-${_name.split(' ')[1]}`);
    const config = make(dir);
    const before = readdirSync(dir);
    const run = handoff(['--out', join(dir, 'out'), '--config', config], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(readdirSync(dir)).toEqual(before);
  });
});

test('under npm run handoff, relative paths are read from the folder npm was called in (INIT_CWD), not the package root', () => {
  const caller = fresh('caller');
  writeFileSync(join(caller, 'mine.json'), readFileSync(EXAMPLE, 'utf8'));
  const env = { npm_lifecycle_event: 'handoff', INIT_CWD: caller };
  const run = handoff(['--out', 'bundles', '--config', 'mine.json'], ROOT, env);
  expect(run.stderr).toBe('');
  expect(run.stdout).toBe(`atlas-private-link: ${join(caller, 'bundles', 'atlas-private-link')}\n`);
  expect(existsSync(join(ROOT, 'bundles'))).toBe(false);
  const fromEnv = handoff(['--out', 'env-bundles'], ROOT, { ...env, ATLAS_PL_CONFIG: 'mine.json' });
  expect(fromEnv.status).toBe(0);
  expect(readdirSync(join(caller, 'env-bundles')).sort()).toEqual(['README.md', 'atlas-private-link']);
});

