/**
 * Landing zones on the engine (replay provider): config/landing-zone.json puts each endpoint in
 * its spoke's subscription (one azurerm alias per subscription) and every DNS object, with the
 * DNS Private Resolver, in the hub's. Applied, each ARM id is under the right subscription; the
 * forwarding output names the exact host zones and the inbound IP; an endpoint re-imported
 * through its alias keeps its subscription; the plan is then clean and destroy empties the cloud.
 * The cross-subscription mistake, forced past synthesis, is refused by the replay provider as Azure does.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { synthConfigFile } from '../../app/synth';
import { aliasFor } from '../../app/subscriptions';
import { REPO_ROOT } from './support/configs';
import { describeWithReplay, EngineDir, engineTempRoot, mustRunPlan, replayEnv } from './support/engine';
import { mustRun, outputsOf } from './support/offline';

const CONFIG = join(REPO_ROOT, 'config', 'landing-zone.json');
const WORLD = join(__dirname, 'fixtures', 'world-landing-zone.json');
const HUB = '4c1d7e2a-9b3f-4a6e-8d5c-2f7a1b9e0c3d';
const EAST = '5b2e8f14-7c3a-4d9b-a1e6-3f8c0d2b7a95';
const WEST = '9d6a3c71-2e8b-4f05-b4c7-6a1e9f3d8b20';
const flat = (text: string) => text.replace(/\s+/g, ' ');

interface StateResource {
  address: string;
  type: string;
  values: Record<string, any>;
}

function resources(dir: EngineDir): StateResource[] {
  const shown = JSON.parse(mustRun(dir, ['show', '-json']).stdout);
  return shown.values?.root_module?.resources ?? [];
}

describeWithReplay()('config/landing-zone.json on the replay provider: spokes, hub DNS and resolver in their subscriptions', () => {
  const root = mkdtempSync(join(engineTempRoot(), 'landing-zone-'));
  const [stack] = synthConfigFile(CONFIG, join(root, 'synth')).stacks;

  function engineDir(name: string, edit?: (json: any) => void): EngineDir {
    const copy = EngineDir.fromStack(stack.dir, name);
    if (edit) {
      const file = join(copy.dir, 'cdk.tf.json');
      const json = JSON.parse(readFileSync(file, 'utf8'));
      edit(json);
      writeFileSync(file, JSON.stringify(json));
    }
    const dir = new EngineDir(copy.dir, { ...replayEnv(), ATLAS_PL_REPLAY_WORLD: WORLD, ATLAS_PL_REPLAY_STATE: join(root, `${name}-cloud`) });
    mustRun(dir, ['init', '-input=false']);
    return dir;
  }

  test('apply: endpoints under their spoke subscriptions, DNS and resolver under the hub; forwarding output; import; clean re-plan; destroy', () => {
    const dir = engineDir('lz');
    mustRun(dir, ['apply', '-auto-approve', '-input=false']);
    const all = resources(dir);
    const endpoints = all.filter((r) => r.type === 'azurerm_private_endpoint');
    expect(endpoints.map((r) => r.values.id).sort()).toEqual([
      `/subscriptions/${EAST}/resourceGroups/rg-orders-east/providers/Microsoft.Network/privateEndpoints/pe-atlas-eastus2`,
      `/subscriptions/${WEST}/resourceGroups/rg-orders-west/providers/Microsoft.Network/privateEndpoints/pe-atlas-westus2`,
    ]);
    const dns = all.filter((r) => r.type.startsWith('azurerm_private_dns_'));
    expect(new Set(dns.map((r) => r.type))).toEqual(
      new Set(['azurerm_private_dns_zone', 'azurerm_private_dns_a_record', 'azurerm_private_dns_zone_virtual_network_link', 'azurerm_private_dns_resolver', 'azurerm_private_dns_resolver_inbound_endpoint']),
    );
    for (const r of dns) expect(`${r.address} ${r.values.id}`).toContain(` /subscriptions/${HUB}/resourceGroups/rg-private-dns/providers/Microsoft.Network/`);
    // 2 host zones x 3 VNets (two spokes, the hub, which is also the resolver's).
    expect(dns.filter((r) => r.type === 'azurerm_private_dns_zone_virtual_network_link')).toHaveLength(6);

    const outputs = outputsOf(dir);
    expect(outputs.atlas_pl_dns_forwarding.value).toEqual([
      { domain: 'pl-0-eastus2.abc12.mongodb.net', forward_to: ['10.0.2.4'] },
      { domain: 'pl-0-westus2.abc12.mongodb.net', forward_to: ['10.0.2.4'] },
    ]);
    expect(outputs.atlas_pl_eastus2_private_ip.value).toBe('10.40.1.4');
    expect(outputs.atlas_pl_westus2_private_ip.value).toBe('10.50.1.4');

    // Lost from state, re-imported through its alias: same spoke id, and nothing to change.
    const west = endpoints.find((r) => r.values.id.includes(WEST)) as StateResource;
    mustRun(dir, ['state', 'rm', west.address]);
    mustRun(dir, ['import', '-input=false', west.address, west.values.id]);
    expect(resources(dir).find((r) => r.address === west.address)?.values.id).toBe(west.values.id);
    mustRunPlan(dir);

    mustRun(dir, ['destroy', '-auto-approve', '-input=false']);
    expect(mustRun(dir, ['state', 'list']).stdout.trim()).toBe('');
  }, 300_000);

  test('an endpoint forced onto the other spoke\'s provider is refused by the replay provider with Azure\'s InvalidResourceReference', () => {
    const dir = engineDir('lz-wrong', (json) => {
      for (const r of Object.values<any>(json.resource.azurerm_private_endpoint)) r.provider = `azurerm.${aliasFor(EAST)}`;
    });
    const apply = dir.run(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(apply.status).toBe(1);
    expect(flat(apply.stderr)).toContain(
      `InvalidResourceReference: Resource /subscriptions/${WEST}/resourceGroups/rg-orders-west/providers/Microsoft.Network/virtualNetworks/vnet-orders-west referenced by resource /subscriptions/${EAST}/resourceGroups/rg-orders-west/providers/Microsoft.Network/privateEndpoints/pe-atlas-westus2 was not found`,
    );
    expect(flat(apply.stderr)).toContain(`the subnet is in subscription ${WEST}, this azurerm provider creates in subscription ${EAST}`);
    dir.run(['destroy', '-auto-approve', '-input=false', '-no-color']);
  }, 300_000);
});
