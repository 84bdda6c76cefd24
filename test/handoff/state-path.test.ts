import { relativeLocalStatePath, relativeLocalStatePathHcl } from '../../handoff/state-path';

describe('local state paths in a bundle', () => {
  test('absolute paths become file names; relative ones stay', () => {
    expect(relativeLocalStatePath('/home/ci/app/terraform.s.tfstate')).toBe('terraform.s.tfstate');
    expect(relativeLocalStatePath('C:\\work\\terraform.s.tfstate')).toBe('terraform.s.tfstate');
    expect(relativeLocalStatePath('state/terraform.s.tfstate')).toBe('state/terraform.s.tfstate');
  });

  test('a path with a ".." step, or from a home folder, becomes its file name too: the state stays in the bundle', () => {
    expect(relativeLocalStatePath('../../escape.tfstate')).toBe('escape.tfstate');
    expect(relativeLocalStatePath('state/..\\..\\x.tfstate')).toBe('x.tfstate');
    expect(relativeLocalStatePath('~/x.tfstate')).toBe('x.tfstate');
    expect(relativeLocalStatePathHcl('backend "local" {\npath = "../up.tfstate"\n}')).toBe('backend "local" {\npath = "up.tfstate"\n}');
  });

  test('the HCL backend block is rewritten the same way', () => {
    expect(relativeLocalStatePathHcl('backend "local" {\npath = "/tmp/x/terraform.s.tfstate"\n}')).toBe('backend "local" {\npath = "terraform.s.tfstate"\n}');
    expect(relativeLocalStatePathHcl('backend "local" {\npath = "terraform.s.tfstate"\n}')).toBe('backend "local" {\npath = "terraform.s.tfstate"\n}');
  });
});
