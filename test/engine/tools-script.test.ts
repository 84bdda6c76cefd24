/**
 * scripts/tools.sh contracts that need no engine: `--print-env` prints only export lines and never
 * builds; on a machine with nothing (no engine, no go command, empty cache) `--ensure` fails fast
 * and says what is missing and how to supply it; a provider mirror given by the user is laid out
 * for both registry host names with a CLI config that never reaches a registry (mode real); without
 * real binaries the replay mirror stands in (mode replay).
 */
import { spawnSync } from 'child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { REPO_ROOT } from './support/configs';

const SCRIPT = join(REPO_ROOT, 'scripts', 'tools.sh');
// No terraform, tofu or go on this PATH (they live in /usr/local here).
const BARE_PATH = '/usr/bin:/bin';
const PLATFORM = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;

function tools(args: string[], env: Record<string, string>) {
  const started = Date.now();
  const result = spawnSync('bash', [SCRIPT, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { HOME: process.env.HOME ?? '/root', PATH: BARE_PATH, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

describe('scripts/tools.sh', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(process.env.ATLAS_PL_TEST_TMP ?? tmpdir(), 'tools-script-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('--print-env prints only export lines, builds nothing, and exports no tool that is absent', () => {
    const cache = join(root, 'empty-cache');
    const run = tools(['--print-env'], { ATLAS_PL_TOOLS_CACHE: cache });
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n').filter((l) => l !== '');
    for (const line of lines) expect(line).toMatch(/^export [A-Z_][A-Z0-9_]*=\S*$/);
    const names = lines.map((l) => l.slice('export '.length).split('=')[0]);
    expect(names).toEqual(expect.arrayContaining(['CHECKPOINT_DISABLE', 'DISABLE_VERSION_CHECK', 'TF_CLI_CONFIG_FILE']));
    expect(names).not.toContain('ATLAS_PL_TF_BINARY');
    expect(names).not.toContain('ATLAS_PL_TF_PROVIDERS');
    expect(names).not.toContain('ATLAS_PL_FERRETDB_BIN');
    expect(names).not.toContain('ATLAS_PL_PROVIDER_MODE');
    expect(names).not.toContain('ATLAS_PL_REPLAY_CLI_CONFIG');
    expect(names).not.toContain('ATLAS_PL_NODE22_BIN');
    expect(run.stderr).toMatch(/no usable Terraform engine/);
    expect(existsSync(join(cache, 'opentofu'))).toBe(false);
    expect(run.ms).toBeLessThan(10_000);
  });

  test('--ensure with nothing available fails fast, naming the missing providers and both ways to supply them', () => {
    const run = tools(['--ensure'], { ATLAS_PL_TOOLS_CACHE: join(root, 'nothing') });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/no Terraform engine/);
    expect(run.stderr).toMatch(/mongodb\/mongodbatlas 1\.41\.1/);
    expect(run.stderr).toMatch(/hashicorp\/azurerm 4\.55\.0/);
    expect(run.stderr).toMatch(/ATLAS_PL_PROVIDER_MIRROR/);
    expect(run.stderr).toMatch(/ATLAS_PL_TF_PROVIDERS=registry/);
    expect(run.stderr).toMatch(/neither the real providers nor the replay provider/);
    expect(run.stderr).not.toMatch(/node22\.sh: fetching/);
  });

  test('an unknown ATLAS_PL_PROVIDER_MODE is a usage error naming the variable', () => {
    const run = tools(['--ensure'], { ATLAS_PL_TOOLS_CACHE: join(root, 'bad-mode'), ATLAS_PL_PROVIDER_MODE: 'fake' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/ATLAS_PL_PROVIDER_MODE=fake: expected real or replay/);
    expect(existsSync(join(root, 'bad-mode'))).toBe(false);
  });

  test('a user-supplied provider mirror is copied into the cache and laid out for both registries, mirror only', () => {
    // Stand-ins that behave like provider binaries when run directly.
    const supplied = join(root, 'supplied');
    mkdirSync(supplied, { recursive: true });
    for (const file of ['terraform-provider-mongodbatlas_v1.41.1', 'terraform-provider-azurerm_v4.55.0']) {
      writeFileSync(join(supplied, file), '#!/bin/sh\necho "This binary is a plugin. These are not meant to be executed directly."\nexit 1\n');
      chmodSync(join(supplied, file), 0o755);
    }
    const cache = join(root, 'seeded-cache');
    const run = tools(['--print-env'], { ATLAS_PL_TOOLS_CACHE: cache, ATLAS_PL_PROVIDER_MIRROR: supplied });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`export ATLAS_PL_TF_PROVIDERS=${join(cache, 'mirror')}`);
    expect(run.stdout).toContain('export ATLAS_PL_PROVIDER_MODE=real');
    for (const host of ['registry.terraform.io', 'registry.opentofu.org']) {
      for (const [ns, type, ver] of [
        ['mongodb', 'mongodbatlas', '1.41.1'],
        ['hashicorp', 'azurerm', '4.55.0'],
      ]) {
        const link = join(cache, 'mirror', host, ns, type, ver, PLATFORM, `terraform-provider-${type}_v${ver}`);
        expect(lstatSync(link).isSymbolicLink()).toBe(true);
        expect(existsSync(link)).toBe(true);
      }
    }
    rmSync(supplied, { recursive: true, force: true }); // the cache must not depend on it
    expect(existsSync(join(cache, 'providers', 'terraform-provider-azurerm_v4.55.0'))).toBe(true);
    const config = readFileSync(join(cache, 'terraform-cli.tfrc'), 'utf8');
    expect(config).toContain(`path    = "${join(cache, 'mirror')}"`);
    expect(config).toMatch(/direct\s*\{\s*exclude\s*=\s*\["\*\/\*\/\*"\]/);
  });

  describe('replay mirror (scripts/tools/replay-provider.sh)', () => {
    const replay = (args: string[], env: Record<string, string>) => {
      const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'tools', 'replay-provider.sh'), ...args], {
        encoding: 'utf8',
        timeout: 120_000,
        env: { HOME: process.env.HOME ?? '/root', PATH: process.env.PATH ?? '', ...env },
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };

    test('stands in for both providers when no real binary is present: print-env says replay', () => {
      const cache = join(root, 'replay-cache');
      const built = replay(['--ensure'], { ATLAS_PL_TOOLS_CACHE: cache });
      if (built.status !== 0) throw new Error(`replay-provider.sh --ensure failed:\n${built.stderr}`);
      expect(built.status).toBe(0);
      for (const [ns, type, ver] of [
        ['mongodb', 'mongodbatlas', '1.41.1'],
        ['hashicorp', 'azurerm', '4.55.0'],
      ]) {
        const dir = join(cache, 'replay-mirror', 'registry.terraform.io', ns, type, ver, PLATFORM);
        expect(existsSync(join(dir, `terraform-provider-${type}_v${ver}`))).toBe(true);
        expect(existsSync(join(dir, `${type}-${ver}.json`))).toBe(true);
      }
      const run = tools(['--print-env'], { ATLAS_PL_TOOLS_CACHE: cache });
      expect(run.stdout).toContain('export ATLAS_PL_PROVIDER_MODE=replay');
      expect(run.stdout).toContain(`export TF_CLI_CONFIG_FILE=${join(cache, 'replay-cli.tfrc')}`);
      expect(run.stdout).toContain(`export ATLAS_PL_TF_PROVIDERS=${join(cache, 'replay-mirror')}`);
      expect(run.stdout).toContain(`export ATLAS_PL_REPLAY_CLI_CONFIG=${join(cache, 'replay-cli.tfrc')}`);
    });

    test('a schema folder without both recorded schemas is an error naming ATLAS_PL_PROVIDER_SCHEMAS', () => {
      const empty = join(root, 'no-schemas');
      mkdirSync(empty, { recursive: true });
      const run = replay(['--ensure'], { ATLAS_PL_TOOLS_CACHE: join(root, 'replay-cache'), ATLAS_PL_PROVIDER_SCHEMAS: empty });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain(`ATLAS_PL_PROVIDER_SCHEMAS=${empty} lacks mongodbatlas-1.41.1.json or azurerm-4.55.0.json`);
    });
  });
});
