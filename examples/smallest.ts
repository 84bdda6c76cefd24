import { App, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { MongodbatlasProvider } from '@cdktf/provider-mongodbatlas/lib/provider';
import { AtlasAzurePrivateLink } from 'atlas-azure-private-link';

const app = new App();
const stack = new TerraformStack(app, 'atlas-private-link');
// Credentials come from the environment only: MONGODB_ATLAS_PUBLIC_KEY / MONGODB_ATLAS_PRIVATE_KEY, ARM_*.
new MongodbatlasProvider(stack, 'mongodbatlas', {});
new AzurermProvider(stack, 'azurerm', { features: [{}] });

new AtlasAzurePrivateLink(stack, 'AtlasPrivateLink', {
  projectId: '64b7f2c1e4b0a1d2c3f4a5b6',
  clusterName: 'cluster0',
  resourceGroupName: 'rg-app-prod',
  virtualNetworkIds: [
    '/subscriptions/8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b/resourceGroups/rg-app-prod/providers/Microsoft.Network/virtualNetworks/vnet-app-prod',
  ],
  endpoints: [
    {
      region: 'eastus2', // or 'US_EAST_2'
      subnetId:
        '/subscriptions/8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b/resourceGroups/rg-app-prod/providers/Microsoft.Network/virtualNetworks/vnet-app-prod/subnets/snet-private-endpoints',
    },
  ],
});
app.synth();
