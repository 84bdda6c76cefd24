import { relativeLocalStatePath, repairConditionBlocks, repairLocalBackendHcl } from '../../scripts/handoff/hcl-repair';

// The shape cdktf 0.21.0 renders (items unindented), which Terraform rejects.
const RENDERED = `resource "x" "y" {
lifecycle {
  precondition = [
{
condition = "\${a != "" && b == "}"}"
error_message = "first"
},
{
condition = "\${c}"
error_message = "second"
},
]
}
}`;

describe('repairConditionBlocks', () => {
  test('turns a rendered precondition list into one block per condition', () => {
    expect(repairConditionBlocks(RENDERED)).toBe(`resource "x" "y" {
lifecycle {
  precondition {
    condition = "\${a != "" && b == "}"}"
    error_message = "first"
  }
  precondition {
    condition = "\${c}"
    error_message = "second"
  }
}
}`);
  });

  test('leaves HCL without condition lists alone (also HCL already in block form)', () => {
    const fixed = repairConditionBlocks(RENDERED);
    expect(repairConditionBlocks(fixed)).toBe(fixed);
  });

  test('refuses a list shape it does not know instead of guessing', () => {
    expect(() => repairConditionBlocks('  precondition = [\n{\ncondition = [1, 2]\n},\n]')).toThrow(/unexpected precondition list shape/);
    expect(() => repairConditionBlocks('  postcondition = [\n{\ncondition = "x"\n')).toThrow(/unexpected postcondition list shape/);
  });
});

describe('local state paths', () => {
  test('absolute paths become file names; relative ones stay', () => {
    expect(relativeLocalStatePath('/home/ci/app/terraform.s.tfstate')).toBe('terraform.s.tfstate');
    expect(relativeLocalStatePath('C:\\work\\terraform.s.tfstate')).toBe('terraform.s.tfstate');
    expect(relativeLocalStatePath('state/terraform.s.tfstate')).toBe('state/terraform.s.tfstate');
  });

  test('the HCL backend block is rewritten the same way', () => {
    expect(repairLocalBackendHcl('backend "local" {\npath = "/tmp/x/terraform.s.tfstate"\n}')).toBe('backend "local" {\npath = "terraform.s.tfstate"\n}');
  });
});
