/**
 * The multi-region shapes of docs/atlas-azure-model.md, applied offline through the real engine
 * on the replay provider (which follows the model, not the constructs):
 * - config/two-endpoints.json, a multi-region replica set WITHOUT regional mode (§M3.3): one string spans both regions, and
 *   the DNS the stack creates resolves every host of it to its own region's endpoint;
 * - config/sharded-regional.json, a multi-region sharded cluster WITH regional mode (§M3.6): one string per endpoint, each
 *   resolving to its own region's endpoint, under its own SRV name;
 * - regional mode next to a replica set (§M1.2): the replay provider refuses the toggle with
 *   Atlas' kind of error even when the stack's own checks cannot see the replica set (it is
 *   another cluster of the project), and nothing that depends on the setting is created.
 * The DNS check reads only the engine's state (`terraform show -json`): the A/SRV records the
 * stack created and the cluster's published string, so it holds whatever the outputs look like.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { synthConfigFile } from '../../app/synth';
import { REPO_ROOT } from './support/configs';
import { describeWithReplay, EngineDir, engineTempRoot, mustRunPlan, providerMode, replayEnv } from './support/engine';
import { mustRun, outputsOf } from './support/offline';

const WORLDS = join(REPO_ROOT, 'tools', 'replay-provider');
const TIMEOUT = 300_000;
const flat = (text: string) => text.replace(/\s+/g, ' ');

interface StateResource {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly values: Record<string, any>;
}

function stateResources(dir: EngineDir): StateResource[] {
  const state = JSON.parse(mustRun(dir, ['show', '-json']).stdout);
  const walk = (module: any): StateResource[] => [...(module?.resources ?? []), ...(module?.child_modules ?? []).flatMap(walk)];
  return walk(state.values?.root_module);
}

const fqdn = (name: string, zone: string) => (name === '@' ? zone : `${name}.${zone}`).toLowerCase();

/** What the records in the state answer: A names to IPs, SRV names to `host:port` targets. */
function dnsOf(resources: StateResource[]): { a: Map<string, string[]>; srv: Map<string, string[]> } {
  const a = new Map<string, string[]>();
  const srv = new Map<string, string[]>();
  for (const r of resources.filter((x) => x.mode === 'managed')) {
    if (r.type === 'azurerm_private_dns_a_record') a.set(fqdn(r.values.name, r.values.zone_name), [...r.values.records].sort());
    if (r.type === 'azurerm_private_dns_srv_record') {
      srv.set(
        fqdn(r.values.name, r.values.zone_name),
        r.values.record.map((x: any) => `${String(x.target).replace(/\.$/, '').toLowerCase()}:${x.port}`).sort(),
      );
    }
  }
  return { a, srv };
}

/** The published private-endpoint entries of the cluster data source, as the state holds them. */
function publishedEntries(resources: StateResource[]): any[] {
  const cluster = resources.find((r) => r.mode === 'data' && r.type === 'mongodbatlas_advanced_cluster');
  if (!cluster) throw new Error('no data.mongodbatlas_advanced_cluster in the state');
  const strings = cluster.values.connection_strings;
  return (Array.isArray(strings) ? strings[0] : strings)?.private_endpoint ?? [];
}

/** Azure private endpoints of the state: ARM id (lower case) to private IP. */
function endpointIps(resources: StateResource[]): Map<string, string> {
  return new Map(
    resources
      .filter((r) => r.mode === 'managed' && r.type === 'azurerm_private_endpoint')
      .map((r) => [String(r.values.id).toLowerCase(), r.values.private_service_connection[0].private_ip_address]),
  );
}

const hostPorts = (connection: string) => connection.replace(/^mongodb:\/\//, '').split('/')[0].split(',');
const regionOfHost = (host: string) => /^pl-\d+-([a-z0-9]+)\./.exec(host)?.[1];
const ATLAS_REGION: Record<string, string> = { US_EAST_2: 'eastus2', US_WEST_2: 'westus2' };

/**
 * Every host of every published string resolves, in the stack's own records, to the IP of the
 * endpoint of the host's region in that entry; every SRV name of a string lists exactly the
 * string's host:port pairs.
 */
function expectEveryHostResolvable(resources: StateResource[], entries: any[]): void {
  const { a, srv } = dnsOf(resources);
  const ips = endpointIps(resources);
  for (const entry of entries) {
    const byRegion = new Map<string, string>(
      entry.endpoints.map((e: any) => [ATLAS_REGION[e.region] ?? String(e.region).toLowerCase(), ips.get(String(e.endpoint_id).toLowerCase())]),
    );
    const pairs = hostPorts(entry.connection_string);
    for (const pair of pairs) {
      const host = pair.split(':')[0].toLowerCase();
      const want = byRegion.get(regionOfHost(host) ?? '');
      expect({ host, resolves: a.get(host) }).toEqual({ host, resolves: [want] });
    }
    const srvName = `_mongodb._tcp.${entry.srv_connection_string.replace(/^mongodb\+srv:\/\//, '')}`.toLowerCase();
    expect({ srvName, targets: srv.get(srvName) }).toEqual({ srvName, targets: pairs.map((p: string) => p.toLowerCase()).sort() });
  }
}

describeWithReplay()(`multi-region shapes of the Atlas model, offline (providers: ${providerMode()})`, () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(engineTempRoot(), 'multi-region-model-'));
  });

  /** A shipped config (eastus2 + westus2), synthesized. */
  function stack(config: 'two-endpoints' | 'sharded-regional'): string {
    return synthConfigFile(join(REPO_ROOT, 'config', `${config}.json`), join(root, `synth-${config}`)).stacks[0].dir;
  }

  function workDir(stackDir: string, name: string, world: string): EngineDir {
    const dir = EngineDir.fromStack(stackDir, name);
    return new EngineDir(dir.dir, { ...replayEnv(), ATLAS_PL_REPLAY_WORLD: world });
  }

  test('a multi-region replica set without regional mode: one string spans both regions, every host resolves to its region\'s endpoint (§M3.3)', () => {
    const dir = workDir(stack('two-endpoints'), 'rs-multi', join(WORLDS, 'world.multi-region-replica-set.example.json'));
    try {
      mustRun(dir, ['init', '-input=false']);
      mustRun(dir, ['apply', '-auto-approve', '-input=false']);
      const resources = stateResources(dir);
      expect(resources.filter((r) => r.type === 'mongodbatlas_private_endpoint_regional_mode')).toEqual([]);
      const entries = publishedEntries(resources);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ type: 'MONGOD', srv_connection_string: 'mongodb+srv://cluster0-pl-0.abc12.mongodb.net' });
      expect(hostPorts(entries[0].connection_string)).toEqual([
        'pl-0-eastus2.abc12.mongodb.net:1024', 'pl-0-eastus2.abc12.mongodb.net:1025', 'pl-0-eastus2.abc12.mongodb.net:1026',
        'pl-0-westus2.abc12.mongodb.net:1024', 'pl-0-westus2.abc12.mongodb.net:1025',
      ]);
      expectEveryHostResolvable(resources, entries);
      // The endpoint outputs (CONTRACT-outputs) give each endpoint its own region's host, and
      // together they cover every host of the string, each on its endpoint's IP.
      const { a } = dnsOf(resources);
      const endpointOutputs = Object.values(outputsOf(dir))
        .map((o) => o.value as any)
        .filter((v) => v?.kind === 'atlas-azure-private-link-endpoint');
      expect(endpointOutputs.map((e) => [e.key, e.hosts]).sort()).toEqual([
        ['eastus2', ['pl-0-eastus2.abc12.mongodb.net']],
        ['westus2', ['pl-0-westus2.abc12.mongodb.net']],
      ]);
      for (const e of endpointOutputs) for (const host of e.hosts) expect({ host, resolves: a.get(host) }).toEqual({ host, resolves: [e.private_ip] });
      mustRunPlan(dir);
      mustRun(dir, ['destroy', '-auto-approve', '-input=false']);
    } finally {
      dir.remove();
    }
  }, TIMEOUT);

  test('a multi-region sharded cluster with regional mode: one string per endpoint, each on its own region\'s endpoint (§M3.6)', () => {
    const dir = workDir(stack('sharded-regional'), 'sharded-regional', join(WORLDS, 'world.multi-region-sharded.example.json'));
    try {
      mustRun(dir, ['init', '-input=false']);
      mustRun(dir, ['apply', '-auto-approve', '-input=false']);
      const resources = stateResources(dir);
      expect(resources.filter((r) => r.type === 'mongodbatlas_private_endpoint_regional_mode').map((r) => r.values.enabled)).toEqual([true]);
      const entries = publishedEntries(resources);
      expect(entries.map((e) => [e.type, e.srv_connection_string, hostPorts(e.connection_string).length])).toEqual([
        ['MONGOS', 'mongodb+srv://geo0-pl-0-eastus2.q4w7e.mongodb.net', 3],
        ['MONGOS', 'mongodb+srv://geo0-pl-0-westus2.q4w7e.mongodb.net', 2],
      ]);
      expectEveryHostResolvable(resources, entries);
      mustRunPlan(dir);
      mustRun(dir, ['destroy', '-auto-approve', '-input=false']);
    } finally {
      dir.remove();
    }
  }, TIMEOUT);

  test('regional mode next to a replica set: the replay provider refuses the toggle as Atlas does, nothing depending on it is created (§M1.2)', () => {
    // The stack's cluster is sharded (its own checks pass); another cluster of the project is a
    // replica set, which only Atlas (here: the replay provider) can see.
    const world = join(root, 'sharded-next-to-rs.json');
    const sharded = JSON.parse(readFileSync(join(WORLDS, 'world.multi-region-sharded.example.json'), 'utf8'));
    sharded.atlas.clusters.legacy = { hash: 'xyz98', clusterType: 'REPLICASET', regions: ['eastus2'] };
    writeFileSync(world, JSON.stringify(sharded));
    const dir = workDir(stack('sharded-regional'), 'refused', world);
    try {
      mustRun(dir, ['init', '-input=false']);
      const apply = dir.run(['apply', '-auto-approve', '-input=false', '-no-color']);
      expect(apply.status).toBe(1);
      const message = flat(apply.stderr);
      expect(message).toContain('/privateEndpoint/regionalMode PATCH: HTTP 409 (Error code: "CANNOT_ENABLE_REGIONALIZED_PRIVATE_ENDPOINTS_WITH_REPLICA_SETS")');
      expect(message).toContain('has the replica set(s) legacy');
      const created = dir.run(['state', 'list', '-no-color']).stdout;
      expect(created).not.toMatch(/mongodbatlas_private_endpoint_regional_mode\.|mongodbatlas_privatelink_endpoint\./);
      mustRun(dir, ['destroy', '-auto-approve', '-input=false']);
    } finally {
      dir.remove();
    }
  }, TIMEOUT);
});
