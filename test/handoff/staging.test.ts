/**
 * A handoff killed while staging (SIGKILL: no handler runs) leaves `.<out>.handoff-*` behind; the
 * next run into that --out removes it, and only folders a handoff wrote whose process is gone.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { writeBundles } from '../../handoff/bundle';
import { BUNDLE_MARKER, bundleMark } from '../../handoff/ownership';
import { makeStaging, STAGING_MARKER, sweepStaging } from '../../handoff/staging';

const EXAMPLE = join(__dirname, '..', '..', 'config', 'example.json');
const work = mkdtempSync(join(process.env.ATLAS_PL_TEST_TMP ?? tmpdir(), 'handoff-staging-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim() as unknown as number;
}

function staging(parent: string, name: string, mark: object | undefined): string {
  const dir = join(parent, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'half-written.tf.json'), '{');
  if (mark) writeFileSync(join(dir, STAGING_MARKER), JSON.stringify(mark));
  return dir;
}

const WRITTEN_BY = JSON.parse(readFileSync(join(makeStaging(join(work, 'probe')), STAGING_MARKER), 'utf8')).writtenBy;

test('a new staging folder carries the marker with this process and its start', () => {
  const [probe] = readdirSync(work).filter((n) => n.startsWith('.probe.handoff-'));
  const mark = JSON.parse(readFileSync(join(work, probe, STAGING_MARKER), 'utf8'));
  expect(mark).toEqual({ writtenBy: WRITTEN_BY, pid: process.pid, startedAt: expect.any(Number) });
  rmSync(join(work, probe), { recursive: true });
});

test('the next run removes the staging a killed run left, and nothing else', () => {
  const parent = join(work, 'sweep');
  mkdirSync(parent);
  const dead = Number(deadPid());
  const killed = staging(parent, '.out.handoff-KILLED', { writtenBy: WRITTEN_BY, pid: dead, startedAt: Date.now() });
  const running = staging(parent, '.out.handoff-RUNNING', { writtenBy: WRITTEN_BY, pid: process.ppid, startedAt: Date.now() });
  const unmarked = staging(parent, '.out.handoff-NOMARK', undefined);
  const foreign = staging(parent, '.out.handoff-FOREIGN', { writtenBy: 'someone else', pid: dead, startedAt: 0 });
  const otherOut = staging(parent, '.other.handoff-KILLED', { writtenBy: WRITTEN_BY, pid: dead, startedAt: Date.now() });

  writeBundles([EXAMPLE], join(parent, 'out'));

  expect(existsSync(killed)).toBe(false);
  for (const kept of [running, unmarked, foreign, otherOut]) expect(existsSync(kept)).toBe(true);
  expect(readdirSync(parent).sort()).toEqual(['.other.handoff-KILLED', '.out.handoff-FOREIGN', '.out.handoff-NOMARK', '.out.handoff-RUNNING', 'out']);
});

test('a staging folder older than any run is removed even if its pid was reused by a live process', () => {
  const parent = join(work, 'old');
  mkdirSync(parent);
  const old = staging(parent, '.out.handoff-OLD', { writtenBy: WRITTEN_BY, pid: process.ppid, startedAt: Date.now() - 2 * 3600 * 1000 });
  expect(sweepStaging(join(parent, 'out'))).toEqual([old]);
});

test('a bundle a killed run had set aside for replacement is put back when its new version never arrived', () => {
  const out = join(work, 'replaced');
  const dead = Number(deadPid());
  const aside = join(out, `.atlas-private-link.replaced-${dead}`);
  mkdirSync(aside, { recursive: true });
  writeFileSync(join(aside, BUNDLE_MARKER), bundleMark('atlas-private-link', 'config/example.json'));
  const notOurs = join(out, `.mine.replaced-${dead}`);
  mkdirSync(notOurs);
  expect(sweepStaging(out)).toEqual([aside]);
  expect(existsSync(join(out, 'atlas-private-link', BUNDLE_MARKER))).toBe(true);
  expect(existsSync(notOurs)).toBe(true);
});
