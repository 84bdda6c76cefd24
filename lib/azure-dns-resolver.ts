import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { PrivateDnsResolver } from '@cdktf/provider-azurerm/lib/private-dns-resolver';
import { PrivateDnsResolverInboundEndpoint } from '@cdktf/provider-azurerm/lib/private-dns-resolver-inbound-endpoint';
import { checkAzurermProvider } from './azurerm-provider';
import { checkArmId, checkAzureName, checkPrivateIpv4, checkResourceGroupName, checkTags } from './azure-validation';
import { literal, literalMap } from './literal';
import { checkPropTypes, checkRegion, InvalidPropError, isToken, PropType } from './validation';

export interface AzureDnsPrivateResolverProps {
  /** Resource group of the resolver and its inbound endpoint (the hub's). */
  readonly resourceGroupName: string;
  /** Region of the resolver: the hub VNet's (`eastus2` or `US_EAST_2`). */
  readonly location: string;
  /**
   * The hub VNet the resolver serves; the Private DNS zones must be linked to it.
   * @example '/subscriptions/4c1d7e2a-9b3f-4a6e-8d5c-2f7a1b9e0c3d/resourceGroups/rg-connectivity/providers/Microsoft.Network/virtualNetworks/vnet-hub'
   */
  readonly virtualNetworkId: string;
  /**
   * Subnet of that VNet for the inbound endpoint: dedicated to it and delegated to
   * `Microsoft.Network/dnsResolvers` (Azure requires both).
   * @example '/subscriptions/4c1d7e2a-9b3f-4a6e-8d5c-2f7a1b9e0c3d/resourceGroups/rg-connectivity/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-dns-inbound'
   */
  readonly inboundSubnetId: string;
  /**
   * Static IP of the inbound endpoint in that subnet: what on-premises DNS servers forward to,
   * so a fixed one keeps their configuration stable.
   * @default - Azure assigns one (read it from the forwarding output)
   */
  readonly inboundPrivateIpAddress?: string;
  /**
   * Name of the resolver.
   * @default 'dnspr-atlas'
   */
  readonly name?: string;
  /**
   * The `azurerm` provider (an alias) for the hub subscription.
   * @default - the stack's default azurerm provider
   */
  readonly azurermProvider?: TerraformProvider;
  /**
   * Tags for the resolver and the endpoint.
   * @default - no tags
   */
  readonly tags?: Record<string, string>;
}

const TYPES: Record<keyof AzureDnsPrivateResolverProps, PropType> = {
  resourceGroupName: 'string',
  location: 'string',
  virtualNetworkId: 'string',
  inboundSubnetId: 'string',
  inboundPrivateIpAddress: 'string',
  name: 'string',
  azurermProvider: 'object',
  tags: 'tags',
};

/**
 * An Azure DNS Private Resolver with one inbound endpoint: the IP that DNS servers outside the
 * linked VNets (on-premises, or a VNet with custom DNS servers) forward the private names to.
 * It answers from the Private DNS zones linked to its VNet (model §M10.5).
 */
export class AzureDnsPrivateResolver extends Construct {
  public readonly resolver: PrivateDnsResolver;
  public readonly inboundEndpoint: PrivateDnsResolverInboundEndpoint;
  /** The inbound endpoint's IP: the forwarders' target. */
  public readonly inboundIpAddress: string;
  /** The VNet the zones must be linked to. */
  public readonly virtualNetworkId: string;

  constructor(scope: Construct, id: string, props: AzureDnsPrivateResolverProps) {
    super(scope, id);
    checkPropTypes('props', 'AzureDnsPrivateResolverProps', props, TYPES, ['resourceGroupName', 'location', 'virtualNetworkId', 'inboundSubnetId']);
    checkResourceGroupName('resourceGroupName', props.resourceGroupName);
    const location = checkRegion('location', props.location).azure;
    checkArmId('virtualNetworkId', props.virtualNetworkId, 'virtualNetwork');
    checkArmId('inboundSubnetId', props.inboundSubnetId, 'subnet');
    if (!isToken(props.inboundSubnetId) && !isToken(props.virtualNetworkId) && !props.inboundSubnetId.toLowerCase().startsWith(`${props.virtualNetworkId.toLowerCase()}/subnets/`)) {
      throw new InvalidPropError('inboundSubnetId', `must be a subnet of virtualNetworkId (${props.virtualNetworkId}): the inbound endpoint lives in the resolver's VNet`);
    }
    checkPrivateIpv4('inboundPrivateIpAddress', props.inboundPrivateIpAddress);
    const name = props.name ?? 'dnspr-atlas';
    checkAzureName('name', name, 80);
    checkAzurermProvider('azurermProvider', props.azurermProvider);
    checkTags('tags', props.tags);

    this.virtualNetworkId = props.virtualNetworkId;
    this.resolver = new PrivateDnsResolver(this, 'Resolver', {
      name: literal(name),
      resourceGroupName: literal(props.resourceGroupName),
      location,
      virtualNetworkId: literal(props.virtualNetworkId),
      tags: literalMap(props.tags),
      provider: props.azurermProvider,
    });
    this.inboundEndpoint = new PrivateDnsResolverInboundEndpoint(this, 'Inbound', {
      name: literal(`${name}-inbound`),
      privateDnsResolverId: this.resolver.id,
      location,
      ipConfigurations: {
        subnetId: literal(props.inboundSubnetId),
        privateIpAllocationMethod: props.inboundPrivateIpAddress === undefined ? 'Dynamic' : 'Static',
        privateIpAddress: props.inboundPrivateIpAddress === undefined ? undefined : literal(props.inboundPrivateIpAddress),
      },
      tags: literalMap(props.tags),
      provider: props.azurermProvider,
    });
    this.inboundIpAddress = this.inboundEndpoint.ipConfigurations.privateIpAddress;
  }
}
