import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { main, parseArgs } from '../../scripts/handoff/cli';

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env });
  return { code, stdout, stderr };
}

describe('handoff CLI flags', () => {
  test.each([
    [['--out', join(work, 'x'), '--bogus'], /unknown flag --bogus/],
    [['--out'], /--out: expected a value/],
    [['--out', '--hcl'], /--out: expected a value/],
    [['--out', join(work, 'x'), '--config'], /--config: expected a value/],
    [['--out=', '--hcl'], /--out: expected a value/],
    [['--hcl'], /--out: required/],
    [['--out', 'a', '--out', 'b'], /--out: given twice/],
    [['--out', 'a', 'stray'], /unexpected argument "stray"/],
    [['--hcl=yes', '--out', 'a'], /unknown flag --hcl/],
  ])('%j exits 2 naming the flag', (argv, message) => {
    const { code, stderr, stdout } = run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
    expect(existsSync(join(work, 'x'))).toBe(false);
  });

  test('--help prints usage and exits 0', () => {
    const { code, stdout } = run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: npm run handoff -- --out <dir>');
  });

  test('defaults to both shipped configs, or to ATLAS_PL_CONFIG when set', () => {
    expect(parseArgs(['--out', 'o'], {})).toEqual({
      out: 'o',
      hcl: false,
      configs: [join(ROOT, 'config', 'example.json'), join(ROOT, 'config', 'two-endpoints.json')],
    });
    expect(parseArgs(['--out=o', '--hcl'], { ATLAS_PL_CONFIG: 'mine.json' })).toEqual({ out: 'o', hcl: true, configs: ['mine.json'] });
    expect(parseArgs(['--out', 'o', '--config', 'a.json', '--config=b.json'], { ATLAS_PL_CONFIG: 'mine.json' })).toMatchObject({
      configs: ['a.json', 'b.json'],
    });
  });

  test('a bad config exits 1 with the field named, and writes nothing', () => {
    const bad = join(work, 'bad.json');
    writeFileSync(bad, JSON.stringify({ atlas: { projectId: '64b7f2c1e4b0a1d2c3f4a5b6' }, azure: { resourceGroupName: 'rg' }, endpoints: [{ region: 'mars' }] }));
    const { code, stderr } = run(['--out', join(work, 'bad-out'), '--config', bad]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^handoff: .*endpoints\[0\]\.region/);
    expect(readdirSync(work).sort()).toEqual(['bad.json']);
  });

  test('writes the bundles and prints one line per stack', () => {
    const out = join(work, 'ok');
    const { code, stdout } = run(['--out', out, '--config', join(ROOT, 'config', 'example.json')]);
    expect(code).toBe(0);
    expect(stdout).toBe(`atlas-private-link: ${join(out, 'atlas-private-link')}\n`);
  });
});
