import { Construct } from 'constructs';
import { ITerraformDependable, TerraformOutput, TerraformStack } from 'cdktf';
import { PrivateEndpointRegionalMode } from '@cdktf/provider-mongodbatlas/lib/private-endpoint-regional-mode';
import { AtlasClusterConnectionStrings } from './atlas-cluster-connection-strings';
import { AtlasEndpointRegistration } from './atlas-endpoint-registration';
import { AtlasPrivateDns, DnsStrategy } from './atlas-private-dns';
import { AtlasPrivateLinkService } from './atlas-private-link-service';
import { AzurePrivateEndpoint, IAzurePrivateEndpoint } from './azure-private-endpoint';
import { literal } from './literal';
import { checkEndpoints, checkProps, DNS_FIELDS, ENDPOINT_FIELDS, REGISTRATION_FIELDS, renamed, SERVICE_FIELDS } from './private-link-props';
import { shown } from './text';
import { checkRegion, InvalidPropError } from './validation';

/** One Azure private endpoint to MongoDB Atlas, in one region. */
export interface PrivateLinkEndpointOptions {
  /** Azure region of the endpoint and of the Atlas service: `eastus2` or `US_EAST_2`. One endpoint per region. */
  readonly region: string;
  /**
   * Subnet for a new private endpoint.
   * @example '/subscriptions/8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b/resourceGroups/rg-app-prod/providers/Microsoft.Network/virtualNetworks/vnet-app-prod/subnets/snet-private-endpoints'
   * @default - required unless existingPrivateEndpointId is given
   */
  readonly subnetId?: string;
  /**
   * Name of the new private endpoint.
   * @default 'pe-atlas-<azure region>'
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
   * @default - no cluster read: DNS needs explicit hostnames and no SRV output is declared
   */
  readonly clusterName?: string;
  /** Resource group for the private endpoints and the DNS zones. */
  readonly resourceGroupName: string;
  /** The endpoints, one per region that has cluster nodes. */
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
   * Atlas regional mode, needed for endpoints in more than one region.
   * @default - on when endpoints span more than one region, else not managed
   */
  readonly regionalMode?: boolean;
  /**
   * Registration create timeout (waits for AVAILABLE and for every cluster to be IDLE).
   * @default '2h'
   */
  readonly registrationCreateTimeout?: string;
  /**
   * Registration delete timeout.
   * @default '2h'
   */
  readonly registrationDeleteTimeout?: string;
  /**
   * Atlas private link service create and delete timeout.
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
  /** The endpoint key: the Azure region, e.g. `eastus2`. */
  readonly key: string;
  readonly service: AtlasPrivateLinkService;
  /** The private endpoint created here; undefined when an existing one was brought in. */
  readonly privateEndpoint?: AzurePrivateEndpoint;
  /** The endpoint the registration and DNS use (created or brought in). */
  readonly endpoint: IAzurePrivateEndpoint;
  readonly registration: AtlasEndpointRegistration;
}

/** Suffixes of the per-endpoint outputs, `<prefix>_<region>_<suffix>`; the verifier reads them. */
const OUTPUT_SUFFIXES = [
  'private_ip',
  'private_endpoint_id',
  'atlas_link_id',
  'link_status',
  'atlas_status',
  'srv_connection_string',
] as const;

const prefixesByStack = new WeakMap<TerraformStack, Set<string>>();

/**
 * MongoDB Atlas over Azure Private Link, end to end: per region the Atlas private link service,
 * the Azure private endpoint, the registration, then Private DNS for the private-endpoint hostnames,
 * and outputs for the platform team and the verifier.
 */
export class AtlasAzurePrivateLink extends Construct {
  /** Suffixes of the per-endpoint outputs: `<outputPrefix>_<region>_<suffix>`. */
  public static readonly OUTPUT_SUFFIXES: string[] = [...OUTPUT_SUFFIXES];

  public readonly endpoints: PrivateLinkEndpointParts[];
  public readonly regionalMode?: PrivateEndpointRegionalMode;
  public readonly connectionStrings?: AtlasClusterConnectionStrings;
  public readonly dns: AtlasPrivateDns;
  public readonly outputPrefix: string;

  constructor(scope: Construct, id: string, props: AtlasAzurePrivateLinkProps) {
    super(scope, id);
    checkProps(props);
    const regions = checkEndpoints(props.endpoints);
    this.outputPrefix = claimOutputPrefix(this, props.outputPrefix ?? 'atlas_pl');

    const regionalMode = props.regionalMode ?? (regions.length > 1 ? true : undefined);
    if (regionalMode !== undefined) {
      this.regionalMode = new PrivateEndpointRegionalMode(this, 'RegionalMode', {
        projectId: literal(props.projectId),
        enabled: regionalMode,
      });
    }

    this.endpoints = props.endpoints.map((options, index) => this.endpointParts(props, options, index));

    if (props.clusterName !== undefined) {
      this.connectionStrings = new AtlasClusterConnectionStrings(this, 'ClusterConnectionStrings', {
        projectId: props.projectId,
        clusterName: props.clusterName,
        dependsOn: this.endpoints.map((e) => e.registration.resource as ITerraformDependable),
      });
    }

    const dnsGroup = props.dnsResourceGroupName === undefined ? 'resourceGroupName' : 'dnsResourceGroupName';
    this.dns = renamed({ ...DNS_FIELDS, resourceGroupName: dnsGroup }, undefined, () => new AtlasPrivateDns(this, 'Dns', {
      strategy: props.dnsStrategy,
      resourceGroupName: props.dnsResourceGroupName ?? props.resourceGroupName,
      virtualNetworkIds: props.virtualNetworkIds ?? [],
      existingZoneName: props.existingDnsZoneName,
      ttl: props.dnsTtl,
      tags: props.tags,
      connectionStrings: this.connectionStrings,
      endpoints: this.endpoints.map((parts, index) => ({
        key: parts.key,
        privateIpAddress: parts.endpoint.privateIpAddress,
        privateEndpointId: parts.endpoint.privateEndpointId,
        targetHostname: props.endpoints[index].targetHostname,
        srvHostname: props.endpoints[index].srvHostname,
        ports: props.endpoints[index].ports,
        txtValue: props.endpoints[index].txtValue,
      })),
    }));

    this.endpoints.forEach((parts, index) => this.declareOutputs(parts, props.endpoints[index]));
  }

  private endpointParts(props: AtlasAzurePrivateLinkProps, options: PrivateLinkEndpointOptions, index: number): PrivateLinkEndpointParts {
    const field = `endpoints[${index}]`;
    const key = checkRegion(`${field}.region`, options.region).azure;
    const service = renamed(SERVICE_FIELDS, field, () =>
      new AtlasPrivateLinkService(this, `Service-${key}`, {
        projectId: props.projectId,
        region: options.region,
        createTimeout: props.serviceTimeout,
        deleteTimeout: props.serviceTimeout,
        dependsOn: this.regionalMode ? [this.regionalMode] : undefined,
      }),
    );

    const privateEndpoint =
      options.existingPrivateEndpointId === undefined
        ? renamed(ENDPOINT_FIELDS, field, () =>
            new AzurePrivateEndpoint(this, `Endpoint-${key}`, {
              service,
              resourceGroupName: props.resourceGroupName,
              subnetId: options.subnetId as string,
              name: options.name,
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
    return { key, service, privateEndpoint, endpoint, registration };
  }

  private declareOutputs(parts: PrivateLinkEndpointParts, options: PrivateLinkEndpointOptions): void {
    const srv = this.connectionStrings
      ? this.connectionStrings.forEndpoint(parts.key, parts.endpoint.privateEndpointId).srvConnectionString
      : options.srvHostname !== undefined
        ? `mongodb+srv://${options.srvHostname}`
        : undefined;
    const values: Record<(typeof OUTPUT_SUFFIXES)[number], [string | undefined, string]> = {
      private_ip: [parts.endpoint.privateIpAddress, 'Private IP of the Azure private endpoint (what DNS must answer)'],
      private_endpoint_id: [parts.endpoint.privateEndpointId, 'ARM id of the Azure private endpoint'],
      atlas_link_id: [parts.service.privateLinkId, 'Atlas private link service id (private_link_id)'],
      link_status: [parts.service.status, 'Atlas private link service status (AVAILABLE when ready)'],
      atlas_status: [parts.registration.azureStatus, "Atlas' view of the endpoint connection (AVAILABLE when approved)"],
      srv_connection_string: [srv, 'Private-endpoint SRV connection string, without credentials ("" until Atlas publishes it)'],
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
