import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { spawnSync } from 'child_process';
import { addRequiredVersion, fixConditionBlocks, minimumTerraform, terraformFmt, unquoteDependsOn } from '../../app/rendered-hcl';
import { synthConfigFile } from '../../app/synth';
import { describeWithTool } from '../support/tools';

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

describe('required_version', () => {
  test('is the oldest Terraform that parses the configuration, declared once in the terraform block', () => {
    expect(minimumTerraform('x = endswith(a, "b")')).toBe('1.3');
    expect(minimumTerraform('lifecycle {\n  precondition {')).toBe('1.2');
    expect(minimumTerraform('{"lifecycle": {"precondition": []}}')).toBe('1.2');
    expect(minimumTerraform('name = "a"')).toBe('1.0');
    const hcl = 'terraform {\nrequired_providers {\n}\n}\nresource "a" "b" {\nlifecycle {\nprecondition {\n}\n}\n}\n';
    const once = addRequiredVersion(hcl);
    expect(once).toBe(hcl.replace('terraform {\n', 'terraform {\nrequired_version = ">= 1.2"\n'));
    expect(addRequiredVersion(once)).toBe(once);
  });

  test('without a Terraform binary the text is left as it is', () => {
    expect(terraformFmt('a  =  1\n', { PATH: '/nonexistent', ATLAS_PL_TF_BINARY: '/nonexistent/terraform' })).toBe('a  =  1\n');
  });
});

describeWithTool('ATLAS_PL_TF_BINARY', 'Terraform engine')('the HCL synth passes terraform fmt -check', () => {
  test.each(['example', 'two-endpoints'])('config/%s.json', (name) => {
    const out = join(mkdtempSync(join(process.env.ATLAS_PL_TEST_TMP ?? tmpdir(), 'hcl-fmt-')), 'out');
    const [stack] = synthConfigFile(join(__dirname, '..', '..', 'config', `${name}.json`), out, { hcl: true }).stacks;
    const file = join(stack.dir, 'cdk.tf');
    const check = spawnSync(process.env.ATLAS_PL_TF_BINARY as string, ['fmt', '-check', '-diff', '-no-color', file], { encoding: 'utf8' });
    expect(check.stdout).toBe('');
    expect(check.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^terraform \{\n  required_version = ">= 1\.[23]"\n/);
  }, 60_000);
});
