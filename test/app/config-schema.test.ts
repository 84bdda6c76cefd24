/**
 * config/config.schema.json: generated from the zod schema (app/config.ts), shipped, referenced by
 * `$schema` in the shipped configs. It must not drift from zod, the shipped configs must validate,
 * and on a set of good and bad configs it must agree with the app's own validation.
 */
import Ajv from 'ajv';
import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { configJsonSchema, configJsonSchemaText, DESCRIPTIONS, SCHEMA_PATH } from '../../app/config-schema';
import { configSchema } from '../../app/config';

const ROOT = join(__dirname, '..', '..');
const shipped = readFileSync(join(ROOT, SCHEMA_PATH), 'utf8');
const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(shipped));
const CONFIGS = readdirSync(join(ROOT, 'config')).filter((f) => f.endsWith('.json') && join('config', f) !== SCHEMA_PATH);

test('the shipped schema is exactly what app/config.ts generates (run `npm run schema` after changing the zod schema)', () => {
  expect(shipped).toBe(configJsonSchemaText());
});

test('every field carries a description, and a missing or stale one is an error naming the field', () => {
  const undescribed: string[] = [];
  const walk = (node: Record<string, unknown>, path: string): void => {
    if (path && typeof node.description !== 'string') undescribed.push(path);
    for (const [k, child] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) walk(child, `${path}.${k}`);
    if (node.items) walk(node.items as Record<string, unknown>, `${path}[]`);
    for (const b of (node.oneOf ?? []) as Record<string, unknown>[]) walk(b, `${path}|`);
  };
  walk(JSON.parse(shipped), '');
  expect(undescribed).toEqual([]);
  const { 'dns.ttl': _dropped, ...withoutTtl } = DESCRIPTIONS;
  expect(() => configJsonSchema(withoutTtl)).toThrow('config schema descriptions out of step with app/config.ts: no description for dns.ttl');
  expect(() => configJsonSchema({ ...DESCRIPTIONS, 'dns.colour': 'x' })).toThrow('no such field: dns.colour');
});

test.each(CONFIGS)('config/%s names the schema in $schema and validates against it', (name) => {
  const config = JSON.parse(readFileSync(join(ROOT, 'config', name), 'utf8'));
  expect(resolve(dirname(join(ROOT, 'config', name)), config.$schema)).toBe(join(ROOT, SCHEMA_PATH));
  expect(existsSync(join(ROOT, SCHEMA_PATH))).toBe(true);
  expect(validate(config) ? [] : validate.errors).toEqual([]);
  expect(configSchema.safeParse(config).success).toBe(true);
});

const base = {
  atlas: { projectId: '64b7f2c1e4b0a1d2c3f4a5b6', clusterName: 'cluster0' },
  azure: { resourceGroupName: 'rg-app-prod' },
  endpoints: [{ region: 'eastus2', subnetId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s' }],
};

// [what, config, accepted]: the schema and the zod schema must give the same verdict.
const CASES: Array<[string, unknown, boolean]> = [
  ['the smallest config', base, true],
  ['null timeouts (left to the provider)', { ...base, timeouts: { registrationCreate: null, service: '90m' } }, true],
  ['a cloud backend', { ...base, backend: { type: 'cloud', organization: 'acme', workspace: 'pl' } }, true],
  ['an azurerm backend with Azure AD', { ...base, backend: { type: 'azurerm', resourceGroupName: 'rg', storageAccountName: 'st', containerName: 'tf', key: 'pl.tfstate', useAzureadAuth: true } }, true],
  ['ports and a TXT value', { ...base, dns: { strategy: 'cluster-zone', ttl: 30 }, endpoints: [{ ...base.endpoints[0], ports: [1024, 1025], txtValue: 'authSource=admin' }] }, true],
  ['an unknown top-level key', { ...base, colour: 'blue' }, false],
  ['an unknown endpoint key', { ...base, endpoints: [{ ...base.endpoints[0], zone: 'x' }] }, false],
  ['no endpoints', { ...base, endpoints: [] }, false],
  ['no atlas', { azure: base.azure, endpoints: base.endpoints }, false],
  ['an empty project id', { ...base, atlas: { projectId: '' } }, false],
  ['an unknown DNS strategy', { ...base, dns: { strategy: 'zones' } }, false],
  ['a TTL of 0', { ...base, dns: { ttl: 0 } }, false],
  ['a port above 65535', { ...base, endpoints: [{ ...base.endpoints[0], ports: [70000] }] }, false],
  ['a fractional port', { ...base, endpoints: [{ ...base.endpoints[0], ports: [1024.5] }] }, false],
  ['a stack name with "_"', { ...base, stackName: 'atlas_pl' }, false],
  ['regionalMode as a string', { ...base, atlas: { ...base.atlas, regionalMode: 'true' } }, false],
  ['an azurerm backend without key', { ...base, backend: { type: 'azurerm', resourceGroupName: 'rg', storageAccountName: 'st', containerName: 'tf' } }, false],
  ['an unknown backend type', { ...base, backend: { type: 's3' } }, false],
  ['a tag value that is a number', { ...base, tags: { env: 1 } }, false],
];

test.each(CASES)('agrees with the app on %s', (_what, config, accepted) => {
  expect(configSchema.safeParse(config).success).toBe(accepted);
  expect(validate(config)).toBe(accepted);
});
