import { mkdtempSync, readFileSync } from 'fs';
import { join } from 'path';
import { synthConfigFile } from '../../app/synth';
import { importId, importRows } from '../../handoff/imports';
import { renderReadme } from '../../handoff/readme';

const ROOT = join(__dirname, '..', '..');

describe('import ids for adopting existing resources', () => {
  const out = mkdtempSync(join(process.env.ATLAS_PL_TEST_TMP ?? '/tmp', 'imports-'));
  const [stack] = synthConfigFile(join(ROOT, 'config', 'example.json'), join(out, 'synth')).stacks;
  const json = JSON.parse(readFileSync(join(stack.dir, 'cdk.tf.json'), 'utf8'));

  test('one row per resource, with placeholders for what synthesis cannot know', () => {
    const rows = importRows(json);
    const resources = Object.values(json.resource as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(rows).toHaveLength(resources);
    const byType = (t: string) => rows.find((r) => r.address.startsWith(`${t}.`))?.id;
    expect(byType('mongodbatlas_privatelink_endpoint')).toBe('64b7f2c1e4b0a1d2c3f4a5b6-<private_link_id>-AZURE-eastus2');
    expect(byType('mongodbatlas_privatelink_endpoint_service')).toBe('64b7f2c1e4b0a1d2c3f4a5b6--<private_link_id>--<private_endpoint_id>--AZURE');
    expect(byType('azurerm_private_endpoint')).toBe(
      '/subscriptions/<subscription_id>/resourceGroups/rg-app-prod/providers/Microsoft.Network/privateEndpoints/pe-atlas-eastus2',
    );
  });

  test('with real values the formats give exact ids', () => {
    const values: Record<string, string> = { resource_group_name: 'rg', zone_name: 'pl-0-eastus2.abc12.mongodb.net', name: '@' };
    expect(importId('azurerm_private_dns_a_record', (n) => values[n], 'sub')).toBe(
      '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/pl-0-eastus2.abc12.mongodb.net/A/@',
    );
    expect(importId('azurerm_virtual_network', () => 'x', 'sub')).toBeUndefined();
  });

  test('the bundle README lists a terraform import line per resource', () => {
    const readme = renderReadme({ stackName: stack.name, json, terraformFile: 'cdk.tf.json', configName: 'config/example.json', applyOrder: [stack.name], verifier: { version: '0.1.0', sha256: 'ab'.repeat(32) } });
    for (const row of importRows(json)) expect(readme).toContain(`terraform import '${row.address}' '${row.id}'`);
  });
});
