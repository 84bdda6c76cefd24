/**
 * npm run rehearse of the two multi-region shapes of docs/atlas-azure-model.md (needs root):
 * - a multi-region replica set without regional mode (config/two-endpoints.json with the world
 *   of §M3.3): one client namespace reaches the members of BOTH regions, each region's host on its
 *   own endpoint's IP with that region's member ports, and the verifier checks every host;
 * - a multi-region sharded cluster in regional mode (config/sharded-regional.json, §M3.6): one
 *   string per endpoint, each verified on its own region's endpoint.
 * Both with an unmodified driver client through --exec.
 */
import { APP, canRehearse, leftoverNamespaces, processesUsing, rehearse, removeTmpRoot, statusOf } from './support';
import { readdirSync } from 'fs';

const describeRoot = canRehearse() || process.env.CI === 'true' ? describe : describe.skip;
if (!canRehearse() && process.env.CI !== 'true') console.warn('SKIPPING multi-region rehearsal tests: they need root and iproute2 (network namespaces)');

afterAll(() => removeTmpRoot());

const WORLD = (name: string) => `tools/replay-provider/world.${name}.example.json`;
const step = (run: { json?: any }, id: string): { status: string; detail: string } => run.json.steps.find((s: { id: string }) => s.id === id);

describeRoot('npm run rehearse: multi-region shapes of the Atlas model', () => {
  it('a multi-region replica set without regional mode: the client reaches both regions\' members through their endpoints (§M3.3)', async () => {
    const run = await rehearse(['--config', 'config/two-endpoints.json', '--world', WORLD('multi-region-replica-set'), '--json', '--exec', APP], { timeoutMs: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(new Set(Object.values(statusOf(run)))).toEqual(new Set(['pass']));
    expect(step(run, 'database').detail).toContain('on 10.20.1.4:1024,1025,1026 and 10.30.1.4:1024,1025');
    expect(step(run, 'a').detail).toContain('pl-0-eastus2.abc12.mongodb.net -> 10.20.1.4; pl-0-westus2.abc12.mongodb.net -> 10.30.1.4');
    for (const pair of ['10.20.1.4:1026', '10.30.1.4:1024', '10.30.1.4:1025']) expect(step(run, 'tcp').detail).toContain(`(${pair})`);
    expect(run.json.uri).toBe('mongodb+srv://<credentials>@cluster0-pl-0.abc12.mongodb.net/?retryWrites=true&w=majority');
    expect(run.json.exec).toMatchObject({ code: 0, output: 'app: insert, update, read (qty 2), delete in rehearse.orders: ok' });
    expect(leftoverNamespaces(run.pid)).toEqual([]);
    expect(processesUsing(run.tmp)).toEqual([]);
    expect(readdirSync(run.tmp)).toEqual([]);
  }, 150_000);

  it('a multi-region sharded cluster in regional mode: each endpoint\'s own string passes on its own region\'s endpoint (§M3.6)', async () => {
    // The default world (world.example.json) holds geo0 in this config's project.
    const run = await rehearse(['--config', 'config/sharded-regional.json', '--exec', APP], { timeoutMs: 120_000 });
    expect(run.code).toBe(0);
    for (const [key, ip, srv] of [['eastus2', '10.20.1.4', 'geo0-pl-0-eastus2'], ['westus2', '10.30.1.4', 'geo0-pl-0-westus2']]) {
      for (const label of ['endpoint approved', 'SRV', 'A to private IP', 'TCP', 'CRUD']) expect(run.stdout).toMatch(new RegExp(`^\\[pass\\] ${label} \\(${key}\\)`, 'm'));
      expect(run.stdout).toContain(`_mongodb._tcp.${srv}.q4w7e.mongodb.net -> pl-0-${key}.q4w7e.mongodb.net:1024`);
      expect(run.stdout).toContain(`pl-0-${key}.q4w7e.mongodb.net -> ${ip}`);
    }
    expect(run.stdout).toMatch(/^\[pass\] exec +node examples\/app\.js exited 0/m);
    expect(leftoverNamespaces(run.pid)).toEqual([]);
    expect(readdirSync(run.tmp)).toEqual([]);
  }, 150_000);
});
