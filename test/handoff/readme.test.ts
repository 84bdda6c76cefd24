import { renderReadme } from '../../handoff/readme';
import { TfJson } from '../../handoff/tf-json';

// A hand-made JSON with what the shipped configs do not declare today: variables, a sensitive
// output, a third provider, and no preconditions.
const json: TfJson = {
  terraform: {
    required_providers: {
      mongodbatlas: { source: 'mongodb/mongodbatlas', version: '1.41.1' },
      random: { source: 'hashicorp/random', version: '3.6.0' },
    },
    backend: { local: { path: 'terraform.x.tfstate' } },
  },
  variable: {
    project_id: { type: 'string', description: 'Atlas project id' },
    ttl: { type: 'number', default: 60, description: 'Record TTL | seconds' },
  },
  output: { token: { value: '${random_id.t.hex}', description: 'A generated id', sensitive: true } },
  resource: { random_id: { t: { byte_length: 4 } } },
};

const readme = renderReadme({ stackName: 'x', json, terraformFile: 'cdk.tf.json', configName: 'config/x.json', applyOrder: ['net', 'x'], verifier: { version: '0.1.0', sha256: 'ab'.repeat(32) } });

test('declared variables are listed with type, whether required, and description', () => {
  expect(readme).toContain('| `project_id` | `string` | yes | Atlas project id |');
  expect(readme).toContain('| `ttl` | `number` | no | Record TTL \\| seconds |');
  expect(readme).not.toContain('declares no input variables');
});

test('sensitive outputs are marked', () => {
  expect(readme).toContain('| `token` | A generated id (sensitive) |');
});

test('several stacks from one config get an apply order', () => {
  expect(readme).toContain('apply them in this order: `net` → `x`');
});

test('a provider without known variables points to its documentation', () => {
  expect(readme).toContain('- **random**: see the documentation of `hashicorp/random`.');
  expect(readme).toContain('| random | `hashicorp/random` | `3.6.0` | not by this package |');
});

test('each declared provider version says whether the package tested it', () => {
  expect(readme).toContain('| mongodbatlas | `mongodb/mongodbatlas` | `1.41.1` | yes: 1.41.1 (supported `>= 1.41.0, < 3.0.0`) |');
  const withRange = (mongodbatlas: string, azurerm: string) =>
    renderReadme({
      stackName: 'x',
      json: { ...json, terraform: { ...json.terraform, required_providers: { mongodbatlas: { source: 'mongodb/mongodbatlas', version: mongodbatlas }, azurerm: { source: 'hashicorp/azurerm', version: azurerm } } } },
      terraformFile: 'cdk.tf.json',
      configName: 'config/x.json',
      applyOrder: ['x'],
      verifier: { version: '0.1.0', sha256: 'ab'.repeat(32) },
    });
  const chosen = withRange('~> 2.16', '>= 4.55.0, < 5.0.0');
  expect(chosen).toContain('| mongodbatlas | `mongodb/mongodbatlas` | `~> 2.16` | yes: 2.16.0 (supported `>= 1.41.0, < 3.0.0`) |');
  expect(chosen).toContain('| azurerm | `hashicorp/azurerm` | `>= 4.55.0, < 5.0.0` | yes: 4.55.0, 4.81.0 (supported `>= 4.55.0, < 5.0.0`) |');
  expect(withRange('~> 2.17', '4.60.0')).toContain('| mongodbatlas | `mongodb/mongodbatlas` | `~> 2.17` | no: tested are 1.41.1, 2.16.0 (supported `>= 1.41.0, < 3.0.0`) |');
});

test('without preconditions, one apply is enough', () => {
  expect(readme).toContain('one apply completes the stack');
  expect(readme).toContain('Terraform 1.0 or later');
});
