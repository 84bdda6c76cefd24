import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { main, parseArgs } from '../../handoff/cli';

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env });
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
  ])('%j exits 2 naming the flag', async (argv, message) => {
    const { code, stderr, stdout } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
    expect(existsSync(join(work, 'x'))).toBe(false);
  });

  test('--help prints usage and exits 0', async () => {
    const { code, stdout } = await run(['--help']);
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

  test('a bad config exits 2 with one line naming the file and the field, and writes nothing', async () => {
    const bad = join(work, 'bad.json');
    writeFileSync(bad, JSON.stringify({ atlas: { projectId: '64b7f2c1e4b0a1d2c3f4a5b6' }, azure: { resourceGroupName: 'rg' }, endpoints: [{ region: 'mars' }] }));
    const { code, stderr } = await run(['--out', join(work, 'bad-out', 'deeper'), '--config', join(ROOT, 'config', 'example.json'), '--config', bad]);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^handoff: ${bad}: endpoints\\[0\\]\\.region: "mars" is not an Azure region[^\\n]*\\n$`));
    expect(readdirSync(work).sort()).toEqual(['bad.json']);
  });

  test('a bad config reached through a construct names the config field too', async () => {
    const bad = join(work, 'timeouts.json');
    const example = JSON.parse(readFileSync(join(ROOT, 'config', 'example.json'), 'utf8'));
    writeFileSync(bad, JSON.stringify({ ...example, timeouts: { service: 'an hour' } }));
    const { code, stderr } = await run(['--out', join(work, 'never'), '--config', bad]);
    rmSync(bad);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^handoff: .*timeouts\.json: timeouts\.service: "an hour" is not a Terraform duration/);
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  test.each([
    ['a file', (dir: string) => {
      writeFileSync(join(dir, 'file'), 'x');
      return join(dir, 'file');
    }, /^handoff: --out: .*file is a file, not a directory\n$/],
    ['a folder holding a README.md no handoff wrote (--out .)', (dir: string) => {
      writeFileSync(join(dir, 'README.md'), '# repo');
      return dir;
    }, /^handoff: --out: .*README\.md exists and was not written by npm run handoff[^\n]*\n$/],
  ])('--out at %s exits 2 with one line naming --out and the path', async (_name, make, message) => {
    const dir = mkdtempSync(join(work, 'target-'));
    const { code, stderr, stdout } = await run(['--out', make(dir), '--config', join(ROOT, 'config', 'example.json')]);
    rmSync(dir, { recursive: true, force: true });
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(message);
  });

  test('writes the bundles and prints one line per stack', async () => {
    const out = join(work, 'ok');
    const { code, stdout } = await run(['--out', out, '--config', join(ROOT, 'config', 'example.json')]);
    expect(code).toBe(0);
    expect(stdout).toBe(`atlas-private-link: ${join(out, 'atlas-private-link')}\n`);
  });
});
