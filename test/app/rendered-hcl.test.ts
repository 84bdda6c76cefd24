import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { fixConditionBlocks, unquoteDependsOn } from '../../app/rendered-hcl';
import { synthConfigFile } from '../../app/synth';

const rendered = [
  'resource "azurerm_private_dns_zone" "z" {',
  'name = "${local.n.target}"',
  'lifecycle {',
  '  precondition = [',
  '{',
  'condition = "${local.n.count == 1}"',
  'error_message = "Atlas has no connection string [yet]: run apply again."',
  '},',
  '{',
  'condition = "${local.n.srv != ""}"',
  'error_message = "{braces} in a message"',
  '},',
  ']',
  '}',
  '}',
].join('\n');

describe('fixConditionBlocks', () => {
  test('turns the rendered precondition list into one block per condition', () => {
    expect(fixConditionBlocks(rendered).split('\n')).toEqual([
      'resource "azurerm_private_dns_zone" "z" {',
      'name = "${local.n.target}"',
      'lifecycle {',
      '  precondition {',
      '    condition = "${local.n.count == 1}"',
      '    error_message = "Atlas has no connection string [yet]: run apply again."',
      '  }',
      '  precondition {',
      '    condition = "${local.n.srv != ""}"',
      '    error_message = "{braces} in a message"',
      '  }',
      '}',
      '}',
    ]);
  });

  test('leaves HCL without condition lists unchanged, and is idempotent', () => {
    const once = fixConditionBlocks(rendered);
    expect(fixConditionBlocks(once)).toBe(once);
  });

  test('refuses a list that never closes', () => {
    expect(() => fixConditionBlocks('lifecycle {\n  precondition = [\n{\n')).toThrow(/unterminated precondition list at line 2/);
  });

  test('writes depends_on references bare, and leaves other strings quoted', () => {
    const input = 'depends_on = [\n"mongodbatlas_private_endpoint_regional_mode.A_B-1",\n"data.mongodbatlas_advanced_cluster.C",\n]\nname = "a.b"';
    expect(unquoteDependsOn(input)).toBe(
      'depends_on = [\nmongodbatlas_private_endpoint_regional_mode.A_B-1,\ndata.mongodbatlas_advanced_cluster.C,\n]\nname = "a.b"',
    );
  });

  test('the HCL synth of the cluster-zone config has precondition blocks only', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hcl-')), 'out');
    const [stack] = synthConfigFile(join(__dirname, '..', '..', 'config', 'two-endpoints.json'), out, { hcl: true }).stacks;
    const hcl = readFileSync(join(stack.dir, 'cdk.tf'), 'utf8');
    expect(hcl).not.toMatch(/precondition\s*=/);
    // DNS: 3 on the zone, 3 on each endpoint's A record, 3 + 1 (one string for both endpoints, model §M3.3) on the one
    // SRV and the one TXT record; prerequisites: 4 on the first service, 1 on the second.
    expect(hcl.match(/precondition \{/g)?.length).toBe(3 + 3 * 2 + (3 + 1) * 2 + 4 + 1);
    expect(hcl).not.toMatch(/depends_on = \[\s*"/);
  });
});
