import { AtlasPrivateLinkService, AzurePrivateEndpoint, AzurePrivateEndpointProps } from '../../lib';
import { PROJECT_ID, RESOURCE_GROUP, SUBNET_ID } from '../fixtures/samples';
import { newStack, onlyResource, refTo, rendered, synthJson } from '../support/synth';

function build(overrides: Partial<AzurePrivateEndpointProps> = {}) {
  const stack = newStack();
  const service = new AtlasPrivateLinkService(stack, 'Service', { projectId: PROJECT_ID, region: 'eastus2' });
  const endpoint = new AzurePrivateEndpoint(stack, 'Endpoint', {
    service,
    resourceGroupName: RESOURCE_GROUP,
    subnetId: SUBNET_ID,
    ...overrides,
  });
  return { stack, service, endpoint };
}

describe('AzurePrivateEndpoint', () => {
  test('connects manually to the Atlas service with a request message', () => {
    const { stack } = build();
    const json = synthJson(stack);
    const pe = onlyResource(json, 'azurerm_private_endpoint');
    expect(pe).toMatchObject({
      name: 'pe-atlas-eastus2',
      location: 'eastus2',
      resource_group_name: RESOURCE_GROUP,
      subnet_id: SUBNET_ID,
      private_service_connection: {
        is_manual_connection: true,
        private_connection_resource_id: refTo(json, 'mongodbatlas_privatelink_endpoint', 'private_link_service_resource_id'),
        request_message: `MongoDB Atlas private endpoint for project ${PROJECT_ID}`,
      },
    });
    expect(pe.ip_configuration).toBeUndefined();
    expect(json.resource.azurerm_private_endpoint).toMatchSnapshot();
  });

  test('sets a static IP, NIC name and tags when given', () => {
    const { stack } = build({ privateIpAddress: '10.20.1.10', customNetworkInterfaceName: 'nic-pe-atlas', tags: { env: 'prod' } });
    const pe = onlyResource(synthJson(stack), 'azurerm_private_endpoint');
    expect(pe.ip_configuration).toEqual([{ name: 'pe-atlas-eastus2-ip', private_ip_address: '10.20.1.10' }]);
    expect(pe.custom_network_interface_name).toBe('nic-pe-atlas');
    expect(pe.tags).toEqual({ env: 'prod' });
  });

  test('the default name follows the service region, whatever the location', () => {
    const { stack } = build({ location: 'westus2' });
    expect(onlyResource(synthJson(stack), 'azurerm_private_endpoint')).toMatchObject({ name: 'pe-atlas-eastus2', location: 'westus2' });
  });

  test('exposes the id and the private IP of the first service connection', () => {
    const { stack, endpoint } = build();
    expect(rendered(stack, endpoint.privateEndpointId)).toMatch(/^\$\{azurerm_private_endpoint\.[^.]+\.id\}$/);
    expect(rendered(stack, endpoint.privateIpAddress)).toMatch(/\.private_service_connection\[0\]\.private_ip_address\}$/);
  });

  test.each<[string, Partial<AzurePrivateEndpointProps>, RegExp]>([
    ['a subnet id that is a VNet id', { subnetId: SUBNET_ID.replace(/\/subnets\/.*/, '') }, /^subnetId: ".*" is not a subnet resource id/],
    ['an empty resource group', { resourceGroupName: ' ' }, /^resourceGroupName: is required/],
    ['a name over 64 characters', { name: 'p'.repeat(65) }, /^name: "p+" is not a valid Azure resource name \(1-64/],
    ['a name with a slash', { name: 'pe/atlas' }, /^name: "pe\/atlas" is not a valid Azure resource name/],
    ['a NIC name over 80 characters', { customNetworkInterfaceName: 'n'.repeat(81) }, /^customNetworkInterfaceName: /],
    ['a bad static IP', { privateIpAddress: '10.20.1.400' }, /^privateIpAddress: "10.20.1.400" is not an IPv4 address/],
    ['a request message over 140 characters', { requestMessage: 'm'.repeat(141) }, /^requestMessage: is 141 characters long; the limit is 140/],
    ['an empty request message', { requestMessage: '  ' }, /^requestMessage: must not be empty/],
    ['an unknown location', { location: 'atlantis' }, /^location: "atlantis" is not an Azure region/],
    ['a public static IP', { privateIpAddress: '40.1.2.3' }, /^privateIpAddress: "40\.1\.2\.3" is not a private IPv4 address/],
    ['a tab in a request message', { requestMessage: 'a\tb' }, /^requestMessage: "a\\u\{9\}b" contains U\+0009/],
    ['a resource group name with a slash', { resourceGroupName: 'rg/x' }, /^resourceGroupName: "rg\/x" is not an Azure resource group name/],
    ['an empty tag name', { tags: { ' ': 'x' } }, /^tags\[" "\]: the tag name is empty/],
  ])('rejects %s', (_name, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });
});
