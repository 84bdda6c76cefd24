import { relativeLocalStatePath, relativeLocalStatePathHcl } from '../../handoff/state-path';

describe('local state paths in a bundle', () => {
  test('absolute paths become file names; relative ones stay', () => {
    expect(relativeLocalStatePath('/home/ci/app/terraform.s.tfstate')).toBe('terraform.s.tfstate');
    expect(relativeLocalStatePath('C:\\work\\terraform.s.tfstate')).toBe('terraform.s.tfstate');
    expect(relativeLocalStatePath('state/terraform.s.tfstate')).toBe('state/terraform.s.tfstate');
  });

  test('the HCL backend block is rewritten the same way', () => {
    expect(relativeLocalStatePathHcl('backend "local" {\npath = "/tmp/x/terraform.s.tfstate"\n}')).toBe('backend "local" {\npath = "terraform.s.tfstate"\n}');
    expect(relativeLocalStatePathHcl('backend "local" {\npath = "terraform.s.tfstate"\n}')).toBe('backend "local" {\npath = "terraform.s.tfstate"\n}');
  });
});
