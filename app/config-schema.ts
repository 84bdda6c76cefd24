/**
 * The JSON Schema of the config file (config/config.schema.json), generated from the zod schema in
 * ./config.ts so that editors complete and check a config with the same rules the app applies.
 * The app's own validation stays authoritative: it also trims strings, refuses credentials and
 * template sequences, and the constructs check Azure and Atlas forms (regions, ids, names).
 *
 * `npm run schema` rewrites the file; a test fails when the file and the zod schema drift apart.
 */
import { existsSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { z } from 'zod';
import { configSchema } from './config';

export const SCHEMA_PATH = 'config/config.schema.json';

type Json = { [key: string]: unknown };

/**
 * One line per field, keyed by its path: `a.b` for properties, `a[]` for array items, and
 * `backend(azurerm)` for the branch of `backend` whose `type` is `azurerm`. Every field of the
 * schema needs one, and every entry must name a field (checked when the schema is generated).
 */
export const DESCRIPTIONS: Readonly<Record<string, string>> = {
  $schema: 'Path or URL of this JSON Schema, for editors (e.g. "./config.schema.json"); ignored by the app.',
  stackName: 'Terraform stack name: the folder under cdktf.out/stacks/ and the handoff bundle. 1-63 letters, digits or "-", starting with a letter.',
  atlas: 'The Atlas side.',
  'atlas.projectId': 'Atlas project id (24 hex digits), e.g. "64b7f2c1e4b0a1d2c3f4a5b6".',
  'atlas.clusterName': 'Cluster to read the private-endpoint connection strings and check prerequisites from (M10+ dedicated, nodes in every endpoint region). Omit only when every endpoint gives targetHostname and srvHostname.',
  'atlas.regionalMode': 'Atlas regional mode for the whole project (multi-region sharded clusters; it changes their connection strings and forbids replica sets): true or false, required when the endpoints span regions; omitted: not managed.',
  azure: 'The Azure side.',
  'azure.resourceGroupName': 'Resource group for the private endpoints (and the DNS unless dnsResourceGroupName is set), e.g. "rg-app-prod".',
  'azure.virtualNetworkIds': 'ARM ids of the VNets to link the Private DNS zones to (every VNet whose workloads resolve the cluster, or that hosts their DNS forwarder).',
  'azure.virtualNetworkIds[]': 'A VNet ARM id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<name>.',
  'azure.dnsResourceGroupName': 'Resource group for the Private DNS zones, records and VNet links, when not the endpoints\' group (dns.resourceGroupName says the same; give one).',
  endpoints: 'One entry per Azure private endpoint; at least one per region where the cluster has nodes.',
  'endpoints[]': 'An Azure private endpoint and its registration with Atlas.',
  'endpoints[].region': 'Azure region of the endpoint, in the Azure form ("eastus2") or the Atlas form ("US_EAST_2").',
  'endpoints[].subnetId': 'ARM id of the subnet for the endpoint: .../virtualNetworks/<vnet>/subnets/<subnet>. Required unless existingPrivateEndpointId is given. The endpoint is created in this subnet\'s subscription.',
  'endpoints[].resourceGroupName': 'Resource group of this endpoint, in its subnet\'s subscription (landing zones: the spoke\'s group); default azure.resourceGroupName.',
  'endpoints[].name': 'Name of the new Azure private endpoint (default "pe-atlas-<azure region>", or "pe-atlas-<key>" for a region\'s later endpoints).',
  'endpoints[].privateIpAddress': 'Static private IP for the endpoint inside the subnet (default: Azure assigns one).',
  'endpoints[].customNetworkInterfaceName': 'Name of the endpoint\'s network interface (default: Azure names it).',
  'endpoints[].requestMessage': 'Message of the manual connection request, at most 140 characters (default "MongoDB Atlas private endpoint for project <projectId>").',
  'endpoints[].key': 'Key in output names (atlas_pl_<key>_private_ip); default the Azure region for a region\'s first endpoint, <region>_<n> for the next ones.',
  'endpoints[].existingPrivateLinkId': 'Bring the region\'s Atlas private link service made elsewhere: its id (output atlas_pl_<key>_atlas_link_id of that stack).',
  'endpoints[].existingPrivateLinkServiceResourceId': 'With existingPrivateLinkId: the ARM id of that service\'s Azure Private Link Service.',
  'endpoints[].existingPrivateEndpointId': 'Register an Azure private endpoint made elsewhere (its ARM id) instead of creating one. Its connection state is read through the azurerm provider of the id\'s subscription (with dns.subscriptionId, another subscription gets its own provider), which needs Microsoft.Network/privateEndpoints/read on its resource group.',
  'endpoints[].existingPrivateIpAddress': 'With existingPrivateEndpointId: that endpoint\'s private IP.',
  'endpoints[].targetHostname': 'SRV target host when not read from Atlas, e.g. "pl-0-eastus2.abc12.mongodb.net".',
  'endpoints[].srvHostname': 'SRV host when not read from Atlas, e.g. "cluster0-pl-0.abc12.mongodb.net".',
  'endpoints[].ports': 'Member ports when not read from Atlas (cluster-zone strategy), e.g. [1024, 1025, 1026].',
  'endpoints[].ports[]': 'A TCP port, 1-65535.',
  'endpoints[].txtValue': 'TXT record value when not read from Atlas (cluster-zone strategy), e.g. "authSource=admin&replicaSet=atlas-x7k2qp-shard-0".',
  dns: 'Azure Private DNS for the cluster\'s private-endpoint names.',
  'dns.strategy': 'host-zones (default, one zone per exact SRV target host), cluster-zone (one <hash>.mongodb.net zone with A, SRV and TXT records) or none.',
  'dns.ttl': 'TTL of the records in seconds (default 60).',
  'dns.existingZoneName': 'cluster-zone only: put the records into this existing <hash>.mongodb.net zone instead of creating one.',
  'dns.subscriptionId': 'Landing zones: subscription id of the DNS zones, records and links (e.g. the hub\'s). With it, every azurerm provider names its subscription_id: the default one this, one alias per other subnet subscription. Required when the subnets span subscriptions.',
  'dns.resolver': 'Resolution from on-premises or VNets with custom DNS: create an Azure DNS Private Resolver (in dns.subscriptionId) with an inbound endpoint; the zones are linked to its VNet, and the <outputPrefix>_dns_forwarding output lists what other DNS servers must forward there.',
  'dns.resolver.location': 'Region of the resolver: its VNet\'s, e.g. "eastus2".',
  'dns.resolver.virtualNetworkId': 'ARM id of the hub VNet the resolver serves.',
  'dns.resolver.inboundSubnetId': 'ARM id of a subnet of that VNet, dedicated to the inbound endpoint and delegated to Microsoft.Network/dnsResolvers.',
  'dns.resolver.inboundPrivateIpAddress': 'Static IP of the inbound endpoint (what on-premises forwarders point at); default dynamic.',
  'dns.resolver.resourceGroupName': 'Resource group of the resolver; default the DNS resource group.',
  'dns.resolver.name': 'Name of the resolver; default "dnspr-atlas".',
  'dns.existingResolverInboundIps': 'Instead of dns.resolver: the inbound IPs of an existing resolver (link the zones to its VNet in azure.virtualNetworkIds); they go into the forwarding output.',
  'dns.existingResolverInboundIps[]': 'An inbound IP, e.g. "10.0.2.4".',
  'dns.resourceGroupName': 'Resource group of the DNS zones, records and links in dns.subscriptionId (same as azure.dnsResourceGroupName; give one).',
  timeouts: 'Terraform timeouts ("30m", "2h"); null leaves one to the provider\'s default.',
  'timeouts.registrationCreate': 'Create timeout of the registration (default "2h"; it waits for AVAILABLE and for every cluster of the project to be IDLE).',
  'timeouts.registrationDelete': 'Delete timeout of the registration (default "2h").',
  'timeouts.service': 'Create/delete timeout of the Atlas private link service (default "1h").',
  outputPrefix: 'Prefix of every output name (default "atlas_pl"); unique per stack.',
  providerVersions: 'Version constraints the stack declares for the providers (default: the versions the bindings were generated for, mongodbatlas 1.41.1 and azurerm 4.55.0); a range outside what the package supports is refused at synth.',
  'providerVersions.mongodbatlas': 'mongodbatlas constraint inside ">= 1.41.0, < 3.0.0", e.g. "~> 2.16".',
  'providerVersions.azurerm': 'azurerm constraint inside ">= 4.55.0, < 5.0.0", e.g. "~> 4.55" (azurerm 5.x is refused: its DNS records take private_dns_zone_id).',
  tags: 'Azure tags on every Azure resource, e.g. {"app": "orders"}.',
  backend: 'Where Terraform keeps the state: local (default), azurerm or cloud. Credentials come from the environment, never from here.',
  'backend(local)': 'Local state file.',
  'backend(local).type': 'local',
  'backend(local).path': 'State file path (default terraform.<stackName>.tfstate).',
  'backend(azurerm)': 'Azure Storage; access key from ARM_ACCESS_KEY, or Azure AD.',
  'backend(azurerm).type': 'azurerm',
  'backend(azurerm).resourceGroupName': 'Resource group of the storage account.',
  'backend(azurerm).storageAccountName': 'Storage account name.',
  'backend(azurerm).containerName': 'Blob container name.',
  'backend(azurerm).key': 'Blob name of the state, e.g. "atlas-private-link.tfstate".',
  'backend(azurerm).subscriptionId': 'Subscription of the storage account (default ARM_SUBSCRIPTION_ID).',
  'backend(azurerm).useAzureadAuth': 'Authenticate to the storage account with Azure AD (the ARM_* identity) instead of a key.',
  'backend(cloud)': 'HCP Terraform / Terraform Enterprise; token from TF_TOKEN_<host> or terraform login.',
  'backend(cloud).type': 'cloud',
  'backend(cloud).organization': 'Organization name.',
  'backend(cloud).workspace': 'Workspace name.',
  'backend(cloud).hostname': 'Hostname (default app.terraform.io).',
};

/** The config schema as JSON Schema draft-07 (what editors support best), with a description per field. */
export function configJsonSchema(descriptions: Readonly<Record<string, string>> = DESCRIPTIONS): Json {
  // io 'input': what a person writes (defaults make fields optional), not what the app gets after parsing.
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' }) as Json;
  const used = new Set<string>();
  const missing: string[] = [];
  const describe = (node: Json, path: string): void => {
    if (path !== '') {
      const text = descriptions[path];
      if (text === undefined) missing.push(path);
      else {
        node.description = text;
        used.add(path);
      }
    }
    for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Json>)) describe(child, path === '' ? key : `${path}.${key}`);
    if (node.items) describe(node.items as Json, `${path}[]`);
    for (const branch of (node.oneOf ?? node.anyOf ?? []) as Json[]) {
      const kind = ((branch.properties as Record<string, Json> | undefined)?.type?.const as string | undefined) ?? undefined;
      if (kind !== undefined) describe(branch, `${path}(${kind})`);
    }
  };
  describe(schema, '');
  const unused = Object.keys(descriptions).filter((k) => !used.has(k));
  if (missing.length > 0 || unused.length > 0) {
    throw new Error(
      `config schema descriptions out of step with app/config.ts: ${[
        missing.length > 0 ? `no description for ${missing.join(', ')}` : '',
        unused.length > 0 ? `no such field: ${unused.join(', ')}` : '',
      ].filter(Boolean).join('; ')}`,
    );
  }
  return {
    $schema: schema.$schema,
    title: 'atlas-azure-private-link config',
    description: 'Config of the example app (main.ts, npm run synth, npm run handoff): one stack of Atlas private link service, Azure private endpoints, registrations and Private DNS. Generated from app/config.ts by npm run schema.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** The file's exact text: two-space JSON and a final newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  // From app/ in source or dist/app/ when compiled: the package root is where package.json is.
  let root = __dirname;
  while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root);
  writeFileSync(join(root, SCHEMA_PATH), configJsonSchemaText());
  process.stdout.write(`${SCHEMA_PATH} written\n`);
}
