import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { IAtlasPrivateLinkService } from './atlas-private-link-service';
import { checkAzurermProvider, checkSameSubscription } from './azurerm-provider';
import { checkArmId, checkAzureName, checkPrivateIpv4, checkResourceGroupName, checkTags } from './azure-validation';
import { literal, literalMap, optionalLiteral } from './literal';
import { checkLinkServiceShape, checkPropTypes, PropType, checkRegion, checkText, InvalidPropError, isToken } from './validation';

/** What the registration and DNS need from an Azure private endpoint, created here or brought in. */
export interface IAzurePrivateEndpoint {
  /** ARM id of the private endpoint. */
  readonly privateEndpointId: string;
  /** The endpoint's private IP address in the subnet. */
  readonly privateIpAddress: string;
}

export interface AzurePrivateEndpointProps {
  /** The Atlas private link service this endpoint connects to. */
  readonly service: IAtlasPrivateLinkService;
  /** Resource group that holds the endpoint. */
  readonly resourceGroupName: string;
  /**
   * Subnet the endpoint's network interface is placed in.
   * @example '/subscriptions/8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b/resourceGroups/rg-app-prod/providers/Microsoft.Network/virtualNetworks/vnet-app-prod/subnets/snet-private-endpoints'
   */
  readonly subnetId: string;
  /**
   * Name of the private endpoint (1-64 characters).
   * @default 'pe-atlas-<azure region>'
   */
  readonly name?: string;
  /**
   * Azure location of the endpoint.
   * @default - the service's region
   */
  readonly location?: string;
  /**
   * Message sent with the manual connection request (at most 140 characters).
   * @default 'MongoDB Atlas private endpoint for project <projectId>'
   */
  readonly requestMessage?: string;
  /**
   * Static private IP for the endpoint (`ip_configuration`).
   * @default - Azure assigns a dynamic IP from the subnet
   */
  readonly privateIpAddress?: string;
  /**
   * Name of the endpoint's network interface.
   * @default - Azure names it `<name>.nic.<guid>`
   */
  readonly customNetworkInterfaceName?: string;
  /**
   * Tags for the endpoint.
   * @default - no tags
   */
  readonly tags?: Record<string, string>;
  /**
   * The `azurerm` provider (an alias) for the subscription of the subnet: Azure creates the
   * endpoint only in its VNet's subscription, so one whose `subscriptionId` names another is refused.
   * @default - the stack's default azurerm provider
   */
  readonly azurermProvider?: TerraformProvider;
}

/**
 * The Azure private endpoint (`azurerm_private_endpoint`) with a MANUAL connection to the Atlas
 * private link service. Atlas approves the connection when the registration is created.
 */
export class AzurePrivateEndpoint extends Construct implements IAzurePrivateEndpoint {
  /** Azure caps a manual connection's request message at 140 characters. */
  public static readonly MAX_REQUEST_MESSAGE_LENGTH = 140;

  public readonly resource: PrivateEndpoint;
  public readonly privateEndpointId: string;
  public readonly privateIpAddress: string;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AzurePrivateEndpointProps) {
    super(scope, id);
    checkPropTypes(
      'props',
      'AzurePrivateEndpointProps',
      props,
      {
        service: 'object',
        resourceGroupName: 'string',
        subnetId: 'string',
        name: 'string',
        location: 'string',
        requestMessage: 'string',
        privateIpAddress: 'string',
        customNetworkInterfaceName: 'string',
        tags: 'tags',
        azurermProvider: 'object',
      } satisfies Record<keyof AzurePrivateEndpointProps, PropType>,
      ['service'],
    );
    checkLinkServiceShape('service', props.service);
    checkResourceGroupName('resourceGroupName', props.resourceGroupName);
    checkArmId('subnetId', props.subnetId, 'subnet');
    // The service's region may come from a hand-made IAtlasPrivateLinkService: check it too.
    const serviceRegion = checkRegion('service.region', props.service.region.azure).azure;
    const location = props.location === undefined ? serviceRegion : checkRegion('location', props.location).azure;
    this.name = props.name ?? `pe-atlas-${serviceRegion}`;
    checkAzureName('name', this.name, 64);
    checkAzureName('customNetworkInterfaceName', props.customNetworkInterfaceName, 80);
    checkPrivateIpv4('privateIpAddress', props.privateIpAddress);
    const requestMessage = props.requestMessage ?? `MongoDB Atlas private endpoint for project ${props.service.projectId}`;
    checkText('requestMessage', requestMessage, AzurePrivateEndpoint.MAX_REQUEST_MESSAGE_LENGTH);
    if (!isToken(requestMessage) && requestMessage.trim() === '') {
      throw new InvalidPropError('requestMessage', 'must not be empty: Azure rejects manual connections without one');
    }
    if (!isToken(props.service.privateLinkServiceResourceId)) {
      checkArmId('service.privateLinkServiceResourceId', props.service.privateLinkServiceResourceId, 'privateLinkService');
    }
    checkTags('tags', props.tags);
    checkAzurermProvider('azurermProvider', props.azurermProvider);
    checkSameSubscription(this, 'subnetId', props.subnetId, 'azurermProvider', props.azurermProvider);

    this.resource = new PrivateEndpoint(this, 'Resource', {
      name: literal(this.name),
      resourceGroupName: literal(props.resourceGroupName),
      location,
      subnetId: literal(props.subnetId),
      customNetworkInterfaceName: optionalLiteral(props.customNetworkInterfaceName),
      privateServiceConnection: {
        name: literal(`${this.name}-connection`),
        isManualConnection: true,
        privateConnectionResourceId: literal(props.service.privateLinkServiceResourceId),
        requestMessage: literal(requestMessage),
      },
      ipConfiguration: props.privateIpAddress
        ? [{ name: literal(`${this.name}-ip`), privateIpAddress: literal(props.privateIpAddress) }]
        : undefined,
      tags: literalMap(props.tags),
      provider: props.azurermProvider,
    });
    this.privateEndpointId = this.resource.id;
    this.privateIpAddress = this.resource.privateServiceConnection.privateIpAddress;
  }
}
