import { Construct } from 'constructs';
import { AzurermBackend, CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { MongodbatlasProvider } from '@cdktf/provider-mongodbatlas/lib/provider';
import { AtlasAzurePrivateLink } from '../lib/atlas-azure-private-link';
import { ProviderVersions } from '../lib/provider-versions';
import { InvalidPropError } from '../lib/validation';
import { AppConfig, ConfigError } from './config';
import { planSubscriptions } from './subscriptions';

/** Where each AtlasAzurePrivateLink prop comes from in the config (the rest keep their names). */
const CONFIG_PATHS: Record<string, string> = {
  projectId: 'atlas.projectId',
  clusterName: 'atlas.clusterName',
  regionalMode: 'atlas.regionalMode',
  resourceGroupName: 'azure.resourceGroupName',
  virtualNetworkIds: 'azure.virtualNetworkIds',
  dnsResourceGroupName: 'azure.dnsResourceGroupName',
  dnsStrategy: 'dns.strategy',
  dnsTtl: 'dns.ttl',
  existingDnsZoneName: 'dns.existingZoneName',
  dnsResolver: 'dns.resolver',
  existingDnsResolverInboundIps: 'dns.existingResolverInboundIps',
  dnsAzurermProvider: 'dns.subscriptionId',
  registrationCreateTimeout: 'timeouts.registrationCreate',
  registrationDeleteTimeout: 'timeouts.registrationDelete',
  serviceTimeout: 'timeouts.service',
  mongodbatlas: 'providerVersions.mongodbatlas',
  azurerm: 'providerVersions.azurerm',
};

/** A prop path such as `dnsTtl` or `virtualNetworkIds[1]` as the config spells it: `dns.ttl`, `azure.virtualNetworkIds[1]`. */
export function configPath(field: string): string {
  const head = /^[A-Za-z]+/.exec(field)?.[0] ?? field;
  return head in CONFIG_PATHS ? CONFIG_PATHS[head] + field.slice(head.length) : field;
}

/**
 * The example app's stack: both providers (credentials from the environment only), the backend,
 * and one AtlasAzurePrivateLink built from the config. A prop the constructs reject is reported
 * as a ConfigError naming the config file (`source`) and the field as the config spells it.
 */
export class AtlasPrivateLinkStack extends TerraformStack {
  public readonly link: AtlasAzurePrivateLink;

  constructor(scope: Construct, config: AppConfig, source = 'config') {
    super(scope, config.stackName);
    // Both providers read their credentials from the environment (MONGODB_ATLAS_PUBLIC_KEY /
    // MONGODB_ATLAS_PRIVATE_KEY, ARM_*): nothing secret is passed here, so nothing lands in the JSON.
    new MongodbatlasProvider(this, 'mongodbatlas', {});
    // One azurerm provider per subscription (landing zones): ids only, credentials from ARM_*.
    const plan = planSubscriptions(config);
    if (Array.isArray(plan)) throw new ConfigError(`${source}: ${plan[0]}: ${plan[1]}`);
    const azurerm = new Map<string | undefined, AzurermProvider>();
    for (const p of plan.providers) {
      azurerm.set(p.alias, new AzurermProvider(this, p.alias ?? 'azurerm', { features: [{}], alias: p.alias, subscriptionId: p.subscriptionId }));
    }
    const dnsGroup = dnsResourceGroup(config, source);
    this.configureBackend(config);
    // Without providerVersions, cdktf keeps the exact versions the bindings were generated for.
    if (config.providerVersions) {
      const chosen = config.providerVersions;
      inConfigTerms(source, () => new ProviderVersions(this, 'ProviderVersions', chosen));
    }

    this.link = inConfigTerms(source, () => new AtlasAzurePrivateLink(this, 'AtlasPrivateLink', {
      projectId: config.atlas.projectId,
      clusterName: config.atlas.clusterName,
      regionalMode: config.atlas.regionalMode,
      resourceGroupName: config.azure.resourceGroupName,
      virtualNetworkIds: config.azure.virtualNetworkIds,
      dnsResourceGroupName: dnsGroup,
      endpoints: config.endpoints.map((e, i) => ({ ...e, azurermProvider: plan.endpointAliases[i] === undefined ? undefined : azurerm.get(plan.endpointAliases[i]) })),
      dnsStrategy: config.dns.strategy,
      dnsTtl: config.dns.ttl,
      existingDnsZoneName: config.dns.existingZoneName,
      dnsResolver: config.dns.resolver,
      existingDnsResolverInboundIps: config.dns.existingResolverInboundIps,
      registrationCreateTimeout: config.timeouts?.registrationCreate,
      registrationDeleteTimeout: config.timeouts?.registrationDelete,
      serviceTimeout: config.timeouts?.service,
      outputPrefix: config.outputPrefix,
      tags: config.tags,
    }), config.dns.resourceGroupName === undefined ? {} : { dnsResourceGroupName: 'dns.resourceGroupName' });
  }

  private configureBackend(config: AppConfig): void {
    const backend = config.backend;
    switch (backend.type) {
      case 'local':
        new LocalBackend(this, { path: backend.path ?? `terraform.${config.stackName}.tfstate` });
        break;
      case 'azurerm':
        // Access keys / SAS tokens come from ARM_ACCESS_KEY / ARM_SAS_TOKEN or Azure AD, never from config.
        new AzurermBackend(this, {
          resourceGroupName: backend.resourceGroupName,
          storageAccountName: backend.storageAccountName,
          containerName: backend.containerName,
          key: backend.key,
          subscriptionId: backend.subscriptionId,
          useAzureadAuth: backend.useAzureadAuth,
        });
        break;
      case 'cloud':
        // The API token comes from TF_TOKEN_<hostname> or `terraform login`.
        new CloudBackend(this, {
          organization: backend.organization,
          workspaces: new NamedCloudWorkspace(backend.workspace),
          hostname: backend.hostname,
        });
        break;
    }
  }
}

/** `dns.resourceGroupName` (landing zones) or the older `azure.dnsResourceGroupName`: one of them. */
function dnsResourceGroup(config: AppConfig, source: string): string | undefined {
  const older = config.azure.dnsResourceGroupName;
  const newer = config.dns.resourceGroupName;
  if (older !== undefined && newer !== undefined && older !== newer) {
    throw new ConfigError(`${source}: dns.resourceGroupName: "${newer}" differs from azure.dnsResourceGroupName "${older}": give the DNS resource group once (dns.resourceGroupName)`);
  }
  return newer ?? older;
}

function inConfigTerms<T>(source: string, build: () => T, names: Record<string, string> = {}): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof InvalidPropError) {
      const head = /^[A-Za-z]+/.exec(error.field)?.[0] ?? '';
      const path = head in names ? names[head] + error.field.slice(head.length) : configPath(error.field);
      throw new ConfigError(`${source}: ${path}: ${error.detail}`);
    }
    throw error;
  }
}
