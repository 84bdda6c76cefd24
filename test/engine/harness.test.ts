/**
 * The engine harness on a tiny hand-written configuration that uses both providers, independent of
 * the constructs: offline init against the mirror, validate, and `terraform test` whose failing
 * assertion must come back as a failed run carrying the engine's message (so a broken harness can
 * never look green).
 */
import { describeWithEngine, EngineDir, expectAllRunsPassed, expectValid, formatDiagnostics, providerMode } from './support/engine';
import { hclStringLiteral as hclString } from '../../lib/hcl';
import { ATLAS, endpointSample } from './fixtures/samples';

const describeEngine = describeWithEngine();
const sample = endpointSample('eastus2', false);

const MAIN = {
  terraform: {
    required_providers: {
      azurerm: { source: 'azurerm', version: '4.55.0' },
      mongodbatlas: { source: 'mongodb/mongodbatlas', version: '1.41.1' },
    },
  },
  provider: { azurerm: [{ features: [{}] }], mongodbatlas: [{}] },
  resource: {
    mongodbatlas_privatelink_endpoint: { svc: { project_id: ATLAS.projectId, provider_name: 'AZURE', region: 'eastus2' } },
    azurerm_private_endpoint: {
      pe: {
        name: 'pe-atlas-eastus2',
        location: 'eastus2',
        resource_group_name: 'rg-app-prod',
        subnet_id: '/subscriptions/8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b/resourceGroups/rg-app-prod/providers/Microsoft.Network/virtualNetworks/vnet-app-prod/subnets/snet-private-endpoints',
        private_service_connection: {
          name: 'pe-atlas-eastus2-connection',
          is_manual_connection: true,
          private_connection_resource_id: '${mongodbatlas_privatelink_endpoint.svc.private_link_service_resource_id}',
          request_message: 'harness',
        },
      },
    },
  },
  output: { private_ip: { value: '${azurerm_private_endpoint.pe.private_service_connection[0].private_ip_address}' } },
};

const TEST = `
mock_provider "azurerm" {}
mock_provider "mongodbatlas" {
  mock_resource "mongodbatlas_privatelink_endpoint" {
    defaults = { private_link_service_resource_id = ${hclString(ATLAS.privateLinkServiceResourceId)} }
  }
}
override_resource {
  target = azurerm_private_endpoint.pe
  values = { id = ${hclString(sample.privateEndpointId)}, private_service_connection = { private_ip_address = ${hclString(sample.privateIp)} } }
}
run "apply" {
  command = apply
  assert {
    condition     = output.private_ip == ${hclString(sample.privateIp)}
    error_message = "private ip is \${output.private_ip}"
  }
  assert {
    condition     = azurerm_private_endpoint.pe.private_service_connection[0].private_connection_resource_id == ${hclString(ATLAS.privateLinkServiceResourceId)}
    error_message = "connects to \${azurerm_private_endpoint.pe.private_service_connection[0].private_connection_resource_id}"
  }
}
run "failing_on_purpose" {
  command = apply
  assert {
    condition     = output.private_ip == "10.99.99.99"
    error_message = "deliberate failure: private ip is \${output.private_ip}"
  }
}
`;

describeEngine(`engine harness (hand-written two-provider config) (providers: ${providerMode()})`, () => {
  let dir: EngineDir;

  beforeAll(() => {
    dir = EngineDir.fromFiles({ 'main.tf.json': JSON.stringify(MAIN, null, 2) }, 'harness');
  });
  afterAll(() => dir?.remove());

  test('init offline from the mirror, then validate', () => {
    expectValid(dir.validate());
  }, 120_000);

  test('terraform test reports passing and failing runs with the engine message', () => {
    const report = dir.test({ 'harness.tftest.hcl': TEST });
    expect(report.runs).toEqual([
      { file: 'tests/harness.tftest.hcl', run: 'apply', status: 'pass' },
      { file: 'tests/harness.tftest.hcl', run: 'failing_on_purpose', status: 'fail' },
    ]);
    expect(report.summary).toMatchObject({ passed: 1, failed: 1 });
    expect(report.run.status).not.toBe(0);
    const text = formatDiagnostics(report.diagnostics);
    expect(text).toContain(`deliberate failure: private ip is ${sample.privateIp}`);
    expect(() => expectAllRunsPassed(report, 2)).toThrow(/failing_on_purpose=fail[\s\S]*deliberate failure/);
  }, 120_000);
});
