/**
 * The bundle README's credentials section says when ARM_SUBSCRIPTION_ID is needed: azurerm 4.x
 * takes each provider block's subscription from its `subscription_id`, else from the variable
 * (4.0 upgrade guide); a landing-zone stack names it in every block.
 */
import { renderReadme } from '../../handoff/readme';
import { TfJson } from '../../handoff/tf-json';

const SUB = '5b2e8f14-7c3a-4d9b-a1e6-3f8c0d2b7a95';

function credentialsOf(azurerm: unknown): string {
  const json: TfJson = {
    terraform: { required_providers: { azurerm: { source: 'hashicorp/azurerm', version: '4.55.0' } } },
    ...(azurerm === undefined ? {} : { provider: { azurerm } }),
  } as TfJson;
  const readme = renderReadme({ stackName: 'x', json, terraformFile: 'cdk.tf.json', configName: 'config/x.json', applyOrder: ['x'], verifier: { version: '0.1.0', sha256: 'ab'.repeat(32) } });
  const line = readme.split('\n').find((l) => l.startsWith('- **azurerm**: '));
  if (!line) throw new Error(`no azurerm credentials line in:\n${readme}`);
  return line;
}

test('no provider block names subscription_id: ARM_SUBSCRIPTION_ID is required', () => {
  expect(credentialsOf([{ features: [{}] }])).toBe(
    '- **azurerm**: `ARM_SUBSCRIPTION_ID` (azurerm 4.x requires a subscription, and no provider block names `subscription_id`), `ARM_TENANT_ID`, `ARM_CLIENT_ID`, and one way to prove the identity:',
  );
  expect(credentialsOf(undefined)).toContain('`ARM_SUBSCRIPTION_ID` (azurerm 4.x requires a subscription');
});

test('every provider block names its subscription_id (a landing zone): ARM_SUBSCRIPTION_ID is not needed', () => {
  const line = credentialsOf([
    { features: [{}], subscription_id: SUB },
    { alias: 'hub', features: [{}], subscription_id: '4c1d7e2a-9b3f-4a6e-8d5c-2f7a1b9e0c3d' },
  ]);
  expect(line).toBe(
    '- **azurerm**: `ARM_SUBSCRIPTION_ID` is not needed: every `azurerm` provider block of this bundle names its `subscription_id` (set, it would be ignored). Set `ARM_TENANT_ID`, `ARM_CLIENT_ID`, and one way to prove the identity:',
  );
  // A single block, not a list, as a stack with one provider may render it.
  expect(credentialsOf({ features: [{}], subscription_id: SUB })).toContain('is not needed');
});

test('some blocks name it, some do not: the variable is needed for those, named', () => {
  expect(credentialsOf([{ features: [{}] }, { alias: 'hub', features: [{}], subscription_id: SUB }])).toBe(
    '- **azurerm**: `ARM_SUBSCRIPTION_ID` for the provider blocks that name no `subscription_id` (`azurerm`; azurerm 4.x requires a subscription for each; the others name theirs), `ARM_TENANT_ID`, `ARM_CLIENT_ID`, and one way to prove the identity:',
  );
});
