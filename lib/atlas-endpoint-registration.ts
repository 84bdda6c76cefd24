import { Construct } from 'constructs';
import { PrivatelinkEndpointService } from '@cdktf/provider-mongodbatlas/lib/privatelink-endpoint-service';
import { IAtlasPrivateLinkService } from './atlas-private-link-service';
import { IAzurePrivateEndpoint } from './azure-private-endpoint';
import { checkArmId, checkPrivateIpv4 } from './azure-validation';
import { literal, literalTimeouts } from './literal';
import { checkAtlasId, checkDuration, checkLinkServiceShape, checkProjectId, checkPropTypes, PropType, timeoutsBlock } from './validation';

export interface AtlasEndpointRegistrationProps {
  /** The Atlas private link service the endpoint connects to. */
  readonly service: IAtlasPrivateLinkService;
  /** The Azure private endpoint to register (its ARM id and private IP). */
  readonly endpoint: IAzurePrivateEndpoint;
  /**
   * How long Terraform waits for AVAILABLE and for the project's clusters to become IDLE.
   * @default '2h' (`'provider-default'`: the provider's own default)
   */
  readonly createTimeout?: string;
  /**
   * How long Terraform waits for the registration to be removed.
   * @default '2h' (`'provider-default'`: the provider's own default)
   */
  readonly deleteTimeout?: string;
}

/**
 * The handshake (`mongodbatlas_privatelink_endpoint_service`): tells Atlas about the Azure
 * endpoint so that it approves the connection. No argument can change in place.
 */
export class AtlasEndpointRegistration extends Construct {
  public readonly resource: PrivatelinkEndpointService;
  /** Atlas' view of the Azure connection: INITIATING, AVAILABLE, FAILED or DELETING. */
  public readonly azureStatus: string;

  constructor(scope: Construct, id: string, props: AtlasEndpointRegistrationProps) {
    super(scope, id);
    checkPropTypes(
      'props',
      'AtlasEndpointRegistrationProps',
      props,
      { service: 'object', endpoint: 'object', createTimeout: 'string', deleteTimeout: 'string' } satisfies Record<keyof AtlasEndpointRegistrationProps, PropType>,
      ['service', 'endpoint'],
    );
    checkLinkServiceShape('service', props.service);
    checkPropTypes('endpoint', 'IAzurePrivateEndpoint', props.endpoint, { privateEndpointId: 'string', privateIpAddress: 'string' });
    checkDuration('createTimeout', props.createTimeout);
    checkDuration('deleteTimeout', props.deleteTimeout);
    // Both interfaces can be implemented with literal values (an endpoint created elsewhere).
    checkProjectId('service.projectId', props.service.projectId);
    checkAtlasId('service.privateLinkId', props.service.privateLinkId);
    checkArmId('endpoint.privateEndpointId', props.endpoint.privateEndpointId, 'privateEndpoint');
    checkPrivateIpv4('endpoint.privateIpAddress', props.endpoint.privateIpAddress);

    this.resource = new PrivatelinkEndpointService(this, 'Resource', {
      projectId: literal(props.service.projectId),
      privateLinkId: literal(props.service.privateLinkId),
      providerName: 'AZURE',
      endpointServiceId: literal(props.endpoint.privateEndpointId),
      privateEndpointIpAddress: literal(props.endpoint.privateIpAddress),
      timeouts: literalTimeouts(timeoutsBlock(props.createTimeout, props.deleteTimeout, '2h')),
    });
    this.azureStatus = this.resource.azureStatus;
  }

  // Read on demand: each attribute reference is a token, and most stacks never use these.
  public get errorMessage(): string {
    return this.resource.errorMessage;
  }

  public get privateEndpointConnectionName(): string {
    return this.resource.privateEndpointConnectionName;
  }
}
