import { Construct } from 'constructs';
import { ITerraformDependable, TerraformOutput, TerraformProvider, TerraformStack } from 'cdktf';
import { PrivateEndpointRegionalMode } from '@cdktf/provider-mongodbatlas/lib/private-endpoint-regional-mode';
import { AtlasClusterConnectionStrings } from './atlas-cluster-connection-strings';
import { AtlasEndpointRegistration } from './atlas-endpoint-registration';
import { AtlasPrivateDns, DnsStrategy } from './atlas-private-dns';
import { AtlasClusterPrerequisites } from './atlas-cluster-prerequisites';
import { AtlasPrivateLinkService, IAtlasPrivateLinkService } from './atlas-private-link-service';
import { AzurePrivateEndpoint, IAzurePrivateEndpoint } from './azure-private-endpoint';
import { AzureEndpointConnection } from './azure-endpoint-connection';
import { AzureDnsPrivateResolver } from './azure-dns-resolver';
import { checkResolverOptions, DnsResolverOptions, forwardingOutput, withResolverVnet } from './dns-forwarding';
import { hcl, hclStringLiteral, hclValue } from './hcl';
import { literal } from './literal';
import { checkEndpoints, checkProps, DNS_FIELDS, ENDPOINT_FIELDS, EndpointPlan, REGISTRATION_FIELDS, renamed, SERVICE_FIELDS } from './private-link-props';
import { shown } from './text';
import { checkRegion, InvalidPropError, isToken, PROVIDER_DEFAULT_TIMEOUT } from './validation';

/** One Azure private endpoint to MongoDB Atlas, in one region. */
export interface PrivateLinkEndpointOptions {
  /**
   * Azure region of the endpoint and of the Atlas service: `eastus2` or `US_EAST_2`. Several
   * endpoints may share a region (several VNets or subscriptions): they share its Atlas service.
   */
  readonly region: string;
  /**
   * Key of this endpoint in construct ids and output names (`<outputPrefix>_<key>_private_ip`).
   * @default - the Azure region for the first endpoint of a region, `<region>_<n>` (n = 2, 3, ...) for the next ones in list order
   */
  readonly key?: string;
  /**
   * Bring your own Atlas service: the id (`private_link_id`) of this project's existing private
   * link service in this region, e.g. created by another stack. No service is created here.
   * @example '6566f1a2b3c4d5e6f7a8b9c0'
   * @default - the region's Atlas private link service is created
   */
  readonly existingPrivateLinkId?: string;
  /**
   * The Azure resource id of existingPrivateLinkId's Private Link Service (its
   * `private_link_service_resource_id`): what a new private endpoint connects to.
   * @example '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg_6566f1a2b3c4d5e6f7a8b9c0_ab12cd34/providers/Microsoft.Network/privateLinkServices/pls_6566f1a2b3c4d5e6f7a8b9c0'
   * @default - required with existingPrivateLinkId unless existingPrivateEndpointId is given
   */
  readonly existingPrivateLinkServiceResourceId?: string;
  /**
   * Subnet for a new private endpoint.
   * @example '/subscriptions/8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b/resourceGroups/rg-app-prod/providers/Microsoft.Network/virtualNetworks/vnet-app-prod/subnets/snet-private-endpoints'
   * @default - required unless existingPrivateEndpointId is given
   */
  readonly subnetId?: string;
  /**
   * Landing zones: the `azurerm` provider (an alias) for the subscription of `subnetId`. Azure
   * creates a private endpoint only in its VNet's subscription (model §M9.1); a provider whose
   * `subscriptionId` is a literal naming another subscription is refused at synth. With
   * existingPrivateEndpointId: the provider for that endpoint's subscription, which reads its
   * connection state (model §M7.4), checked the same way.
   * @default - the stack's default azurerm provider
   */
  readonly azurermProvider?: TerraformProvider;
  /**
   * Resource group of the new private endpoint, in the subnet's subscription.
   * @default - the composite's resourceGroupName
   */
  readonly resourceGroupName?: string;
  /**
   * Name of the new private endpoint.
   * @default 'pe-atlas-<azure region>', or 'pe-atlas-<key>' for the second and later endpoints of a region
   */
  readonly name?: string;
  /**
   * Static private IP for the new endpoint.
   * @default - dynamic
   */
  readonly privateIpAddress?: string;
  /**
   * Network interface name for the new endpoint.
   * @default - Azure's generated name
   */
  readonly customNetworkInterfaceName?: string;
  /**
   * Request message of the manual connection (at most 140 characters).
   * @default 'MongoDB Atlas private endpoint for project <projectId>'
   */
  readonly requestMessage?: string;
  /**
   * Bring your own: an existing private endpoint (connected to this project's Atlas service) to register.
   * @example '/subscriptions/8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b/resourceGroups/rg-app-prod/providers/Microsoft.Network/privateEndpoints/pe-atlas-eastus2'
   * @default - a new endpoint is created in subnetId
   */
  readonly existingPrivateEndpointId?: string;
  /**
   * The private IP of existingPrivateEndpointId.
   * @default - required with existingPrivateEndpointId
   */
  readonly existingPrivateIpAddress?: string;
  /**
   * DNS escape hatch: SRV target hostname, e.g. `pl-0-eastus2.abc12.mongodb.net`.
   * @default - read from the cluster's private-endpoint connection string
   */
  readonly targetHostname?: string;
  /**
   * DNS escape hatch (cluster-zone): SRV hostname, e.g. `cluster0-pl-0.abc12.mongodb.net`.
   * @default - read from the cluster
   */
  readonly srvHostname?: string;
  /**
   * DNS escape hatch (cluster-zone): member ports, e.g. [1024, 1025, 1026].
   * @default - read from the cluster
   */
  readonly ports?: number[];
  /**
   * DNS escape hatch (cluster-zone): TXT value, e.g. `authSource=admin&replicaSet=atlas-x7k2qp-shard-0`.
   * @default - read from the cluster
   */
  readonly txtValue?: string;
}

export interface AtlasAzurePrivateLinkProps {
  /**
   * Atlas project id.
   * @example '64b7f2c1e4b0a1d2c3f4a5b6'
   */
  readonly projectId: string;
  /**
   * Atlas cluster whose private-endpoint connection strings name the DNS records and the SRV output.
   * It is also read at plan time to check the prerequisites before anything is created (the
   * cluster exists, is dedicated, has nodes on Azure, every endpoint region has nodes, every
   * region with nodes has an endpoint).
   * @default - no cluster read: no prerequisite checks, DNS needs explicit hostnames and no SRV output is declared
   */
  readonly clusterName?: string;
  /** Resource group for the private endpoints (unless an endpoint names its own) and the DNS zones (unless dnsResourceGroupName). */
  readonly resourceGroupName: string;
  /** The endpoints: at least one in every region that has cluster nodes. */
  readonly endpoints: PrivateLinkEndpointOptions[];
  /**
   * Private DNS design.
   * @default DnsStrategy.HOST_ZONES
   */
  readonly dnsStrategy?: DnsStrategy;
  /**
   * VNets linked to the DNS zones (hub and spoke: every VNet that resolves the names).
   * @example ['/subscriptions/8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b/resourceGroups/rg-app-prod/providers/Microsoft.Network/virtualNetworks/vnet-app-prod']
   * @default - none; required unless dnsStrategy is NONE or existingDnsZoneName is given
   */
  readonly virtualNetworkIds?: string[];
  /**
   * Resource group for the DNS zones, if not resourceGroupName.
   * @default - resourceGroupName
   */
  readonly dnsResourceGroupName?: string;
  /**
   * Landing zones: the `azurerm` provider (an alias) for the DNS subscription, e.g. the hub's.
   * Zones, records and VNet links go there; the linked VNets may be in any subscription.
   * @default - the stack's default azurerm provider
   */
  readonly dnsAzurermProvider?: TerraformProvider;
  /**
   * Resolution from outside the linked VNets (on-premises, VNets with custom DNS servers): create
   * an Azure DNS Private Resolver with an inbound endpoint in a hub subnet, with the DNS
   * provider; the zones are linked to its VNet too. The `<outputPrefix>_dns_forwarding` output
   * lists what other DNS servers must forward there.
   * @default - no resolver
   */
  readonly dnsResolver?: DnsResolverOptions;
  /**
   * Instead of dnsResolver: the IPs of an existing resolver's inbound endpoint (or of any DNS
   * server that resolves through Azure DNS from a linked VNet), for the forwarding output. Link
   * the zones to that resolver's VNet through virtualNetworkIds.
   * @default - none
   */
  readonly existingDnsResolverInboundIps?: string[];
  /**
   * Bring your own zone (cluster-zone only): records go into this existing `<hash>.mongodb.net` zone.
   * @default - the zone is created
   */
  readonly existingDnsZoneName?: string;
  /**
   * TTL of the DNS records in seconds.
   * @default 60
   */
  readonly dnsTtl?: number;
  /**
   * Turn on Atlas regional mode ("regionalized private endpoints",
   * `mongodbatlas_private_endpoint_regional_mode`) for a multi-region or global SHARDED cluster:
   * each region's endpoint then reaches the mongos of its own region, and a region may have
   * several endpoints. Not for replica sets: a multi-region replica set needs one endpoint per
   * region with nodes and NO regional mode (its one connection string spans every region).
   *
   * Warning: it is a PROJECT-WIDE setting. Turning it on changes the connection strings of every
   * multi-region and global sharded cluster in the project (applications must switch: possible
   * downtime); Atlas allows it only in a project without replica sets and then refuses new replica
   * sets; and it cannot be turned off while the project has endpoints in more than one region, so
   * it may not be reversible. With `clusterName`, a plan-time check refuses it for a replica set.
   * See docs/atlas-azure-model.md §M1.
   * @default false - not managed: the project keeps its setting (off unless someone turned it on)
   */
  readonly regionalMode?: boolean;
  /**
   * Registration create timeout (waits for AVAILABLE and for every cluster to be IDLE);
   * `AtlasAzurePrivateLink.PROVIDER_DEFAULT_TIMEOUT` leaves it to the provider.
   * @default '2h'
   */
  readonly registrationCreateTimeout?: string;
  /**
   * Registration delete timeout (`PROVIDER_DEFAULT_TIMEOUT`: the provider's).
   * @default '2h'
   */
  readonly registrationDeleteTimeout?: string;
  /**
   * Atlas private link service create and delete timeout (`PROVIDER_DEFAULT_TIMEOUT`: the provider's).
   * @default '1h'
   */
  readonly serviceTimeout?: string;
  /**
   * Prefix of the output names: `<prefix>_<region>_private_ip` and so on. Unique per stack.
   * @default 'atlas_pl'
   */
  readonly outputPrefix?: string;
  /**
   * Tags for the Azure resources.
   * @default - no tags
   */
  readonly tags?: Record<string, string>;
}

/** The pieces of one endpoint, in creation order. */
export interface PrivateLinkEndpointParts {
  /** The endpoint key: the Azure region (e.g. `eastus2`) for the first endpoint of a region, else its `key`. */
  readonly key: string;
  /** The region's Atlas service created here (shared by the region's endpoints); undefined when an existing one was brought in. */
  readonly service?: AtlasPrivateLinkService;
  /** The Atlas service the endpoint connects to (created or brought in). */
  readonly linkService: IAtlasPrivateLinkService;
  /** The private endpoint created here; undefined when an existing one was brought in. */
  readonly privateEndpoint?: AzurePrivateEndpoint;
  /** The endpoint the registration and DNS use (created or brought in). */
  readonly endpoint: IAzurePrivateEndpoint;
  readonly registration: AtlasEndpointRegistration;
  /** Azure's state of the connection, read after the registration; none for an endpoint brought in by a token id. */
  readonly connection?: AzureEndpointConnection;
}

/** Suffixes of the per-endpoint outputs, `<prefix>_<key>_<suffix>`; the verifier reads them. */
const OUTPUT_SUFFIXES = [
  'private_ip',
  'private_endpoint_id',
  'atlas_link_id',
  'link_status',
  'atlas_status',
  'connection_status',
  'srv_connection_string',
  'registration_error',
  'private_link_service_name',
  'private_link_service_resource_id',
  'endpoint',
] as const;

const ENDPOINT_OUTPUT_KIND = 'atlas-azure-private-link-endpoint';

const prefixesByStack = new WeakMap<TerraformStack, Set<string>>();

/**
 * MongoDB Atlas over Azure Private Link, end to end: per region the Atlas private link service,
 * the Azure private endpoint, the registration, then Private DNS for the private-endpoint hostnames,
 * and outputs for the platform team and the verifier.
 */
export class AtlasAzurePrivateLink extends Construct {
  /** Suffixes of the per-endpoint outputs: `<outputPrefix>_<key>_<suffix>`. */
  public static readonly OUTPUT_SUFFIXES: string[] = [...OUTPUT_SUFFIXES];
  /** The `kind` of the self-describing `<outputPrefix>_<key>_endpoint` object output: lets a reader find it. */
  public static readonly ENDPOINT_OUTPUT_KIND: string = ENDPOINT_OUTPUT_KIND;
  /** A timeout prop's value that leaves that timeout to the provider's own default. */
  public static readonly PROVIDER_DEFAULT_TIMEOUT: string = PROVIDER_DEFAULT_TIMEOUT;

  public readonly endpoints: PrivateLinkEndpointParts[];
  public readonly regionalMode?: PrivateEndpointRegionalMode;
  /** The Atlas services created here, one per region (regions that bring their own have none). */
  public readonly services: AtlasPrivateLinkService[] = [];
  /** The plan-time prerequisite checks (when clusterName is given). */
  public readonly prerequisites?: AtlasClusterPrerequisites;
  public readonly connectionStrings?: AtlasClusterConnectionStrings;
  public readonly dns: AtlasPrivateDns;
  /** The DNS Private Resolver created here (dnsResolver). */
  public readonly dnsResolver?: AzureDnsPrivateResolver;
  public readonly outputPrefix: string;

  constructor(scope: Construct, id: string, props: AtlasAzurePrivateLinkProps) {
    super(scope, id);
    checkProps(props);
    const plans = checkEndpoints(props.endpoints);
    const regions = [...new Set(plans.map((p) => p.region))];
    checkEndpointsPerRegion(plans, regions, props.regionalMode);
    this.outputPrefix = claimOutputPrefix(this, props.outputPrefix ?? 'atlas_pl');

    if (props.clusterName !== undefined) {
      this.prerequisites = new AtlasClusterPrerequisites(this, 'Prerequisites', {
        projectId: props.projectId,
        clusterName: props.clusterName,
        endpointRegions: regions,
      });
    }
    if (props.regionalMode === true) {
      this.regionalMode = new PrivateEndpointRegionalMode(this, 'RegionalMode', { projectId: literal(props.projectId), enabled: true });
      // Refused for a replica set before the setting is touched (model §M1.2).
      this.prerequisites?.attachRegionalModeChecksTo(this.regionalMode);
    }

    const linkServices = new Map<string, IAtlasPrivateLinkService>();
    this.endpoints = props.endpoints.map((options, index) => {
      const plan = plans[index];
      if (!linkServices.has(plan.region)) linkServices.set(plan.region, this.linkService(props, options, index, plan.region));
      return this.endpointParts(props, options, index, plan, linkServices.get(plan.region) as IAtlasPrivateLinkService);
    });
    this.attachPrerequisites();

    if (props.clusterName !== undefined) {
      this.connectionStrings = new AtlasClusterConnectionStrings(this, 'ClusterConnectionStrings', {
        projectId: props.projectId,
        clusterName: props.clusterName,
        dependsOn: this.endpoints.map((e) => e.registration.resource as ITerraformDependable),
      });
    }

    const forwardTargets = checkResolverOptions(props);
    if (props.dnsResolver !== undefined) {
      const options = props.dnsResolver;
      this.dnsResolver = renamed({ resourceGroupName: 'dnsResolver.resourceGroupName', azurermProvider: 'dnsAzurermProvider', tags: 'tags' }, 'dnsResolver', () =>
        new AzureDnsPrivateResolver(this, 'DnsResolver', {
          ...options,
          resourceGroupName: options.resourceGroupName ?? props.dnsResourceGroupName ?? props.resourceGroupName,
          azurermProvider: props.dnsAzurermProvider,
          tags: props.tags,
        }),
      );
      forwardTargets.push(this.dnsResolver.inboundIpAddress);
    }

    const dnsGroup = props.dnsResourceGroupName === undefined ? 'resourceGroupName' : 'dnsResourceGroupName';
    this.dns = renamed({ ...DNS_FIELDS, resourceGroupName: dnsGroup, azurermProvider: 'dnsAzurermProvider' }, undefined, () => new AtlasPrivateDns(this, 'Dns', {
      strategy: props.dnsStrategy,
      resourceGroupName: props.dnsResourceGroupName ?? props.resourceGroupName,
      // The resolver answers only from zones linked to its own VNet (model §M10.5).
      virtualNetworkIds: withResolverVnet(props.virtualNetworkIds ?? [], this.dnsResolver?.virtualNetworkId),
      existingZoneName: props.existingDnsZoneName,
      azurermProvider: props.dnsAzurermProvider,
      ttl: props.dnsTtl,
      tags: props.tags,
      connectionStrings: this.connectionStrings,
      // Without regional mode the endpoints of a multi-region cluster share one string (model §M3.3).
      sharedConnectionString: regions.length > 1 && props.regionalMode !== true,
      endpoints: this.endpoints.map((parts, index) => ({
        key: parts.key,
        region: parts.linkService.region.azure,
        privateIpAddress: parts.endpoint.privateIpAddress,
        privateEndpointId: parts.endpoint.privateEndpointId,
        targetHostname: props.endpoints[index].targetHostname,
        srvHostname: props.endpoints[index].srvHostname,
        ports: props.endpoints[index].ports,
        txtValue: props.endpoints[index].txtValue,
      })),
    }));

    this.endpoints.forEach((parts, index) => this.declareOutputs(parts, props.endpoints[index]));
    if (forwardTargets.length > 0) {
      const name = `${this.outputPrefix}_dns_forwarding`;
      new TerraformOutput(this, name, {
        value: literal(forwardingOutput(this.dns.zoneNames, forwardTargets)),
        description:
          'What DNS servers outside the linked VNets (on-premises, custom DNS) must forward: each domain (a conditional forwarder zone) to the target IPs. ' +
          'Forward nothing else of mongodb.net: Atlas\' public SRV and TXT records must keep resolving',
      }).overrideLogicalId(name);
    }
  }

  /** The region's Atlas service: created (once per region) or the one the endpoint brings. */
  private linkService(props: AtlasAzurePrivateLinkProps, options: PrivateLinkEndpointOptions, index: number, region: string): IAtlasPrivateLinkService {
    const field = `endpoints[${index}]`;
    if (options.existingPrivateLinkId !== undefined) {
      return {
        projectId: props.projectId,
        region: checkRegion(`${field}.region`, options.region),
        privateLinkId: options.existingPrivateLinkId,
        privateLinkServiceResourceId: options.existingPrivateLinkServiceResourceId ?? '',
      };
    }
    const service = renamed(SERVICE_FIELDS, field, () =>
      new AtlasPrivateLinkService(this, `Service-${region}`, {
        projectId: props.projectId,
        region: options.region,
        createTimeout: props.serviceTimeout,
        deleteTimeout: props.serviceTimeout,
        dependsOn: this.regionalMode ? [this.regionalMode] : undefined,
      }),
    );
    this.services.push(service);
    return service;
  }

  /** Cluster-wide checks on the first resource created, each region's own on its first resource. */
  private attachPrerequisites(): void {
    if (!this.prerequisites) return;
    const seen = new Set<string>();
    this.endpoints.forEach((parts, i) => {
      const region = parts.linkService.region.azure;
      if (seen.has(region)) return;
      seen.add(region);
      const first = parts.service?.resource ?? parts.privateEndpoint?.resource ?? parts.registration.resource;
      this.prerequisites?.attachTo(first, region, i === 0);
    });
  }

  private endpointParts(
    props: AtlasAzurePrivateLinkProps,
    options: PrivateLinkEndpointOptions,
    index: number,
    plan: EndpointPlan,
    service: IAtlasPrivateLinkService,
  ): PrivateLinkEndpointParts {
    const field = `endpoints[${index}]`;
    const key = plan.key;

    const privateEndpoint =
      options.existingPrivateEndpointId === undefined
        ? renamed(options.resourceGroupName === undefined ? ENDPOINT_FIELDS : { ...ENDPOINT_FIELDS, resourceGroupName: '<endpoint>.resourceGroupName' }, field, () =>
            new AzurePrivateEndpoint(this, `Endpoint-${key}`, {
              service,
              resourceGroupName: options.resourceGroupName ?? props.resourceGroupName,
              azurermProvider: options.azurermProvider,
              subnetId: options.subnetId as string,
              name: options.name ?? (plan.indexInRegion === 0 ? undefined : `pe-atlas-${key.replace(/_/g, '-')}`),
              privateIpAddress: options.privateIpAddress,
              customNetworkInterfaceName: options.customNetworkInterfaceName,
              requestMessage: options.requestMessage,
              tags: props.tags,
            }),
          )
        : undefined;
    const endpoint: IAzurePrivateEndpoint = privateEndpoint ?? {
      privateEndpointId: options.existingPrivateEndpointId as string,
      privateIpAddress: options.existingPrivateIpAddress as string,
    };
    const registration = renamed(REGISTRATION_FIELDS, field, () =>
      new AtlasEndpointRegistration(this, `Registration-${key}`, {
        service,
        endpoint,
        createTimeout: props.registrationCreateTimeout,
        deleteTimeout: props.registrationDeleteTimeout,
      }),
    );
    // Read after the registration: Atlas approves the connection when it is created (model §M7.1).
    // An endpoint brought in by a token id is not read: its subscription cannot be matched with
    // the provider at synth, and a read in the wrong one fails every later plan (model §M7.4).
    const adoptedId = options.existingPrivateEndpointId;
    const connection = privateEndpoint
      ? new AzureEndpointConnection(this, `Connection-${key}`, { endpoint: privateEndpoint, dependsOn: [registration.resource] })
      : adoptedId !== undefined && !isToken(adoptedId)
        ? renamed({}, field, () =>
            new AzureEndpointConnection(this, `Connection-${key}`, {
              existingPrivateEndpointId: adoptedId,
              azurermProvider: options.azurermProvider,
              dependsOn: [registration.resource],
            }),
          )
        : undefined;
    const created = service instanceof AtlasPrivateLinkService ? service : undefined;
    return { key, service: created, linkService: service, privateEndpoint, endpoint, registration, connection };
  }

  private declareOutputs(parts: PrivateLinkEndpointParts, options: PrivateLinkEndpointOptions): void {
    const region = parts.linkService.region.azure;
    const info = this.connectionStrings?.forEndpoint(parts.key, parts.endpoint.privateEndpointId, region);
    const srv = info
      ? info.srvConnectionString
      : options.srvHostname !== undefined
        ? `mongodb+srv://${options.srvHostname}`
        : undefined;
    // The hosts that must resolve to this endpoint's IP: the explicit name DNS publishes, else its
    // own region's hosts in its string (model §M6.1).
    const hosts =
      options.targetHostname !== undefined
        ? `[${hclValue(options.targetHostname)}]`
        : info
          ? hclValue(info.targetHostnamesExpression)
          : '[]';
    const endpointObject = hcl(
      '{ ' +
        [
          `kind = ${hclStringLiteral(ENDPOINT_OUTPUT_KIND)}`,
          `key = ${hclStringLiteral(parts.key)}`,
          `region = ${hclStringLiteral(region)}`,
          `private_ip = ${hclValue(parts.endpoint.privateIpAddress)}`,
          `private_endpoint_id = ${hclValue(parts.endpoint.privateEndpointId)}`,
          `srv_connection_string = ${srv === undefined ? '""' : hclValue(srv)}`,
          `hosts = ${hosts}`,
          ...(parts.connection
            ? [`connection_status = ${hclValue(parts.connection.status)}`, `connection_response = ${hclValue(parts.connection.requestResponse)}`]
            : []),
        ].join(', ') +
        ' }',
    );
    const resourceId = parts.linkService.privateLinkServiceResourceId;
    const values: Record<(typeof OUTPUT_SUFFIXES)[number], [string | undefined, string]> = {
      private_ip: [parts.endpoint.privateIpAddress, 'Private IP of the Azure private endpoint (what DNS must answer)'],
      private_endpoint_id: [parts.endpoint.privateEndpointId, 'ARM id of the Azure private endpoint'],
      atlas_link_id: [parts.linkService.privateLinkId, 'Atlas private link service id (private_link_id)'],
      link_status: [parts.service?.status, 'Atlas private link service status (AVAILABLE when ready)'],
      atlas_status: [parts.registration.azureStatus, "Atlas' view of the endpoint connection (AVAILABLE when approved)"],
      connection_status: [
        parts.connection?.status,
        "Azure's state of the private endpoint connection: Approved, Pending, Rejected or Disconnected (only Approved carries traffic)",
      ],
      srv_connection_string: [srv, 'Private-endpoint SRV connection string, without credentials ("" until Atlas publishes it)'],
      registration_error: [parts.registration.errorMessage, "Atlas' error for the endpoint connection, if any (empty when AVAILABLE)"],
      private_link_service_name: [parts.service?.privateLinkServiceName, 'Name of the Azure Private Link Service Atlas runs for the region (pls_<id>)'],
      private_link_service_resource_id: [
        resourceId === '' ? undefined : resourceId,
        'ARM id of that Private Link Service: what a private endpoint made by hand or in another stack connects to',
      ],
      endpoint: [
        endpointObject,
        "This endpoint as one object for the verifier: kind, key, region, private_ip, private_endpoint_id, srv_connection_string, hosts (the names that must resolve to private_ip), and (unless brought in by a token id) Azure's connection_status and connection_response",
      ],
    };
    for (const suffix of OUTPUT_SUFFIXES) {
      const [value, description] = values[suffix];
      if (value === undefined) continue;
      // The construct id is the output name too, so `cdktf output --outputs-file` (keyed by
      // construct id) and `terraform output -json` (keyed by logical id) use the same names.
      const name = `${this.outputPrefix}_${parts.key}_${suffix}`;
      new TerraformOutput(this, name, { value: literal(value), description }).overrideLogicalId(name);
    }
  }
}

/** Several endpoints in a region AND endpoints in other regions need regional mode (model §M2.2). */
function checkEndpointsPerRegion(plans: EndpointPlan[], regions: string[], regionalMode: boolean | undefined): void {
  if (regions.length < 2 || regionalMode === true) return;
  const crowded = regions.filter((r) => plans.filter((p) => p.region === r).length > 1);
  if (crowded.length === 0) return;
  throw new InvalidPropError(
    'regionalMode',
    `must be true for several endpoints in ${crowded.join(', ')} together with endpoints in other regions (${regions.join(', ')}): ` +
      'without regional mode Atlas allows either several endpoints in one region or one endpoint per region (model §M2.2). ' +
      'Regional mode is for sharded clusters only; for a replica set keep one endpoint per region and reach it from other VNets through peering',
  );
}

function claimOutputPrefix(scope: Construct, prefix: string): string {
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(prefix)) {
    throw new InvalidPropError('outputPrefix', `${shown(prefix)} must be 1-40 characters of a-z, 0-9 and '_', starting with a letter`);
  }
  const stack = TerraformStack.of(scope);
  const taken = prefixesByStack.get(stack) ?? new Set<string>();
  if (taken.has(prefix)) {
    throw new InvalidPropError('outputPrefix', `${shown(prefix)} is already used in stack ${stack.node.id}: give each AtlasAzurePrivateLink its own`);
  }
  taken.add(prefix);
  prefixesByStack.set(stack, taken);
  return prefix;
}
