import { Construct } from 'constructs';
import { TerraformIterator, TerraformProvider, TerraformResource, TerraformResourceLifecycle, Token } from 'cdktf';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateDnsARecord } from '@cdktf/provider-azurerm/lib/private-dns-a-record';
import { PrivateDnsSrvRecord, PrivateDnsSrvRecordRecord } from '@cdktf/provider-azurerm/lib/private-dns-srv-record';
import { PrivateDnsTxtRecord } from '@cdktf/provider-azurerm/lib/private-dns-txt-record';
import { AtlasClusterConnectionStrings } from './atlas-cluster-connection-strings';
import { checkAzurermProvider } from './azurerm-provider';
import { armName, checkArmId, checkPrivateIpv4, checkResourceGroupName, checkTags } from './azure-validation';
import { checkEndpointKeys, checkEndpointNames, dnsNamesFor, DnsNames, parentDomain, relativeName } from './dns-names';
import { hcl, hclStringLiteral, hclValue } from './hcl';
import { literal, literalMap } from './literal';
import { shown } from './text';
import { checkHostname, checkLiteral, checkPropTypes, checkRegion, InvalidPropError, isToken, PropType } from './validation';

/** How private-endpoint hostnames are made to resolve to the endpoint's private IP inside the VNets. */
export enum DnsStrategy {
  /**
   * One Private DNS zone per exact SRV target hostname (`pl-0-<region>.<hash>.mongodb.net`) with an
   * apex A record. It shadows only that one name, so Atlas' public SRV and TXT records keep resolving.
   */
  HOST_ZONES = 'host-zones',
  /**
   * One zone for the cluster's subdomain (`<hash>.mongodb.net`) that carries the A records AND the
   * SRV and TXT records, so `mongodb+srv://` works inside the VNets without Atlas' public DNS.
   */
  CLUSTER_ZONE = 'cluster-zone',
  /** No Private DNS: clients rely on Atlas' public records. */
  NONE = 'none',
}

/** One private endpoint as DNS sees it. */
export interface PrivateDnsEndpoint {
  /** Short unique key used in construct ids, e.g. the Azure region `eastus2`. */
  readonly key: string;
  /**
   * The endpoint's region (`eastus2` or `US_EAST_2`): of the hosts in its connection string, the
   * endpoint owns those of its region (a multi-region replica set's string names every region's hosts).
   * @default - the endpoint owns every host of its string (which must then have exactly one)
   */
  readonly region?: string;
  /** The endpoint's private IP (usually a reference to the private endpoint). */
  readonly privateIpAddress: string;
  /**
   * ARM id of the Azure private endpoint, used to pick this endpoint's connection string from the cluster.
   * @default - required unless targetHostname (and for cluster-zone the other names) are given
   */
  readonly privateEndpointId?: string;
  /**
   * Escape hatch: the SRV target hostname, e.g. `pl-0-eastus2.abc12.mongodb.net`.
   * @default - read from Atlas' private-endpoint connection string
   */
  readonly targetHostname?: string;
  /**
   * Escape hatch for cluster-zone: the SRV hostname, e.g. `cluster0-pl-0.abc12.mongodb.net`.
   * @default - read from Atlas' private-endpoint SRV connection string
   */
  readonly srvHostname?: string;
  /**
   * Escape hatch for cluster-zone: one port per replica set member, e.g. [1024, 1025, 1026].
   * @default - read from Atlas' private-endpoint connection string
   */
  readonly ports?: number[];
  /**
   * Escape hatch for cluster-zone: the TXT value, e.g. `authSource=admin&replicaSet=atlas-x7k2qp-shard-0`.
   * @default - built from Atlas' private-endpoint connection string
   */
  readonly txtValue?: string;
}

export interface AtlasPrivateDnsProps {
  /**
   * Which records to create.
   * @default DnsStrategy.HOST_ZONES
   */
  readonly strategy?: DnsStrategy;
  /** Resource group for the zones (and records). */
  readonly resourceGroupName: string;
  /**
   * VNets to link every zone to (registration off). Link each VNet whose workloads resolve the
   * names, or the VNet of the DNS forwarder they use (hub and spoke).
   * @example ['/subscriptions/8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b/resourceGroups/rg-app-prod/providers/Microsoft.Network/virtualNetworks/vnet-app-prod']
   */
  readonly virtualNetworkIds: string[];
  /** The endpoints to publish. */
  readonly endpoints: PrivateDnsEndpoint[];
  /**
   * Where Atlas-derived names come from.
   * @default - none: every endpoint must carry explicit names
   */
  readonly connectionStrings?: AtlasClusterConnectionStrings;
  /**
   * cluster-zone only: put the records into this existing zone (`<hash>.mongodb.net`) instead of creating one.
   * @default - the zone is created
   */
  readonly existingZoneName?: string;
  /**
   * TTL of every record, in seconds.
   * @default 60
   */
  readonly ttl?: number;
  /**
   * The endpoints share ONE connection string: a multi-region cluster without regional mode, one
   * endpoint per region (model §M3.3, §M3.5). cluster-zone then writes one SRV and one TXT record
   * for that string, listing the members of every region; A records stay per endpoint.
   * @default false - each endpoint has its own string (one region, or regional mode)
   */
  readonly sharedConnectionString?: boolean;
  /**
   * Tags for zones, links and records.
   * @default - no tags
   */
  readonly tags?: Record<string, string>;
  /**
   * The `azurerm` provider (an alias) for the DNS subscription, e.g. a landing zone's hub
   * (connectivity) subscription: zones, records and VNet links are created there; the linked VNets
   * may be in any subscription (model §M9.5).
   * @default - the stack's default azurerm provider
   */
  readonly azurermProvider?: TerraformProvider;
}

const DNS_PROPS_TYPES: Record<keyof AtlasPrivateDnsProps, PropType> = {
  strategy: 'string',
  resourceGroupName: 'string',
  virtualNetworkIds: 'string[]',
  endpoints: 'object[]',
  connectionStrings: 'object',
  existingZoneName: 'string',
  ttl: 'number',
  sharedConnectionString: 'boolean',
  tags: 'tags',
  azurermProvider: 'object',
};

const DNS_ENDPOINT_TYPES: Record<keyof PrivateDnsEndpoint, PropType> = {
  key: 'string',
  region: 'string',
  privateIpAddress: 'string',
  privateEndpointId: 'string',
  targetHostname: 'string',
  srvHostname: 'string',
  ports: 'number[]',
  txtValue: 'string',
};

/**
 * Azure Private DNS for the private-endpoint hostnames of an Atlas cluster.
 * It never creates a `<hash>.mongodb.net` zone without the cluster's SRV and TXT records, since such a
 * zone answers NXDOMAIN for them inside the VNet and breaks every `mongodb+srv://` client.
 */
export class AtlasPrivateDns extends Construct {
  public readonly strategy: DnsStrategy;
  /** The zones created (one per endpoint for host-zones, one for cluster-zone, none otherwise). */
  public readonly zones: PrivateDnsZone[] = [];
  public readonly virtualNetworkLinks: PrivateDnsZoneVirtualNetworkLink[] = [];
  public readonly aRecords: PrivateDnsARecord[] = [];
  public readonly srvRecords: PrivateDnsSrvRecord[] = [];
  public readonly txtRecords: PrivateDnsTxtRecord[] = [];
  private readonly ttl: number;

  constructor(scope: Construct, id: string, private readonly props: AtlasPrivateDnsProps) {
    super(scope, id);
    checkPropTypes('props', 'AtlasPrivateDnsProps', props, DNS_PROPS_TYPES, ['virtualNetworkIds', 'endpoints']);
    props.endpoints.forEach((e, i) => checkPropTypes(`endpoints[${i}]`, 'PrivateDnsEndpoint', e, DNS_ENDPOINT_TYPES));
    checkLiteral('virtualNetworkIds', props.virtualNetworkIds, 'one VNet link is created per id at synthesis; pass an array of ids (each id may be a token)');
    this.strategy = props.strategy ?? DnsStrategy.HOST_ZONES;
    this.ttl = props.ttl ?? 60;
    this.validate();
    if (this.strategy === DnsStrategy.NONE) return;

    const names = props.endpoints.map((endpoint, index) =>
      dnsNamesFor(endpoint, `endpoints[${index}]`, this.strategy === DnsStrategy.CLUSTER_ZONE, props.connectionStrings),
    );
    if (this.strategy === DnsStrategy.HOST_ZONES) {
      props.endpoints.forEach((endpoint, index) => this.hostZone(endpoint, names[index]));
    } else {
      this.clusterZone(names);
    }
    // Every zone, record and link goes to the DNS subscription's provider.
    if (props.azurermProvider) for (const c of this.node.findAll()) if (c instanceof TerraformResource) c.provider = props.azurermProvider;
  }

  /** The names of the zones this construct creates or writes into (tokens for names read from Atlas). */
  public get zoneNames(): string[] {
    if (this.strategy === DnsStrategy.NONE) return [];
    if (this.props.existingZoneName !== undefined) return [this.props.existingZoneName];
    return this.zones.map((z) => z.name);
  }

  private validate(): void {
    const p = this.props;
    if (!Object.values(DnsStrategy).includes(this.strategy)) {
      throw new InvalidPropError('strategy', `${shown(this.strategy)} is not one of ${Object.values(DnsStrategy).join(', ')}`);
    }
    checkResourceGroupName('resourceGroupName', p.resourceGroupName);
    // A number token (a reference, e.g. a variable) is accepted: Azure checks it at apply.
    if (!isToken(this.ttl) && (!Number.isInteger(this.ttl) || this.ttl < 1 || this.ttl > 2147483647)) {
      throw new InvalidPropError('ttl', `${this.ttl} is not a TTL in seconds (an integer from 1 to 2147483647)`);
    }
    checkEndpointKeys(p.endpoints);
    p.endpoints.forEach((e, i) => {
      checkPrivateIpv4(`endpoints[${i}].privateIpAddress`, e.privateIpAddress);
      if (e.region !== undefined) checkRegion(`endpoints[${i}].region`, e.region);
      if (e.privateEndpointId !== undefined) checkArmId(`endpoints[${i}].privateEndpointId`, e.privateEndpointId, 'privateEndpoint');
      // Checked whatever the strategy: a value a strategy ignores today is used by the next one.
      checkEndpointNames(e, `endpoints[${i}]`);
    });
    p.virtualNetworkIds.forEach((v, i) => checkArmId(`virtualNetworkIds[${i}]`, v, 'virtualNetwork'));
    const literalIds = p.virtualNetworkIds.filter((v) => !isToken(v)).map((v) => v.toLowerCase());
    const duplicate = literalIds.find((v, i) => literalIds.indexOf(v) !== i);
    if (duplicate) throw new InvalidPropError('virtualNetworkIds', `lists ${duplicate} twice`);
    if (p.existingZoneName !== undefined) {
      if (this.strategy !== DnsStrategy.CLUSTER_ZONE) {
        throw new InvalidPropError(
          'existingZoneName',
          `applies only to the cluster-zone strategy (strategy is ${this.strategy}); host-zones creates one zone per hostname`,
        );
      }
      checkHostname('existingZoneName', p.existingZoneName);
    }
    if (this.strategy !== DnsStrategy.NONE && p.existingZoneName === undefined && p.virtualNetworkIds.length === 0) {
      throw new InvalidPropError(
        'virtualNetworkIds',
        `must list at least one VNet id for the ${this.strategy} strategy: a zone linked to no VNet resolves nothing`,
      );
    }
    checkTags('tags', p.tags);
    checkAzurermProvider('azurermProvider', p.azurermProvider);
  }

  private hostZone(endpoint: PrivateDnsEndpoint, names: DnsNames): void {
    const zone = new PrivateDnsZone(this, `Zone-${endpoint.key}`, {
      name: literal(names.targetHostname),
      resourceGroupName: literal(this.props.resourceGroupName),
      tags: literalMap(this.props.tags),
      lifecycle: this.preconditions(names, endpoint),
    });
    this.zones.push(zone);
    this.linkVnets(zone.name, endpoint.key);
    this.aRecords.push(
      new PrivateDnsARecord(this, `A-${endpoint.key}`, {
        name: '@',
        zoneName: zone.name,
        resourceGroupName: literal(this.props.resourceGroupName),
        ttl: this.ttl,
        records: [literal(endpoint.privateIpAddress)],
        tags: literalMap(this.props.tags),
      }),
    );
  }

  private clusterZone(names: DnsNames[]): void {
    const zoneName = this.clusterZoneName(names);
    const lifecycle = this.preconditions(names[0], this.props.endpoints[0], zoneName);
    if (this.props.existingZoneName === undefined) {
      const zone = new PrivateDnsZone(this, 'Zone', {
        name: literal(zoneName),
        resourceGroupName: literal(this.props.resourceGroupName),
        tags: literalMap(this.props.tags),
        lifecycle,
      });
      this.zones.push(zone);
      this.linkVnets(zone.name, 'cluster');
    } else {
      this.linkVnets(zoneName, 'cluster');
    }
    const zoneRef = this.zones[0]?.name ?? zoneName;
    const shared = this.props.sharedConnectionString === true;
    this.props.endpoints.forEach((endpoint, index) => {
      this.aRecord(endpoint, names[index], zoneRef, zoneName);
      if (!shared) this.srvAndTxt(endpoint, names[index], zoneRef, zoneName, [names[index]]);
    });
    if (shared) this.srvAndTxt(this.props.endpoints[0], names[0], zoneRef, zoneName, names);
  }

  /** The zone is the parent domain of the (first) SRV hostname: SRV targets must share it. */
  private clusterZoneName(names: DnsNames[]): string {
    if (this.props.existingZoneName !== undefined) return this.props.existingZoneName;
    const first = names[0];
    const zone = parentDomain(first.srvHostname);
    names.forEach((n, i) => {
      if (!n.explicit) return;
      [n.srvHostname, n.targetHostname].forEach((host) => {
        if (isToken(host) || isToken(zone)) return; // the zone precondition checks these at apply
        if (parentDomain(host) !== zone) {
          throw new InvalidPropError(
            `endpoints[${i}]`,
            `hostname ${shown(host)} is not in the cluster zone ${shown(zone)}: every SRV and target hostname must share one parent domain`,
          );
        }
      });
    });
    return zone;
  }

  private common(names: DnsNames, endpoint: PrivateDnsEndpoint, zoneRef: string, zoneName: string) {
    return {
      zoneName: literal(zoneRef),
      resourceGroupName: literal(this.props.resourceGroupName),
      ttl: this.ttl,
      tags: literalMap(this.props.tags),
      lifecycle: this.preconditions(names, endpoint, zoneName),
    };
  }

  /** The endpoint's own host (its region's) to its private IP. */
  private aRecord(endpoint: PrivateDnsEndpoint, names: DnsNames, zoneRef: string, zoneName: string): void {
    this.aRecords.push(
      new PrivateDnsARecord(this, `A-${endpoint.key}`, {
        ...this.common(names, endpoint, zoneRef, zoneName),
        name: literal(relativeName(names.targetHostname, zoneName)),
        records: [literal(endpoint.privateIpAddress)],
      }),
    );
  }

  /**
   * The SRV and TXT records of one connection string, written once per string: `group` holds the
   * names of every endpoint that shares it (model §M6.2), and the SRV record lists all their targets.
   */
  private srvAndTxt(endpoint: PrivateDnsEndpoint, names: DnsNames, zoneRef: string, zoneName: string, group: DnsNames[]): void {
    const common = this.common(names, endpoint, zoneRef, zoneName);
    const sameSrv = group.slice(1).filter((n) => !n.explicit || !names.explicit);
    if (sameSrv.length > 0) {
      // One string for all endpoints is what the model says (§M3.3); if Atlas answers otherwise, say so.
      common.lifecycle = {
        precondition: [
          ...(common.lifecycle?.precondition ?? []),
          {
            condition: hcl(sameSrv.map((n) => `${hclValue(n.srvHostname)} == ${hclValue(names.srvHostname)}`).join(' && ')),
            errorMessage: literal(
              'The endpoints of a multi-region cluster without regional mode should share one private-endpoint SRV connection string (model §M3.3), ' +
                'but Atlas lists different ones: the DNS for this set-up cannot be written as one SRV record. Check the cluster type and the regional mode setting.',
            ),
          },
        ],
      };
    }
    const srvLabel = relativeName(names.srvHostname, zoneName);
    this.srvRecords.push(
      new PrivateDnsSrvRecord(this, `Srv-${endpoint.key}`, {
        ...common,
        name: literal(names.explicit ? `_mongodb._tcp.${srvLabel}` : hcl(`format("_mongodb._tcp.%s", ${srvLabel})`)),
        record: this.srvRecordBlocks(names, group),
      }),
    );
    this.txtRecords.push(
      new PrivateDnsTxtRecord(this, `Txt-${endpoint.key}`, {
        ...common,
        name: literal(srvLabel),
        record: [{ value: literal(names.txtValue) }],
      }),
    );
  }

  private srvRecordBlocks(names: DnsNames, group: DnsNames[]): PrivateDnsSrvRecordRecord[] | ReturnType<TerraformIterator['dynamic']> {
    if (group.length === 1 && names.explicit) {
      return names.ports.map((port) => ({ priority: 0, weight: 0, port, target: literal(names.targetHostname) }));
    }
    // One record per member of the string (all regions); the list is known only at apply, so it is
    // a dynamic block. Endpoints that share a string list the same targets: distinct() keeps one.
    const targets = group.length === 1 ? group[0].srvTargetsHcl : `distinct(concat(${group.map((n) => n.srvTargetsHcl).join(', ')}))`;
    const it = TerraformIterator.fromList(Token.asList(hcl(targets)));
    return it.dynamic({ priority: 0, weight: 0, port: it.getNumber('port'), target: it.getString('host') });
  }

  private linkVnets(zoneName: string, zoneKey: string): void {
    this.props.virtualNetworkIds.forEach((vnetId, index) => {
      const vnetName = armName(vnetId) ?? `vnet${index}`;
      this.virtualNetworkLinks.push(
        new PrivateDnsZoneVirtualNetworkLink(this, `Link-${zoneKey}-${index}`, {
          name: literal(`link-${vnetName}`.slice(0, 80)),
          privateDnsZoneName: literal(zoneName),
          resourceGroupName: literal(this.props.resourceGroupName),
          virtualNetworkId: literal(vnetId),
          registrationEnabled: false,
          tags: literalMap(this.props.tags),
        }),
      );
    });
  }

  /**
   * Atlas-derived names are empty until Atlas publishes the private-endpoint connection string;
   * fail with a message that says what to do rather than create a zone named "".
   */
  private preconditions(names: DnsNames, endpoint: PrivateDnsEndpoint, zoneName?: string): TerraformResourceLifecycle | undefined {
    if (names.explicit) return undefined;
    const key = endpoint.key;
    const later =
      'Atlas publishes it some minutes after the registration is AVAILABLE (and only once every region with nodes has an endpoint): ' +
      'run apply again (or apply the DNS later).';
    const region = endpoint.region === undefined || isToken(endpoint.region) ? undefined : checkRegion('region', endpoint.region).azure;
    const which = region === undefined ? 'exactly one host' : `exactly one host of region ${region}`;
    // Per endpoint, the hosts of its own region (model §M6.1); the message lists what Atlas gave.
    const message = [
      hclStringLiteral(`Atlas has no private-endpoint connection string with ${which} for endpoint ${key} yet (hosts listed: `),
      `join(", ", ${names.allHostnamesHcl})`,
      hclStringLiteral(
        `). ${later}` +
          (region === undefined ? '' : ` If it lists hosts of other regions but none of ${region}, the host names do not follow model §M4.3: give endpoints[].targetHostname.`),
      ),
    ];
    const conditions = [
      {
        condition: hcl(`(${names.targetHostnameCount}) == 1`),
        errorMessage: hcl(`join("", [${message.join(', ')}])`),
      },
    ];
    if (this.strategy === DnsStrategy.CLUSTER_ZONE && zoneName !== undefined) {
      conditions.push(
        {
          condition: hcl(`${hclValue(names.srvHostname)} != "" && ${hclValue(names.txtValue)} != ""`),
          errorMessage: literal(`Atlas has no private-endpoint SRV connection string or replica set options for endpoint ${key} yet. ${later}`),
        },
        {
          condition: hcl(
            `endswith(${hclValue(names.srvHostname)}, format(".%s", ${hclValue(zoneName)})) && endswith(${hclValue(names.targetHostname)}, format(".%s", ${hclValue(zoneName)}))`,
          ),
          errorMessage: literal(`The SRV and target hostnames of endpoint ${key} must lie in the cluster zone; drivers reject SRV targets outside the SRV host's parent domain.`),
        },
      );
    }
    return { precondition: conditions };
  }
}
