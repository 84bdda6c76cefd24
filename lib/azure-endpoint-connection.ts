import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { DataAzurermPrivateEndpointConnection } from '@cdktf/provider-azurerm/lib/data-azurerm-private-endpoint-connection';
import { AzurePrivateEndpoint } from './azure-private-endpoint';
import { checkAzurermProvider, checkEndpointSubscription } from './azurerm-provider';
import { armGroupAndName } from './azure-validation';
import { checkPropTypes, isToken, PropType, InvalidPropError } from './validation';


export interface AzureEndpointConnectionProps {
  /**
   * The private endpoint created by this stack whose connection Azure reports on.
   * @default - required unless existingPrivateEndpointId is given
   */
  readonly endpoint?: AzurePrivateEndpoint;
  /**
   * An endpoint brought in by id: its literal ARM id, whose resource group and name the read uses.
   * A token is refused: its subscription cannot be matched with the provider's at synth.
   * @example '/subscriptions/8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b/resourceGroups/rg-app-prod/providers/Microsoft.Network/privateEndpoints/pe-atlas-eastus2'
   * @default - the endpoint's
   */
  readonly existingPrivateEndpointId?: string;
  /**
   * With existingPrivateEndpointId: the `azurerm` provider for the endpoint's subscription (the
   * data source looks only in its provider's subscription, model §M7.4). A provider whose
   * `subscriptionId` is a literal naming another subscription is refused.
   * @default - the stack's default azurerm provider
   */
  readonly azurermProvider?: TerraformProvider;
  /**
   * Further resources to read after, typically the endpoint's Atlas registration: Atlas approves
   * the connection when the registration is created, so a read before it would say Pending.
   * @default - only the endpoint
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Azure's own state of a private endpoint's connection (data source
 * `azurerm_private_endpoint_connection`): Approved, Pending, Rejected or Disconnected (model
 * §M7.1). `azurerm_private_endpoint` does not carry it, and Atlas' registration status does not
 * report a connection the owner rejects or removes later, so this is the only place it shows.
 *
 * The read `depends_on` the endpoint: with the endpoint still to be created, Terraform defers
 * the read to the apply instead of failing the first plan with azurerm's "was not found". It uses
 * the endpoint's own azurerm provider, since the data source looks in its provider's subscription.
 */
export class AzureEndpointConnection extends Construct {
  public readonly dataSource: DataAzurermPrivateEndpointConnection;
  /** Azure's connection status: Approved, Pending, Rejected or Disconnected. */
  public readonly status: string;
  /** Azure's description of the state (the approval or rejection text, "Deleted state" when removed). */
  public readonly requestResponse: string;

  constructor(scope: Construct, id: string, props: AzureEndpointConnectionProps) {
    super(scope, id);
    checkPropTypes(
      'props',
      'AzureEndpointConnectionProps',
      props,
      { endpoint: 'object', existingPrivateEndpointId: 'string', azurermProvider: 'object', dependsOn: 'object[]' } satisfies Record<keyof AzureEndpointConnectionProps, PropType>,
      [],
    );
    this.dataSource = new DataAzurermPrivateEndpointConnection(this, 'Resource', props.existingPrivateEndpointId === undefined ? created(props) : adopted(this, props));
    // The endpoint has exactly one (manual) connection, so the list has one element.
    const connection = this.dataSource.privateServiceConnection.get(0);
    this.status = connection.status;
    this.requestResponse = connection.requestResponse;
  }
}

/** A created endpoint: references, not the literal names, so the read cannot run ahead of it. */
function created(props: AzureEndpointConnectionProps) {
  if (!(props.endpoint instanceof AzurePrivateEndpoint)) {
    throw new InvalidPropError('endpoint', 'must be an AzurePrivateEndpoint created in this stack, or give existingPrivateEndpointId for an endpoint brought in by id');
  }
  if (props.azurermProvider !== undefined) {
    throw new InvalidPropError('azurermProvider', "is only valid with existingPrivateEndpointId (a created endpoint's connection is read through the endpoint's own provider)");
  }
  const resource = props.endpoint.resource;
  return { name: resource.name, resourceGroupName: resource.resourceGroupName, provider: resource.provider, dependsOn: [resource, ...(props.dependsOn ?? [])] };
}

/**
 * An endpoint brought in by id: the literal names from its id, through the provider of its
 * subscription. `depends_on` (the registration) still defers the first read to after Atlas approved.
 */
function adopted(scope: Construct, props: AzureEndpointConnectionProps) {
  const id = props.existingPrivateEndpointId as string;
  if (props.endpoint !== undefined) {
    throw new InvalidPropError('existingPrivateEndpointId', 'conflicts with endpoint: give either the endpoint created here or the id of one brought in');
  }
  const names = armGroupAndName(id, 'privateEndpoint');
  if (names === undefined) {
    throw new InvalidPropError(
      'existingPrivateEndpointId',
      `must be a literal ARM id /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateEndpoints/<name>${isToken(id) ? ' (a token: its subscription cannot be checked against the provider at synth)' : ''}`,
    );
  }
  checkAzurermProvider('azurermProvider', props.azurermProvider);
  checkEndpointSubscription(scope, 'existingPrivateEndpointId', id, 'azurermProvider', props.azurermProvider);
  return { ...names, provider: props.azurermProvider, dependsOn: props.dependsOn };
}
