/**
 * The replay provider's simulated world, through the real engine: while Atlas has not yet
 * published the private-endpoint connection string the first apply stops at the DNS
 * preconditions with their message, and the next apply after Atlas publishes completes the DNS
 * (what the README promises); a cluster that cannot serve private endpoints stops the plan at
 * the prerequisite checks before anything is created; a broken world file is an error that
 * names the file and the field.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import { join } from 'path';
import { synthConfigFile } from '../../app/synth';
import { REPO_ROOT } from './support/configs';
import { describeWithReplay, EngineDir, engineTempRoot, mustRunPlan, replayEnv } from './support/engine';
import { DEFAULT_PROVIDERS, describeSet, mustRun, outputsOf, pinProviders, PROVIDER_SETS, ProviderSet, selectedProviders } from './support/offline';

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

  /** A copy of the stack pinned to a provider set, on the replay provider with a world file. */
  function workDir(worldFile: string, set: ProviderSet = DEFAULT_PROVIDERS): EngineDir {
    const dir = EngineDir.fromStack(stackDir, 'replay-world');
    pinProviders(dir.dir, set);
    return new EngineDir(dir.dir, { ...replayEnv(), ATLAS_PL_REPLAY_WORLD: worldFile });
  }

  test.each(PROVIDER_SETS.map((set) => ({ set, versions: describeSet(set) })))('on $versions: DNS waits until Atlas publishes the private-endpoint connection string; the next apply completes it', ({ set }) => {
    const notYet = world('not-yet', { atlas: { clusters: { cluster0: { hash: 'abc12', regions: ['eastus2'], publishes: false } } } });
    const dir = workDir(notYet, set);
    mustRun(dir, ['init', '-input=false']);
    expect(selectedProviders(dir)).toEqual(set);
    const first = dir.run(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(first.status).toBe(1);
    expect(flat(first.stderr)).toMatch(NOT_PUBLISHED);
    expect(first.stderr).not.toMatch(/simulated API refused/);
    const created = mustRun(dir, ['state', 'list']).stdout;
    expect(created).toMatch(/mongodbatlas_privatelink_endpoint_service\./);
    expect(created).not.toMatch(/azurerm_private_dns_a_record\./);

    // Some minutes later Atlas has published it.
    const oneRegion = world('one-region', { atlas: { clusters: { cluster0: { hash: 'abc12', regions: ['eastus2'] } } } });
    const next = new EngineDir(dir.dir, { ...replayEnv(), ATLAS_PL_REPLAY_WORLD: oneRegion });
    mustRun(next, ['apply', '-auto-approve', '-input=false']);
    expect(mustRun(next, ['state', 'list']).stdout).toMatch(/azurerm_private_dns_a_record\./);
    expect(outputsOf(next).atlas_pl_eastus2_srv_connection_string.value).toBe('mongodb+srv://cluster0-pl-0.abc12.mongodb.net');
    mustRunPlan(next);
    mustRun(next, ['destroy', '-auto-approve', '-input=false']);
    dir.remove();
  }, 180_000);

  const M0 = /Cluster cluster0 is a shared-tier \(M0, M2, M5\), Flex or serverless cluster: Azure Private Link needs a dedicated cluster/;
  test.each([
    ...PROVIDER_SETS.map((set) => [describeSet(set), 'an M0 cluster', { instanceSize: 'M0', regions: ['eastus2'] }, M0, set] as const),
    [describeSet(DEFAULT_PROVIDERS), 'a cluster on AWS', { providerName: 'AWS', regions: ['eastus2'] }, /Cluster cluster0 has no nodes on Azure/, DEFAULT_PROVIDERS],
    [describeSet(DEFAULT_PROVIDERS), 'nodes in a region without an endpoint', { regions: ['eastus2', 'westus2'] }, /Cluster cluster0 has nodes in US_WEST_2, which no endpoint covers \(the endpoints cover US_EAST_2\)/, DEFAULT_PROVIDERS],
    [describeSet(DEFAULT_PROVIDERS), 'an endpoint in a region without nodes', { regions: ['westus2'] }, /Cluster cluster0 has no nodes in US_EAST_2 \(eastus2\), where an endpoint is configured/, DEFAULT_PROVIDERS],
  ] as const)('prerequisites on %s: %s stops the plan before anything is created', (versions, name, cluster, message, set) => {
    const file = world(`prerequisites-${name.replace(/\W+/g, '-')}`, { atlas: { clusters: { cluster0: { hash: 'abc12', ...cluster } } } });
    const dir = workDir(file, set);
    mustRun(dir, ['init', '-input=false']);
    expect(describeSet(selectedProviders(dir))).toBe(versions);
    const apply = dir.run(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(apply.status).toBe(1);
    expect(flat(apply.stderr)).toMatch(message);
    expect(dir.run(['state', 'list', '-no-color']).stdout.trim()).toBe('');
    dir.remove();
  }, 120_000);

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
