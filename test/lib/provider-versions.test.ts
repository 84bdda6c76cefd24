import { ProviderVersions } from '../../lib';
import { checkProviderConstraint, supportedRange, testedVersionsAllowed } from '../../lib/provider-versions';
import { allows, interval, isEmpty, parseConstraint, parseVersion } from '../../lib/version-constraints';
import { newStack, synthJson } from '../support/synth';

describe('version constraints, read as Terraform reads them', () => {
  const ok = (c: string, v: string) => allows(parseConstraint(c), parseVersion(v));

  test.each([
    ['~> 2.16', '2.16.0', true], ['~> 2.16', '2.99.1', true], ['~> 2.16', '3.0.0', false], ['~> 2.16', '2.15.9', false],
    ['~> 2.16.0', '2.16.7', true], ['~> 2.16.0', '2.17.0', false],
    ['~> 2', '2.0.0', true], ['~> 2', '2.40.0', true], ['~> 2', '3.0.0', false],
    ['>= 1.41, < 3', '2.16.0', true], ['>= 1.41, < 3', '3.0.0', false], ['>= 1.41, < 3', '1.40.9', false],
    ['2.16.0', '2.16.0', true], ['= 2.16', '2.16.0', true], ['= 2.16', '2.16.1', false],
    ['>2.0.0,<=2.16.0,!=2.10.0', '2.10.0', false], ['>2.0.0,<=2.16.0,!=2.10.0', '2.16.0', true], ['> 2', '2.0.0', false],
    // A prerelease is only picked by an exact match, as Terraform does.
    ['>= 2.0.0', '3.0.0-beta1', false], ['= 3.0.0-beta1', '3.0.0-beta1', true],
  ])('%s allows %s: %s', (c, v, expected) => {
    expect(ok(c, v)).toBe(expected);
  });

  test('the interval of a comma list is the intersection of its clauses', () => {
    expect(interval(parseConstraint('~> 2.10, >= 2.11, < 2.16'))).toEqual({
      lower: { version: { major: 2, minor: 11, patch: 0, pre: '' }, inclusive: true },
      upper: { version: { major: 2, minor: 16, patch: 0, pre: '' }, inclusive: false },
    });
    expect(isEmpty(interval(parseConstraint('>= 3, < 2')))).toBe(true);
    expect(isEmpty(interval(parseConstraint('> 2.16.0, <= 2.16.0')))).toBe(true);
    expect(isEmpty(interval(parseConstraint('>= 2.16.0, <= 2.16.0')))).toBe(false);
  });

  test.each(['', 'latest', '~> ', '=> 2.0', '2.x', '1.2.3.4', '>= 1.41,'])('refuses %j with the expected form', (c) => {
    expect(() => parseConstraint(c)).toThrow(/empty|not "<operator> <version>"/);
  });
});

describe('checkProviderConstraint', () => {
  test.each([
    ['mongodbatlas', '~> 2.16'], ['mongodbatlas', '~> 1.41'], ['mongodbatlas', '>= 1.41.1, < 3.0.0'], ['mongodbatlas', '2.16.0'],
    ['mongodbatlas', '~> 2.0, >= 2.11'], ['mongodbatlas', '< 3.0.0-beta1, >= 2.0'], ['mongodbatlas', '~> 2'],
    ['mongodbatlas', '~> 2.16, != 2.17.0'],
    ['azurerm', '~> 4.55'], ['azurerm', '4.81.0'], ['azurerm', '>= 4.55.0, <= 4.99.0'],
  ] as const)('accepts %s %j', (name, c) => {
    expect(checkProviderConstraint(name, name, ` ${c} `)).toBe(c);
  });

  test.each([
    ['mongodbatlas', '~> 3.0', /^mongodbatlas: "~> 3.0" can pick mongodbatlas 3.x or later .*supported: ">= 1.41.0, < 3.0.0" \(tested: 1.41.1, 2.16.0\)/],
    ['mongodbatlas', '>= 2.0', /can pick mongodbatlas 3.x or later.*give an upper bound below 3.0.0/],
    ['mongodbatlas', '<= 3.0.0', /allows mongodbatlas versions without a lower bound, older than 1.41.0/],
    ['mongodbatlas', '>= 1.41, <= 3.0.0', /can pick mongodbatlas 3.x or later/],
    ['mongodbatlas', '>= 1.41, < 3.0.1', /can pick mongodbatlas 3.x or later/],
    ['mongodbatlas', '= 3.0.0-beta1', /can pick mongodbatlas 3.x or later/],
    ['mongodbatlas', '~> 1.0', /allows mongodbatlas 1.0.0, older than 1.41.0/],
    ['mongodbatlas', '>= 3, < 2', /"\>= 3, < 2" allows no version at all/],
    ['mongodbatlas', 'latest', /"latest" has "latest", which is not "<operator> <version>"/],
    ['azurerm', '~> 5.0', /^azurerm: "~> 5.0" can pick azurerm 5.x or later \(azurerm 5.x private DNS records and links take private_dns_zone_id.*supported: ">= 4.55.0, < 5.0.0"/],
    ['azurerm', '~> 4.0', /allows azurerm 4.0.0, older than 4.55.0/],
  ] as const)('refuses %s %j naming the field and the supported range', (name, c, message) => {
    expect(() => checkProviderConstraint(name, name, c)).toThrow(message);
  });

  test('refuses a value that is not a string', () => {
    expect(() => checkProviderConstraint('azurerm', 'providerVersions.azurerm', 4)).toThrow(/^providerVersions\.azurerm: must be a version constraint string; supported: ">= 4\.55\.0, < 5\.0\.0"/);
  });

  test('names the tested versions a constraint allows', () => {
    expect(supportedRange('mongodbatlas')).toBe('>= 1.41.0, < 3.0.0');
    expect(testedVersionsAllowed('mongodbatlas', '~> 2.16')).toEqual(['2.16.0']);
    expect(testedVersionsAllowed('mongodbatlas', '>= 1.41.0, < 3.0.0')).toEqual(['1.41.1', '2.16.0']);
    expect(testedVersionsAllowed('mongodbatlas', '~> 2.17')).toEqual([]);
    expect(testedVersionsAllowed('azurerm', '4.55.0')).toEqual(['4.55.0']);
  });
});

describe('ProviderVersions', () => {
  test('by default the stack keeps the exact versions the bindings were generated for', () => {
    const stack = newStack();
    const versions = new ProviderVersions(stack, 'ProviderVersions');
    expect(synthJson(stack).terraform.required_providers).toEqual({
      mongodbatlas: { source: 'mongodb/mongodbatlas', version: '1.41.1' },
      azurerm: { source: 'azurerm', version: '4.55.0' },
    });
    expect([versions.mongodbatlas, versions.azurerm]).toEqual(['1.41.1', '4.55.0']);
  });

  test('declares the chosen constraints in required_providers', () => {
    const stack = newStack();
    new ProviderVersions(stack, 'ProviderVersions', { mongodbatlas: '~> 2.16', azurerm: '>= 4.55.0, < 5.0.0' });
    expect(synthJson(stack).terraform.required_providers).toEqual({
      mongodbatlas: { source: 'mongodb/mongodbatlas', version: '~> 2.16' },
      azurerm: { source: 'hashicorp/azurerm', version: '>= 4.55.0, < 5.0.0' },
    });
  });

  test('one provider chosen leaves the other pinned', () => {
    const stack = newStack();
    new ProviderVersions(stack, 'ProviderVersions', { mongodbatlas: '2.16.0' });
    expect(synthJson(stack).terraform.required_providers.azurerm.version).toBe('4.55.0');
    expect(synthJson(stack).terraform.required_providers.mongodbatlas.version).toBe('2.16.0');
  });

  test('refuses an unknown major before anything is synthesized', () => {
    const stack = newStack();
    expect(() => new ProviderVersions(stack, 'ProviderVersions', { azurerm: '~> 5.0' })).toThrow(/^azurerm: "~> 5\.0" can pick azurerm 5\.x/);
    expect(synthJson(stack).terraform.required_providers.azurerm.version).toBe('4.55.0');
  });
});
