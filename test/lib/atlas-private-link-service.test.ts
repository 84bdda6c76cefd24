import { AtlasPrivateLinkService } from '../../lib';
import { PROJECT_ID } from '../fixtures/samples';
import { newStack, onlyResource, rendered, synthJson } from '../support/synth';

describe('AtlasPrivateLinkService', () => {
  test('synthesizes an AZURE private link service in the normalised region', () => {
    const stack = newStack();
    new AtlasPrivateLinkService(stack, 'Service', { projectId: PROJECT_ID, region: 'US_EAST_2' });
    const json = synthJson(stack);
    expect(onlyResource(json, 'mongodbatlas_privatelink_endpoint')).toMatchObject({
      project_id: PROJECT_ID,
      provider_name: 'AZURE',
      region: 'eastus2',
      timeouts: { create: '1h', delete: '1h' },
    });
    expect(json.resource.mongodbatlas_privatelink_endpoint).toMatchSnapshot();
  });

  test.each([
    ['eastus2', 'eastus2', 'US_EAST_2'],
    ['East US 2', 'eastus2', 'US_EAST_2'],
    ['US_EAST_2', 'eastus2', 'US_EAST_2'],
    ['westeurope', 'westeurope', 'EUROPE_WEST'],
  ])('accepts region %p as %p / %p', (input, azure, atlas) => {
    const service = new AtlasPrivateLinkService(newStack(), 'Service', { projectId: PROJECT_ID, region: input });
    expect(service.region).toEqual({ azure, atlas });
  });

  test('exposes the link id, service name, service resource id and status as references', () => {
    const stack = newStack();
    const service = new AtlasPrivateLinkService(stack, 'Service', { projectId: PROJECT_ID, region: 'eastus2' });
    expect(rendered(stack, service.privateLinkServiceResourceId)).toMatch(/\.private_link_service_resource_id\}$/);
    expect(rendered(stack, service.privateLinkId)).toMatch(/\.private_link_id\}$/);
    expect(rendered(stack, service.privateLinkServiceName)).toMatch(/\.private_link_service_name\}$/);
    expect(rendered(stack, service.status)).toMatch(/\.status\}$/);
  });

  test('rejects an unknown region, listing the valid ones', () => {
    expect(() => new AtlasPrivateLinkService(newStack(), 'S', { projectId: PROJECT_ID, region: 'mars-north' })).toThrow(
      /^region: "mars-north" is not an Azure region .*Valid Azure regions: .*eastus2/,
    );
  });

  test('rejects a malformed project id', () => {
    expect(() => new AtlasPrivateLinkService(newStack(), 'S', { projectId: 'my-project', region: 'eastus2' })).toThrow(
      /^projectId: "my-project" is not an Atlas project id/,
    );
  });

  test('rejects a malformed timeout', () => {
    expect(
      () => new AtlasPrivateLinkService(newStack(), 'S', { projectId: PROJECT_ID, region: 'eastus2', createTimeout: 'an hour' }),
    ).toThrow(/^createTimeout: "an hour" is not a Terraform duration/);
  });
});
