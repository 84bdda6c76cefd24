import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Testing } from 'cdktf';
import { ConfigError, loadConfig, parseConfig } from '../../app/config';
import { AtlasPrivateLinkStack } from '../../app/stack';
import { synthConfigFile } from '../../app/synth';

const EXAMPLE = join(__dirname, '..', '..', 'config', 'example.json');
const TWO_ENDPOINTS = join(__dirname, '..', '..', 'config', 'two-endpoints.json');
const work = mkdtempSync(join(tmpdir(), 'app-synth-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function stackJson(outdir: string, name: string): string {
  return readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8');
}

function writeConfig(name: string, value: unknown): string {
  const path = join(work, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

const example = JSON.parse(readFileSync(EXAMPLE, 'utf8'));

describe('the example app', () => {
  test('synthesizes the example config with all four pieces', () => {
    const result = synthConfigFile(EXAMPLE, join(work, 'example'));
    expect(result.stacks.map((s) => s.name)).toEqual(['atlas-private-link']);
    const json = JSON.parse(stackJson(join(work, 'example'), 'atlas-private-link'));
    for (const type of [
      'mongodbatlas_privatelink_endpoint',
      'azurerm_private_endpoint',
      'mongodbatlas_privatelink_endpoint_service',
      'azurerm_private_dns_zone',
      'azurerm_private_dns_a_record',
      'azurerm_private_dns_zone_virtual_network_link',
    ]) {
      expect(Object.keys(json.resource[type] ?? {})).toHaveLength(1);
    }
    expect(json.terraform.backend.local.path).toBe('terraform.atlas-private-link.tfstate');
  });

  test('synthesizes the two-endpoint cluster-zone config', () => {
    synthConfigFile(TWO_ENDPOINTS, join(work, 'two'));
    const json = JSON.parse(stackJson(join(work, 'two'), 'atlas-private-link-multi-region'));
    expect(Object.keys(json.resource.azurerm_private_endpoint)).toHaveLength(2);
    expect(Object.keys(json.resource.azurerm_private_dns_srv_record)).toHaveLength(2);
    expect(Object.keys(json.resource.mongodbatlas_private_endpoint_regional_mode)).toHaveLength(1);
  });

  test('cdktf output --outputs-file uses the same names as terraform output', () => {
    synthConfigFile(EXAMPLE, join(work, 'outputs'));
    const json = JSON.parse(stackJson(join(work, 'outputs'), 'atlas-private-link'));
    // cdktf keys its outputs file by construct id, terraform by logical id: they must agree.
    const byConstructId: Record<string, string> = json['//'].outputs['atlas-private-link'].AtlasPrivateLink;
    expect(Object.entries(byConstructId).filter(([id, name]) => id !== name)).toEqual([]);
    expect(Object.keys(byConstructId).sort()).toEqual(Object.keys(json.output).sort());
  });

  test('two synths of the same config are byte-identical', () => {
    synthConfigFile(EXAMPLE, join(work, 'a'));
    synthConfigFile(EXAMPLE, join(work, 'b'));
    expect(stackJson(join(work, 'a'), 'atlas-private-link')).toBe(stackJson(join(work, 'b'), 'atlas-private-link'));
  });

  test('credentials in the environment never reach the JSON', () => {
    const secrets = {
      MONGODB_ATLAS_PUBLIC_KEY: 'pubkeyZ9QX7',
      MONGODB_ATLAS_PRIVATE_KEY: '6f1c2d3e-aaaa-bbbb-cccc-secretPRIVATE',
      ARM_CLIENT_SECRET: 'armSecret~Value.123',
      ARM_ACCESS_KEY: 'storageAccessKey==',
    };
    const saved = { ...process.env };
    Object.assign(process.env, secrets);
    try {
      synthConfigFile(EXAMPLE, join(work, 'secrets'));
      synthConfigFile(TWO_ENDPOINTS, join(work, 'secrets2'));
    } finally {
      process.env = saved;
    }
    const text = stackJson(join(work, 'secrets'), 'atlas-private-link') + stackJson(join(work, 'secrets2'), 'atlas-private-link-multi-region');
    for (const value of Object.values(secrets)) expect(text).not.toContain(value);
  });

  test('remote backends come from config without credentials', () => {
    const path = writeConfig('azurerm-backend.json', {
      ...example,
      backend: { type: 'azurerm', resourceGroupName: 'rg-tfstate', storageAccountName: 'sttfstate', containerName: 'tfstate', key: 'atlas.tfstate' },
    });
    synthConfigFile(path, join(work, 'backend'));
    expect(JSON.parse(stackJson(join(work, 'backend'), 'atlas-private-link')).terraform.backend).toEqual({
      azurerm: { resource_group_name: 'rg-tfstate', storage_account_name: 'sttfstate', container_name: 'tfstate', key: 'atlas.tfstate' },
    });
  });

  test('a bad config writes no new output, creates no folder, and marks an earlier output stale', () => {
    const out = join(work, 'untouched');
    synthConfigFile(EXAMPLE, out);
    const before = stackJson(out, 'atlas-private-link');
    const bad = writeConfig('bad-region.json', { ...example, endpoints: [{ ...example.endpoints[0], region: 'moon' }] });
    expect(() => synthConfigFile(bad, out)).toThrow(/bad-region\.json: endpoints\[0\]\.region: "moon" is not an Azure region/);
    const stackDir = join(out, 'stacks', 'atlas-private-link');
    expect(readdirSync(stackDir).sort()).toEqual(['STALE.md', 'cdk.tf.json.stale']);
    expect(readFileSync(join(stackDir, 'cdk.tf.json.stale'), 'utf8')).toBe(before);
    expect(readFileSync(join(stackDir, 'STALE.md'), 'utf8')).toMatch(/^# Stale: do not apply\n\nThe last synth, of `.*bad-region\.json`, failed: .*endpoints\[0\]\.region: "moon"/);
    expect(() => synthConfigFile(bad, join(work, 'never', 'deeper'))).toThrow();
    expect(existsSync(join(work, 'never'))).toBe(false);
    expect(readdirSync(work).filter((f) => f.startsWith('.synth-'))).toEqual([]);
    synthConfigFile(EXAMPLE, out);
    expect(readdirSync(stackDir)).toEqual(['cdk.tf.json']);
  });

  test('config strings reach the JSON as literals: a template sequence is escaped, never evaluated', () => {
    const path = writeConfig('templates.json', {
      ...example,
      tags: { 'owner${path.cwd}': 'c0${file("/etc/hostname")}', cost: '%{ if true }x%{ endif }' },
      endpoints: [{ ...example.endpoints[0], requestMessage: 'pay $${x} now $' }],
    });
    synthConfigFile(path, join(work, 'templates'));
    const pe = Object.values(JSON.parse(stackJson(join(work, 'templates'), 'atlas-private-link')).resource.azurerm_private_endpoint)[0] as any;
    expect(pe.tags).toEqual({ 'owner$${path.cwd}': '${"c0$${file(\\"/etc/hostname\\")}"}', cost: '%%{ if true }x%%{ endif }' });
    expect(pe.private_service_connection.request_message).toBe('pay $$${x} now $');
  });
});

describe('provider versions from the config', () => {
  test('providerVersions reach required_providers; without it the bindings\' exact versions stay', () => {
    const chosen = writeConfig('versions.json', { ...example, providerVersions: { mongodbatlas: '~> 2.16', azurerm: '~> 4.55' } });
    synthConfigFile(chosen, join(work, 'versions'));
    expect(JSON.parse(stackJson(join(work, 'versions'), 'atlas-private-link')).terraform.required_providers).toEqual({
      mongodbatlas: { source: 'mongodb/mongodbatlas', version: '~> 2.16' },
      azurerm: { source: 'hashicorp/azurerm', version: '~> 4.55' },
    });
    synthConfigFile(chosen, join(work, 'versions-hcl'), { hcl: true });
    expect(readFileSync(join(work, 'versions-hcl', 'stacks', 'atlas-private-link', 'cdk.tf'), 'utf8')).toMatch(/mongodbatlas = \{\s*version = "~> 2\.16"/);
    synthConfigFile(EXAMPLE, join(work, 'default-versions'));
    const pinned = JSON.parse(stackJson(join(work, 'default-versions'), 'atlas-private-link')).terraform.required_providers;
    expect([pinned.mongodbatlas.version, pinned.azurerm.version]).toEqual(['1.41.1', '4.55.0']);
  });

  test('an unknown provider in providerVersions is refused by the schema', () => {
    expect(() => parseConfig({ ...example, providerVersions: { aws: '~> 5.0' } })).toThrow(/providerVersions: Unrecognized key: "aws"/);
  });
});

describe('errors name the field as the config spells it, in the file', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['timeouts.service', { timeouts: { service: 'an hour' } }, /^.*\/fields\.json: timeouts\.service: "an hour" is not a Terraform duration/],
    ['timeouts.registrationCreate', { timeouts: { registrationCreate: '2 hours' } }, /: timeouts\.registrationCreate: "2 hours" is not a Terraform duration/],
    ['dns.ttl', { dns: { strategy: 'host-zones', ttl: 0 } }, /: dns\.ttl: must be a TTL in seconds/],
    ['dns.existingZoneName', { dns: { strategy: 'host-zones', existingZoneName: 'abc12.mongodb.net' } }, /: dns\.existingZoneName: applies only to the cluster-zone strategy/],
    ['atlas.clusterName', { atlas: { projectId: '64b7f2c1e4b0a1d2c3f4a5b6', clusterName: 'cluster 0' } }, /: atlas\.clusterName: "cluster 0" is not an Atlas cluster name/],
    ['azure.virtualNetworkIds[0]', { azure: { resourceGroupName: 'rg-app-prod', virtualNetworkIds: ['vnet-app-prod'] } }, /: azure\.virtualNetworkIds\[0\]: "vnet-app-prod" is not a virtualNetwork resource id/],
    ['azure.resourceGroupName', { azure: { resourceGroupName: 'rg app', virtualNetworkIds: [] } }, /: azure\.resourceGroupName: "rg app" is not an Azure resource group name/],
    ['tags', { tags: { 'a/b': 'x' } }, /: tags\["a\/b"\]: the tag name contains one of/],
    ['providerVersions.mongodbatlas', { providerVersions: { mongodbatlas: '~> 3.0' } }, /: providerVersions\.mongodbatlas: "~> 3\.0" can pick mongodbatlas 3\.x or later .*supported: ">= 1\.41\.0, < 3\.0\.0"/],
    ['providerVersions.azurerm', { providerVersions: { azurerm: '>= 4.55' } }, /: providerVersions\.azurerm: ">= 4\.55" can pick azurerm 5\.x or later \(azurerm 5\.x private DNS records .*supported: ">= 4\.55\.0, < 5\.0\.0"/],
  ])('%s', (_field, change, message) => {
    const path = writeConfig('fields.json', { ...example, ...change });
    expect(() => synthConfigFile(path, join(work, 'fields'))).toThrow(message);
    expect(() => synthConfigFile(path, join(work, 'fields'))).toThrow(expect.objectContaining({ message: expect.not.stringContaining('\n') }));
  });
});

describe('config validation', () => {
  test.each<[string, unknown, RegExp]>([
    ['a missing project id', { ...example, atlas: {} }, /atlas\.projectId: /],
    ['an unknown field', { ...example, endpoint: [] }, /\(root\): Unrecognized key: "endpoint"/],
    ['an empty endpoint list', { ...example, endpoints: [] }, /endpoints: must list at least one endpoint/],
    ['an unknown DNS strategy', { ...example, dns: { strategy: 'wildcard' } }, /dns\.strategy: /],
    ['a port that is not a number', { ...example, endpoints: [{ ...example.endpoints[0], ports: ['1024'] }] }, /endpoints\[0\]\.ports\[0\]: /],
    ['a port out of range, whatever the strategy', { ...example, endpoints: [{ ...example.endpoints[0], ports: [70000] }] }, /endpoints\[0\]\.ports\[0\]: must be a TCP port \(1-65535\)/],
    ['a TTL that is a cdktf number token', { ...example, dns: { strategy: 'host-zones', ttl: -1.8881545897087626e289 } }, /dns\.ttl: must be a TTL in seconds/],
    ['a stack name with spaces', { ...example, stackName: 'my stack' }, /stackName: must be 1-63 letters/],
    ['an unknown backend', { ...example, backend: { type: 's3' } }, /backend\.type: /],
    ['a credential in the config', { ...example, atlas: { ...example.atlas, privateKey: 'abc' } }, /atlas\.privateKey: credentials do not belong in the config file/],
    [
      'a forged cdktf token',
      { ...example, tags: { app: '${TfToken[TOKEN.1]}' } },
      /tags\.app: "\$\{TfToken\[TOKEN\.1\]\}" holds a cdktf token marker, which cdktf would replace with a reference/,
    ],
    ['a forged cdktf list token', { ...example, endpoints: [{ ...example.endpoints[0], name: '#{TfToken[TOKEN.2]}' }] }, /endpoints\[0\]\.name: .* holds a cdktf token marker/],
    ['a forged number token in text', { ...example, tags: { app: 'x -1.8881545897087626e+289' } }, /tags\.app: .* holds a cdktf token marker/],
    ['a zero-width space in a tag name', { ...example, tags: { 'a\u200bb': 'x' } }, /tags\["a\\u\{200b\}b"\]: the name "a\\u\{200b\}b" contains U\+200B \(a control or invisible character\) at position 1/],
    ['a newline in the backend key', { ...example, backend: { type: 'azurerm', resourceGroupName: 'rg', storageAccountName: 'st', containerName: 'c', key: 'a\nb' } }, /backend\.key: "a\\u\{a\}b" contains U\+000A/],
    [
      'a template sequence in a backend setting',
      { ...example, backend: { type: 'local', path: 'state-${file("/etc/hostname")}.tfstate' } },
      /backend\.path: .* contains a template sequence \(\$\{ or %\{\); backend settings cannot be escaped \(Terraform reads them verbatim, OpenTofu evaluates them\)/,
    ],
    ['an absolute local state path', { ...example, backend: { type: 'local', path: '/var/tmp/x.tfstate' } }, /backend\.path: "\/var\/tmp\/x\.tfstate" is absolute: the state must stay in the folder Terraform runs in/],
    ['a local state path with a ".." step', { ...example, backend: { type: 'local', path: 'state/../../x.tfstate' } }, /backend\.path: "state\/\.\.\/\.\.\/x\.tfstate" has a "\.\." step: the state must stay/],
    ['a Windows drive in the state path', { ...example, backend: { type: 'local', path: 'C:\\state\\x.tfstate' } }, /backend\.path: .* is absolute/],
    ['a home-folder state path', { ...example, backend: { type: 'local', path: '~/x.tfstate' } }, /backend\.path: "~\/x\.tfstate" starts at a home folder/],
    ['a public static IP', { ...example, endpoints: [{ ...example.endpoints[0], privateIpAddress: '8.8.8.8' }] }, /endpoints\[0\]\.privateIpAddress: "8\.8\.8\.8" is not a private IPv4 address/],
  ])('rejects %s, naming the field on one line', (_name, raw, message) => {
    const attempt = () => {
      const config = parseConfig(raw, 'c.json', {});
      new AtlasPrivateLinkStack(Testing.app(), config, 'c.json');
    };
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(expect.objectContaining({ message: expect.stringMatching(/^c\.json: [^\n]+$/) }));
  });

  test('several schema problems are listed on one line', () => {
    expect(() => parseConfig({ ...example, atlas: {}, endpoints: [] }, 'c.json', {})).toThrow(
      /^c\.json: atlas\.projectId: [^\n;]+; endpoints: must list at least one endpoint$/,
    );
  });

  test('never echoes a credential value', () => {
    expect(() => parseConfig({ ...example, backend: { type: 'azurerm', accessKey: 'SECRETVALUE' } })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('SECRETVALUE') }),
    );
  });

  test('a file that is not JSON says so without quoting its text', () => {
    const path = join(work, 'leaky.json');
    writeFileSync(path, '{ "tags": { "a": armSecretValueXYZ } }');
    expect(() => loadConfig(path)).toThrow(/leaky\.json: not valid JSON \(Unexpected token/);
    expect(() => loadConfig(path)).toThrow(expect.objectContaining({ message: expect.not.stringContaining('armSecretValue') }));
  });

  test('an unreadable file says which file', () => {
    expect(() => loadConfig(join(work, 'missing.json'))).toThrow(/^config file: cannot read .*missing\.json: ENOENT/);
  });

  test('a file that is not JSON says so', () => {
    const path = join(work, 'broken.json');
    writeFileSync(path, '{ "atlas": ');
    expect(() => loadConfig(path)).toThrow(/broken\.json: not valid JSON/);
  });

  test('the shipped configs are valid', () => {
    expect(loadConfig(EXAMPLE).dns.strategy).toBe('host-zones');
    expect(loadConfig(TWO_ENDPOINTS).dns.strategy).toBe('cluster-zone');
  });
});

describe('credential values in the config', () => {
  const env = {
    MONGODB_ATLAS_PUBLIC_KEY: 'pubkeyzq',
    MONGODB_ATLAS_PRIVATE_KEY: '6f1c2d3e-aaaa-bbbb-cccc-secretPRIVATE',
    ARM_CLIENT_SECRET: 'armSecret~Value.123',
    TF_TOKEN_app_terraform_io: 'tfc.token.abcdefgh',
    ARM_USE_OIDC: 'true',
    ARM_SUBSCRIPTION_ID: '8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b',
  };
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['a tag value equal to ARM_CLIENT_SECRET', { tags: { owner: env.ARM_CLIENT_SECRET } }, /^c\.json: tags\.owner: the value holds the value of the environment variable ARM_CLIENT_SECRET, a credential \(not shown\)/],
    [
      'a request message that contains the Atlas private key',
      { endpoints: [{ ...example.endpoints[0], requestMessage: `key ${env.MONGODB_ATLAS_PRIVATE_KEY}` }] },
      /^c\.json: endpoints\[0\]\.requestMessage: the value holds the value of the environment variable MONGODB_ATLAS_PRIVATE_KEY/,
    ],
    ['a tag name equal to the Atlas public key', { tags: { [env.MONGODB_ATLAS_PUBLIC_KEY]: 'x' } }, /^c\.json: tags: a name holds the value of the environment variable MONGODB_ATLAS_PUBLIC_KEY/],
    ['a backend key holding an HCP Terraform token', { backend: { type: 'cloud', organization: 'acme', workspace: env.TF_TOKEN_app_terraform_io } }, /^c\.json: backend\.workspace: the value holds the value of the environment variable TF_TOKEN_app_terraform_io/],
  ])('refuses %s, naming the variable and never the value', (_name, change, message) => {
    const attempt = () => parseConfig({ ...example, ...change }, 'c.json', env);
    expect(attempt).toThrow(message);
    for (const value of Object.values(env)) {
      if (value.length >= 8) expect(attempt).toThrow(expect.objectContaining({ message: expect.not.stringContaining(value) }));
    }
  });

  test('non-secret variables and short values do not count', () => {
    const raw = { ...example, tags: { oidc: 'true' }, azure: { ...example.azure, virtualNetworkIds: example.azure.virtualNetworkIds } };
    expect(() => parseConfig(raw, 'c.json', env)).not.toThrow();
    expect(example.azure.virtualNetworkIds[0]).toContain(env.ARM_SUBSCRIPTION_ID);
  });

  test('loadConfig and the synth read the process environment', () => {
    const path = writeConfig('leak.json', { ...example, tags: { owner: 'leakedSecret-9f8e7d' } });
    process.env.ARM_CLIENT_SECRET = 'leakedSecret-9f8e7d';
    try {
      expect(() => synthConfigFile(path, join(work, 'leak'))).toThrow(/tags\.owner: the value holds the value of the environment variable ARM_CLIENT_SECRET/);
    } finally {
      delete process.env.ARM_CLIENT_SECRET;
    }
    expect(existsSync(join(work, 'leak'))).toBe(false);
  });
});
