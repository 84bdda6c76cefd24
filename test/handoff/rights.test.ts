import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { synthConfigFile } from '../../app/synth';
import { importRows } from '../../handoff/imports';
import { rightsText } from '../../handoff/rights';
import { TfJson } from '../../handoff/tf-json';

const ROOT = join(__dirname, '..', '..');
const HUB = '4c1d7e2a-9b3f-4a6e-8d5c-2f7a1b9e0c3d';
const EAST = '5b2e8f14-7c3a-4d9b-a1e6-3f8c0d2b7a95';
const WEST = '9d6a3c71-2e8b-4f05-b4c7-6a1e9f3d8b20';
const work = mkdtempSync(join(tmpdir(), 'handoff-rights-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function stackJson(config: string, path = join(ROOT, 'config', config)): TfJson {
  const [stack] = synthConfigFile(path, join(work, config)).stacks;
  return JSON.parse(readFileSync(join(stack.dir, 'cdk.tf.json'), 'utf8')) as TfJson;
}

describe('the bundle README says who needs which rights where (landing zone)', () => {
  const json = stackJson('landing-zone.json');
  const text = rightsText(json).join('\n');

  test('lists every azurerm provider block with its subscription', () => {
    expect(text).toContain(`| \`azurerm\` | \`${HUB}\` |`);
    expect(text).toContain(`| \`azurerm.sub_${EAST.replace(/-/g, '_')}\` | \`${EAST}\` |`);
    expect(text).toContain(`| \`azurerm.sub_${WEST.replace(/-/g, '_')}\` | \`${WEST}\` |`);
  });

  test('per spoke: Network Contributor on the endpoint group and join on the subnet; in the hub: Private DNS Zone Contributor once, the resolver; Atlas Project Owner', () => {
    // The same role covers reading the connection state back through the spoke's provider (model §M7.1).
    expect(text).toContain(
      `| subscription \`${EAST}\`, resource group \`rg-orders-east\` | **Network Contributor** (or \`Microsoft.Network/privateEndpoints/*\`) | private endpoint \`pe-atlas-eastus2\` and reading its connection state back (\`azurerm_private_endpoint_connection\`: \`privateEndpoints/read\`) |`,
    );
    expect(text).toContain(`| subscription \`${WEST}\`, resource group \`rg-orders-west\`, \`virtualNetworks/vnet-orders-west/subnets/snet-private-endpoints\` | \`Microsoft.Network/virtualNetworks/subnets/join/action\``);
    expect(text.match(new RegExp(`\\| subscription \`${HUB}\`, resource group \`rg-private-dns\` \\| \\*\\*Private DNS Zone Contributor\\*\\*`, 'g'))).toHaveLength(1);
    expect(text).toContain(`| subscription \`${HUB}\`, resource group \`rg-private-dns\` | **Network Contributor** (or \`Microsoft.Network/dnsResolvers/*\`) | the DNS Private Resolver and its inbound endpoint |`);
    expect(text).toContain(`| subscription \`${HUB}\`, resource group \`rg-connectivity\`, \`virtualNetworks/vnet-hub\` | \`Microsoft.Network/virtualNetworks/join/action\``);
    expect(text).toContain('| Atlas project | **Project Owner**');
  });

  test("import ids name the subscription of each resource's provider", () => {
    const ids = importRows(json).map((r) => r.id);
    expect(ids).toContain(`/subscriptions/${EAST}/resourceGroups/rg-orders-east/providers/Microsoft.Network/privateEndpoints/pe-atlas-eastus2`);
    expect(ids).toContain(`/subscriptions/${HUB}/resourceGroups/rg-private-dns/providers/Microsoft.Network/dnsResolvers/dnspr-atlas`);
    expect(ids.some((id) => id.includes('<subscription_id>'))).toBe(false);
  });
});

test('a single-subscription bundle says the subscription comes from ARM_SUBSCRIPTION_ID', () => {
  const text = rightsText(stackJson('example.json')).join('\n');
  expect(text).toContain('| `azurerm` | `ARM_SUBSCRIPTION_ID` |');
  expect(text).toContain('| the subscription of `ARM_SUBSCRIPTION_ID`, resource group `rg-app-prod` | **Network Contributor**');
});

test("an endpoint brought in by id: privateEndpoints/read on its group, in its own subscription, to read its connection state (model §M7.4)", () => {
  const config = JSON.parse(readFileSync(join(ROOT, 'config', 'landing-zone.json'), 'utf8'));
  const adopted = `/subscriptions/${WEST}/resourceGroups/rg-made-by-hand/providers/Microsoft.Network/privateEndpoints/pe-by-hand`;
  config.endpoints[1] = { region: 'westus2', existingPrivateEndpointId: adopted, existingPrivateIpAddress: '10.41.1.4' };
  const path = join(work, 'adopted.json');
  writeFileSync(path, JSON.stringify(config));
  const text = rightsText(stackJson('adopted', path)).join('\n');
  expect(text).toContain(
    `| subscription \`${WEST}\`, resource group \`rg-made-by-hand\` | \`Microsoft.Network/privateEndpoints/read\` (e.g. **Reader** on the group) | read the connection state of private endpoint \`pe-by-hand\`, brought in by id (\`azurerm_private_endpoint_connection\`) |`,
  );
  // Nothing is created in that group, nor any subnet joined there.
  expect(text).not.toMatch(/rg-made-by-hand` \| \*\*Network Contributor/);
});
