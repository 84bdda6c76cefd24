import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { writeBundle, writeBundles } from '../../handoff/bundle';
import { BUNDLE_MARKER, INDEX_MARKER, OutError } from '../../handoff/ownership';
import { VERIFY_COMMAND } from '../../handoff/readme';
import { VERIFIER_FILE, verifierBundle } from '../../handoff/verifier-file';

const ROOT = join(__dirname, '..', '..');
const EXAMPLE = join(ROOT, 'config', 'example.json');
const TWO_ENDPOINTS = join(ROOT, 'config', 'two-endpoints.json');
const STACKS = ['atlas-private-link', 'atlas-private-link-multi-region'];
const work = mkdtempSync(join(tmpdir(), 'handoff-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Credentials a pipeline would have set; none of these values may reach a bundle file.
const SECRETS: Record<string, string> = {
  MONGODB_ATLAS_PUBLIC_KEY: 'pubQ7ZK2XW',
  MONGODB_ATLAS_PRIVATE_KEY: '0b6c1f7e-priv-4e1a-9d3c-SECRETATLAS',
  ARM_CLIENT_ID: '5e7d2c1b-client-id-4f00-8a9b-SECRETCLIENT',
  ARM_CLIENT_SECRET: 'armSecret~Q8.x_SECRETVALUE',
  ARM_TENANT_ID: '7a1b2c3d-tenant-SECRETTENANT',
  ARM_SUBSCRIPTION_ID: '9f8e7d6c-subscription-SECRETSUB',
  ARM_ACCESS_KEY: 'storageKeySECRET==',
};

function withSecrets<T>(run: () => T): T {
  const before = Object.fromEntries(Object.keys(SECRETS).map((k) => [k, process.env[k]]));
  Object.assign(process.env, SECRETS);
  try {
    return run();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The first-column names of the markdown table under a `## <title>` heading. */
function tableNames(readme: string, title: string): string[] {
  const body = readme.split(`## ${title}\n`)[1].split('\n## ')[0];
  return [...body.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
}

describe('writeBundles with both shipped configs', () => {
  const out = join(work, 'json');
  let result: ReturnType<typeof writeBundles>;
  beforeAll(() => {
    result = withSecrets(() => writeBundles([EXAMPLE, TWO_ENDPOINTS], out));
  });

  test('writes one directory per stack with the Terraform JSON, a README and an SVG diagram, plus an index', () => {
    expect(result.stacks).toEqual(STACKS.map((name) => ({ name, dir: join(out, name) })));
    for (const name of STACKS) expect(readdirSync(join(out, name)).sort()).toEqual([BUNDLE_MARKER, 'README.md', 'cdk.tf.json', 'diagram.svg', 'verify']);
    expect(readdirSync(out).sort()).toEqual(['README.md', ...STACKS]);
    const index = readFileSync(join(out, 'README.md'), 'utf8');
    expect(index).toContain('`atlas-private-link` and `atlas-private-link-multi-region`: project `64b7f2c1e4b0a1d2c3f4a5b6`, region `eastus2`');
  });

  test.each(STACKS)('%s: the README lists exactly the outputs and variables the JSON declares', (name) => {
    const json = JSON.parse(readFileSync(join(out, name, 'cdk.tf.json'), 'utf8'));
    const readme = readFileSync(join(out, name, 'README.md'), 'utf8');
    const outputs = Object.keys(json.output ?? {});
    expect(outputs.length).toBeGreaterThan(0);
    expect(new Set(tableNames(readme, 'Outputs'))).toEqual(new Set(outputs));
    for (const [outputName, o] of Object.entries(json.output as Record<string, { description: string }>)) {
      expect(readme).toContain(`| \`${outputName}\` | ${o.description} |`);
    }
    const declared = Object.keys(json.variable ?? {});
    expect(new Set(tableNames(readme, 'Input variables'))).toEqual(new Set(declared));
    if (declared.length === 0) expect(readme).toContain('declares no input variables');
  });

  test.each(STACKS)('%s: the README gives providers, credentials, the second apply and the verifier command', (name) => {
    const json = JSON.parse(readFileSync(join(out, name, 'cdk.tf.json'), 'utf8'));
    const readme = readFileSync(join(out, name, 'README.md'), 'utf8');
    for (const [provider, req] of Object.entries(json.terraform.required_providers as Record<string, { version: string }>)) {
      expect(readme).toMatch(new RegExp(`\\| ${provider} \\| \`[^\`]+\` \\| \`${req.version}\` \\|`));
    }
    for (const v of ['MONGODB_ATLAS_PUBLIC_KEY', 'MONGODB_ATLAS_PRIVATE_KEY', 'ARM_SUBSCRIPTION_ID', 'ARM_TENANT_ID', 'ARM_CLIENT_ID', 'ARM_CLIENT_SECRET', 'ARM_USE_OIDC', 'ARM_USE_MSI']) {
      expect(readme).toContain(v);
    }
    expect(readme).toContain('## The second apply');
    expect(readme).toContain('run `terraform apply` again');
    expect(readme).toContain(VERIFY_COMMAND);
    expect(VERIFY_COMMAND).toBe('terraform output -json > outputs.json && node verify/atlas-pl-verify.cjs --outputs outputs.json');
    expect(readme).toContain('node atlas-pl-verify.cjs --outputs outputs.json');
    expect(readme).not.toMatch(/npx\s+atlas-pl-verify/);
    expect(readme).toContain('```mermaid\nflowchart RL');
  });

  test.each(STACKS)('%s: carries the single-file verifier, and its README names the file\'s checksum and the Atlas credentials the pinned provider takes', (name) => {
    const bundle = verifierBundle();
    expect(readdirSync(join(out, name, 'verify'))).toEqual([VERIFIER_FILE]);
    const file = readFileSync(join(out, name, 'verify', VERIFIER_FILE), 'utf8');
    expect(file).toBe(bundle.text);
    const readme = readFileSync(join(out, name, 'README.md'), 'utf8');
    expect(readme).toContain(`echo '${bundle.sha256}  atlas-pl-verify.cjs' | sha256sum -c`);
    expect(readme).toContain(`\`verify/atlas-pl-verify.cjs\` (version ${bundle.version})`);
    // mongodbatlas 1.41.1 (the binding's) has no client_id/client_secret: Service Accounts came in 2.1.0.
    expect(readme).toContain('Service Accounts (`MONGODB_ATLAS_CLIENT_ID` / `MONGODB_ATLAS_CLIENT_SECRET`) need mongodbatlas 2.1.0 or later; this bundle pins 1.41.1');
  });

  test('only the multi-region README warns about regional mode', () => {
    expect(readFileSync(join(out, 'atlas-private-link', 'README.md'), 'utf8')).not.toContain('regional mode');
    expect(readFileSync(join(out, 'atlas-private-link-multi-region', 'README.md'), 'utf8')).toContain('Atlas **regional mode** for the whole project');
  });

  test('the state path is relative, so the bundle runs from its own directory', () => {
    for (const name of STACKS) {
      const json = JSON.parse(readFileSync(join(out, name, 'cdk.tf.json'), 'utf8'));
      expect(json.terraform.backend.local.path).toBe(`terraform.${name}.tfstate`);
      expect(readFileSync(join(out, name, 'cdk.tf.json'), 'utf8')).not.toContain(work);
    }
  });

  test('no credential from the environment appears in any bundle file', () => {
    const files = filesUnder(out);
    expect(files.length).toBe(11);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [name, value] of Object.entries(SECRETS)) expect({ file, name, leaked: text.includes(value) }).toEqual({ file, name, leaked: false });
    }
  });
});

describe('writeBundle', () => {
  test('--hcl writes cdk.tf in valid block form instead of cdk.tf.json', () => {
    const out = join(work, 'hcl');
    const { stacks } = withSecrets(() => writeBundle(TWO_ENDPOINTS, out, { hcl: true }));
    const dir = stacks[0].dir;
    for (const file of filesUnder(out)) for (const value of Object.values(SECRETS)) expect(readFileSync(file, 'utf8')).not.toContain(value);
    expect(readdirSync(dir).sort()).toEqual([BUNDLE_MARKER, 'README.md', 'cdk.tf', 'diagram.svg', 'verify']);
    const hcl = readFileSync(join(dir, 'cdk.tf'), 'utf8');
    expect(hcl.trimStart().startsWith('{')).toBe(false);
    expect(hcl).toContain('resource "azurerm_private_endpoint" "AtlasPrivateLink_Endpoint-eastus2_82CB1C08" {');
    expect(hcl).toContain('path = "terraform.atlas-private-link-multi-region.tfstate"');
    expect(hcl).not.toMatch(/precondition = \[/);
    const blocks = hcl.match(/^\s*precondition \{$/gm)?.length ?? 0;
    expect(blocks).toBeGreaterThan(0);
    expect(hcl.match(/^\s*error_message = /gm)?.length).toBe(blocks);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('read from `cdk.tf` in this directory');
  });

  test('a second run replaces the bundle instead of merging into it', () => {
    const out = join(work, 'again');
    writeBundle(EXAMPLE, out);
    writeFileSync(join(out, 'atlas-private-link', 'stale.txt'), 'left over');
    writeBundle(EXAMPLE, out);
    expect(existsSync(join(out, 'atlas-private-link', 'stale.txt'))).toBe(false);
  });

  test('a failing config leaves neither a bundle, nor staging, nor any new folder behind', () => {
    const parent = join(work, 'failing');
    mkdirSync(parent);
    const bad = join(parent, 'bad.json');
    writeFileSync(bad, JSON.stringify({ atlas: { projectId: 'x' }, azure: {}, endpoints: [] }));
    expect(() => writeBundles([EXAMPLE, bad], join(parent, 'out'))).toThrow(/bad\.json: .*endpoints: must list at least one endpoint/);
    expect(() => writeBundles([EXAMPLE, bad], join(parent, 'a', 'b', 'out'))).toThrow(/bad\.json: /);
    expect(readdirSync(parent)).toEqual(['bad.json']);
  });

  test('two configs with the same stack name are refused', () => {
    const parent = join(work, 'same-name');
    expect(() => writeBundles([EXAMPLE, EXAMPLE], join(parent, 'out'))).toThrow(/both produce stack "atlas-private-link"/);
    expect(existsSync(join(parent, 'out'))).toBe(false);
  });
});

describe('the state backend in a bundle', () => {
  const example = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
  function bundleWith(name: string, backend: unknown) {
    const config = join(work, `${name}.json`);
    writeFileSync(config, JSON.stringify({ ...example, stackName: name, backend }));
    const [stack] = writeBundle(config, join(work, `out-${name}`)).stacks;
    return { json: JSON.parse(readFileSync(join(stack.dir, 'cdk.tf.json'), 'utf8')), readme: readFileSync(join(stack.dir, 'README.md'), 'utf8') };
  }

  test('a local state path outside the bundle (absolute, or with a ".." step) is refused, and nothing is written', () => {
    for (const [name, path] of [['abs-state', join(work, 'elsewhere', 'x.tfstate')], ['up-state', '../../x.tfstate']]) {
      expect(() => bundleWith(name, { type: 'local', path })).toThrow(/: backend\.path: ".*" (is absolute|has a "\.\." step): the state must stay in the folder Terraform runs in/);
      expect(existsSync(join(work, `out-${name}`))).toBe(false);
    }
  });

  test('a local state path in a folder below the bundle is kept, relative to the bundle', () => {
    const { json, readme } = bundleWith('sub-state', { type: 'local', path: 'state/x.tfstate' });
    expect(json.terraform.backend.local.path).toBe('state/x.tfstate');
    expect(readme).toContain('Local state in `state/x.tfstate`, relative to this directory');
  });

  test('an azurerm backend names its settings and the storage credentials variables', () => {
    const { readme } = bundleWith('azurerm-state', {
      type: 'azurerm',
      resourceGroupName: 'rg-tfstate',
      storageAccountName: 'sttfstate001',
      containerName: 'tfstate',
      key: 'atlas.tfstate',
    });
    expect(readme).toContain('`storage_account_name = "sttfstate001"`');
    expect(readme).toMatch(/`ARM_ACCESS_KEY` or `ARM_SAS_TOKEN`/);
  });

  test('a cloud backend names the token variable of its host', () => {
    const { readme } = bundleWith('cloud-state', { type: 'cloud', organization: 'acme', workspace: 'atlas-pl', hostname: 'tfe.example-corp.com' });
    expect(readme).toContain('`TF_TOKEN_tfe_example__corp_com`');
    expect(readme).toContain('terraform login tfe.example-corp.com');
  });
});

describe('what a run may replace in --out', () => {
  const fresh = (name: string) => {
    const out = join(work, name);
    mkdirSync(out);
    return out;
  };

  test('an unrelated folder named like a stack is refused and left as it was; nothing is written', () => {
    const out = fresh('unrelated');
    mkdirSync(join(out, 'atlas-private-link'));
    writeFileSync(join(out, 'atlas-private-link', 'notes.txt'), 'mine');
    expect(() => writeBundles([EXAMPLE, TWO_ENDPOINTS], out)).toThrow(OutError);
    expect(() => writeBundles([EXAMPLE], out)).toThrow(
      new RegExp(`^--out: ${join(out, 'atlas-private-link')} exists \\(no \\.atlas-pl-handoff\\.json in it\\) and was not written by npm run handoff`),
    );
    expect(readdirSync(out)).toEqual(['atlas-private-link']);
    expect(readdirSync(join(out, 'atlas-private-link'))).toEqual(['notes.txt']);
  });

  test("a README.md that no handoff wrote (e.g. --out at a repository's root) is refused", () => {
    const out = fresh('repo');
    writeFileSync(join(out, 'README.md'), '# My project\n');
    expect(() => writeBundles([EXAMPLE], out)).toThrow(new RegExp(`^--out: ${join(out, 'README.md')} exists and was not written by npm run handoff`));
    expect(readdirSync(out)).toEqual(['README.md']);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe('# My project\n');
  });

  test('a file where a bundle would go is refused', () => {
    const out = fresh('file-in-way');
    writeFileSync(join(out, 'atlas-private-link'), 'x');
    expect(() => writeBundles([EXAMPLE], out)).toThrow(/atlas-private-link is a file or a link and was not written by npm run handoff/);
  });

  test('its own bundles and index are replaced; the index starts with its mark', () => {
    const out = join(work, 'own');
    writeBundle(EXAMPLE, out);
    expect(readFileSync(join(out, 'README.md'), 'utf8').startsWith(`${INDEX_MARKER}\n`)).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'atlas-private-link', BUNDLE_MARKER), 'utf8'))).toMatchObject({ stack: 'atlas-private-link' });
    expect(() => writeBundle(EXAMPLE, out)).not.toThrow();
  });

  test('bundles of an earlier run that this run does not regenerate are listed as stale and marked', () => {
    const out = join(work, 'stale');
    writeBundles([EXAMPLE, TWO_ENDPOINTS], out);
    writeBundle(EXAMPLE, out);
    const index = readFileSync(join(out, 'README.md'), 'utf8');
    expect(index).toContain('## Stale bundles from earlier runs');
    expect(index).toMatch(/\| \[`atlas-private-link-multi-region`\]\(atlas-private-link-multi-region\/STALE\.md\) \| `.*two-endpoints\.json` \|/);
    expect(readFileSync(join(out, 'atlas-private-link-multi-region', 'STALE.md'), 'utf8')).toMatch(/^# Stale bundle\n\nThe last `npm run handoff` into/);
    expect(existsSync(join(out, 'atlas-private-link', 'STALE.md'))).toBe(false);
    writeBundles([EXAMPLE, TWO_ENDPOINTS], out);
    expect(existsSync(join(out, 'atlas-private-link-multi-region', 'STALE.md'))).toBe(false);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).not.toContain('Stale bundles');
  });

  test('--out that is a file, or below a file, is refused before anything is synthesized', () => {
    const file = join(work, 'a-file');
    writeFileSync(file, 'x');
    expect(() => writeBundles([EXAMPLE], file)).toThrow(new RegExp(`^--out: ${file} is a file, not a directory$`));
    expect(() => writeBundles([EXAMPLE], join(file, 'out'))).toThrow(new RegExp(`^--out: ${join(file, 'out')} cannot be created: ${file} is a file, not a directory$`));
  });

  test('--out where nothing can be written is an --out error, and creates nothing', () => {
    // As root, permissions do not stop a write; sysfs refuses new folders to everyone.
    const root = process.getuid?.() === 0 && existsSync('/sys/kernel');
    const parent = root ? '/sys' : fresh('read-only');
    if (!root) chmodSync(parent, 0o555);
    try {
      expect(() => writeBundles([EXAMPLE], join(parent, 'atlas-pl-handoff-out'))).toThrow(new RegExp(`^--out: cannot write ${join(parent, 'atlas-pl-handoff-out')}: (EPERM|EACCES) \\((operation not permitted|permission denied)\\)$`));
      expect(existsSync(join(parent, 'atlas-pl-handoff-out'))).toBe(false);
    } finally {
      if (!root) chmodSync(parent, 0o755);
    }
  });
});
