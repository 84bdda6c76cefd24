import { AtlasEndpointRegistration, AtlasPrivateLinkService, AzurePrivateEndpoint } from '../../lib';
import { PRIVATE_ENDPOINT_ID, PRIVATE_IP, PROJECT_ID, RESOURCE_GROUP, SUBNET_ID } from '../fixtures/samples';
import { newStack, onlyResource, refTo, rendered, synthJson } from '../support/synth';

describe('AtlasEndpointRegistration', () => {
  test('registers the endpoint id and its private IP with the link', () => {
    const stack = newStack();
    const service = new AtlasPrivateLinkService(stack, 'Service', { projectId: PROJECT_ID, region: 'eastus2' });
    const endpoint = new AzurePrivateEndpoint(stack, 'Endpoint', { service, resourceGroupName: RESOURCE_GROUP, subnetId: SUBNET_ID });
    new AtlasEndpointRegistration(stack, 'Registration', { service, endpoint, createTimeout: '3h' });
    const json = synthJson(stack);
    expect(onlyResource(json, 'mongodbatlas_privatelink_endpoint_service')).toMatchObject({
      project_id: PROJECT_ID,
      provider_name: 'AZURE',
      private_link_id: refTo(json, 'mongodbatlas_privatelink_endpoint', 'private_link_id'),
      endpoint_service_id: refTo(json, 'azurerm_private_endpoint', 'id'),
      private_endpoint_ip_address: refTo(json, 'azurerm_private_endpoint', 'private_service_connection[0].private_ip_address'),
      timeouts: { create: '3h', delete: '2h' },
    });
    expect(json.resource.mongodbatlas_privatelink_endpoint_service).toMatchSnapshot();
  });

  test('registers a brought-in endpoint by its literal id and IP', () => {
    const stack = newStack();
    const service = new AtlasPrivateLinkService(stack, 'Service', { projectId: PROJECT_ID, region: 'eastus2' });
    const registration = new AtlasEndpointRegistration(stack, 'Registration', {
      service,
      endpoint: { privateEndpointId: PRIVATE_ENDPOINT_ID, privateIpAddress: PRIVATE_IP },
    });
    expect(onlyResource(synthJson(stack), 'mongodbatlas_privatelink_endpoint_service')).toMatchObject({
      endpoint_service_id: PRIVATE_ENDPOINT_ID,
      private_endpoint_ip_address: PRIVATE_IP,
    });
    expect(rendered(stack, registration.azureStatus)).toMatch(/\.azure_status\}$/);
    expect(rendered(stack, registration.errorMessage)).toMatch(/\.error_message\}$/);
  });

  test.each([
    ['a public IP', { privateEndpointId: PRIVATE_ENDPOINT_ID, privateIpAddress: '20.1.2.3' }, /^endpoint\.privateIpAddress: "20\.1\.2\.3" is not a private IPv4 address/],
    ['an id that is not a private endpoint', { privateEndpointId: '/subscriptions/x', privateIpAddress: PRIVATE_IP }, /^endpoint\.privateEndpointId: "\/subscriptions\/x" is not a privateEndpoint resource id/],
  ])('rejects a brought-in endpoint with %s', (_name, endpoint, message) => {
    const stack = newStack();
    const service = new AtlasPrivateLinkService(stack, 'Service', { projectId: PROJECT_ID, region: 'eastus2' });
    expect(() => new AtlasEndpointRegistration(stack, 'Registration', { service, endpoint })).toThrow(message);
  });

  test('rejects a malformed timeout', () => {
    const stack = newStack();
    const service = new AtlasPrivateLinkService(stack, 'Service', { projectId: PROJECT_ID, region: 'eastus2' });
    expect(
      () =>
        new AtlasEndpointRegistration(stack, 'Registration', {
          service,
          endpoint: { privateEndpointId: PRIVATE_ENDPOINT_ID, privateIpAddress: PRIVATE_IP },
          deleteTimeout: '2 hours',
        }),
    ).toThrow(/^deleteTimeout: "2 hours" is not a Terraform duration/);
  });
});
