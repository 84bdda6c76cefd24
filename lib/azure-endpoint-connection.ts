import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { DataAzurermPrivateEndpointConnection } from '@cdktf/provider-azurerm/lib/data-azurerm-private-endpoint-connection';
import { AzurePrivateEndpoint } from './azure-private-endpoint';
import { checkPropTypes, PropType, InvalidPropError } from './validation';

export interface AzureEndpointConnectionProps {
  /** The private endpoint created by this stack whose connection Azure reports on. */
  readonly endpoint: AzurePrivateEndpoint;
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
    checkPropTypes('props', 'AzureEndpointConnectionProps', props, { endpoint: 'object', dependsOn: 'object[]' } satisfies Record<keyof AzureEndpointConnectionProps, PropType>, [
      'endpoint',
    ]);
    if (!(props.endpoint instanceof AzurePrivateEndpoint)) {
      throw new InvalidPropError('endpoint', 'must be an AzurePrivateEndpoint created in this stack (an endpoint brought in by id has no resource to read after)');
    }
    const resource = props.endpoint.resource;
    this.dataSource = new DataAzurermPrivateEndpointConnection(this, 'Resource', {
      // References, not the literal names: they carry no value the read could run ahead of.
      name: resource.name,
      resourceGroupName: resource.resourceGroupName,
      provider: resource.provider,
      dependsOn: [resource, ...(props.dependsOn ?? [])],
    });
    // The endpoint has exactly one (manual) connection, so the list has one element.
    const connection = this.dataSource.privateServiceConnection.get(0);
    this.status = connection.status;
    this.requestResponse = connection.requestResponse;
  }
}
