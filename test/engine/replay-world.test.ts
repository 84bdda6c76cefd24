/**
 * The replay provider's simulated world, through the real engine: Atlas publishes no
 * private-endpoint connection string while a region with nodes lacks an endpoint, so the first
 * apply stops at the DNS preconditions with their message, and the next apply after Atlas
 * publishes completes the DNS (what the README promises). A broken world file is an error that
 * names the file and the field.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import { join } from 'path';
import { synthConfigFile } from '../../app/synth';
import { REPO_ROOT } from './support/configs';
import { describeWithReplay, EngineDir, engineTempRoot, mustRunPlan, replayEnv } from './support/engine';
import { mustRun, outputsOf } from './support/offline';

const NOT_PUBLISHED = /Atlas has no private-endpoint connection string .* run apply again/;
/** The engine wraps long messages: compare them with single spaces. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describeWithReplay()('replay world (offline apply)', () => {
  let root: string;
  let stackDir: string;

  beforeAll(() => {
    root = mkdtempSync(join(engineTempRoot(), 'replay-world-'));
    const { stacks } = synthConfigFile(join(REPO_ROOT, 'config', 'example.json'), join(root, 'synth'));
    stackDir = stacks[0].dir;
  });

  function world(name: string, body: unknown): string {
    const file = join(root, `${name}.json`);
    writeFileSync(file, JSON.stringify(body));
    return file;
  }

  function workDir(worldFile: string): EngineDir {
    const dir = EngineDir.fromStack(stackDir, 'replay-world');
    return new EngineDir(dir.dir, { ...replayEnv(), ATLAS_PL_REPLAY_WORLD: worldFile });
  }

  test('DNS waits until every region with nodes has an endpoint; the next apply completes it', () => {
    const twoRegions = world('two-regions', { atlas: { clusters: { cluster0: { hash: 'abc12', regions: ['eastus2', 'westus2'] } } } });
    const dir = workDir(twoRegions);
    mustRun(dir, ['init', '-input=false']);
    const first = dir.run(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(first.status).toBe(1);
    expect(flat(first.stderr)).toMatch(NOT_PUBLISHED);
    expect(first.stderr).not.toMatch(/simulated API refused/);
    const created = mustRun(dir, ['state', 'list']).stdout;
    expect(created).toMatch(/mongodbatlas_privatelink_endpoint_service\./);
    expect(created).not.toMatch(/azurerm_private_dns_a_record\./);

    // Atlas publishes once the cluster's nodes are all in regions that have an endpoint.
    const oneRegion = world('one-region', { atlas: { clusters: { cluster0: { hash: 'abc12', regions: ['eastus2'] } } } });
    const next = new EngineDir(dir.dir, { ...replayEnv(), ATLAS_PL_REPLAY_WORLD: oneRegion });
    mustRun(next, ['apply', '-auto-approve', '-input=false']);
    expect(mustRun(next, ['state', 'list']).stdout).toMatch(/azurerm_private_dns_a_record\./);
    expect(outputsOf(next).atlas_pl_eastus2_srv_connection_string.value).toBe('mongodb+srv://cluster0-pl-0.abc12.mongodb.net');
    mustRunPlan(next);
    mustRun(next, ['destroy', '-auto-approve', '-input=false']);
    dir.remove();
  }, 180_000);

  test('a world file with an unknown field fails the plan naming the file and the field', () => {
    const broken = world('broken', { atlas: { clusters: { cluster0: { regionz: ['eastus2'] } } } });
    const dir = workDir(broken);
    mustRun(dir, ['init', '-input=false']);
    const plan = dir.run(['plan', '-input=false', '-no-color']);
    expect(plan.status).toBe(1);
    expect(flat(plan.stderr)).toContain(`replay world ${broken}: atlas.clusters.cluster0.regionz: unknown field`);
    expect(plan.stderr).not.toMatch(/panic|rpc error/);
    dir.remove();
  }, 120_000);
});
