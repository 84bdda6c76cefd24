import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { PrivatelinkEndpoint } from '@cdktf/provider-mongodbatlas/lib/privatelink-endpoint';
import { literal, literalTimeouts } from './literal';
import { RegionNames } from './regions';
import { checkDuration, checkProjectId, checkPropTypes, checkRegion, PropType, timeoutsBlock } from './validation';

/** The Atlas side of the link, as the endpoint and the registration consume it. */
export interface IAtlasPrivateLinkService {
  /** Atlas project id. */
  readonly projectId: string;
  /** The region in Azure and Atlas spelling. */
  readonly region: RegionNames;
  /** Atlas id of the private link service (`private_link_id`). */
  readonly privateLinkId: string;
  /** ARM id of the Azure Private Link Service that Atlas runs for this project and region. */
  readonly privateLinkServiceResourceId: string;
}

export interface AtlasPrivateLinkServiceProps {
  /**
   * Atlas project id (24 hexadecimal characters).
   * @example '64b7f2c1e4b0a1d2c3f4a5b6'
   */
  readonly projectId: string;
  /**
   * Azure region of the endpoint service, in Azure form (`eastus2`) or Atlas form (`US_EAST_2`).
   * It is normalised to the Azure form, which the Atlas provider accepts for AZURE.
   */
  readonly region: string;
  /**
   * How long Terraform waits for Atlas to create the service.
   * @default '1h' (`'provider-default'`: the provider's own default)
   */
  readonly createTimeout?: string;
  /**
   * How long Terraform waits for Atlas to delete the service.
   * @default '1h' (`'provider-default'`: the provider's own default)
   */
  readonly deleteTimeout?: string;
  /**
   * Resources to create first, e.g. the project's regional mode setting.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The Atlas private link service for Azure in one region (`mongodbatlas_privatelink_endpoint`).
 * Every argument forces replacement, and a replacement can fail with "already exists for region":
 * this construct never sets create_before_destroy.
 */
export class AtlasPrivateLinkService extends Construct implements IAtlasPrivateLinkService {
  public readonly resource: PrivatelinkEndpoint;
  public readonly projectId: string;
  public readonly region: RegionNames;
  public readonly privateLinkId: string;
  public readonly privateLinkServiceResourceId: string;
  /** INITIATING, AVAILABLE, FAILED or DELETING. */
  public readonly status: string;

  constructor(scope: Construct, id: string, props: AtlasPrivateLinkServiceProps) {
    super(scope, id);
    checkPropTypes('props', 'AtlasPrivateLinkServiceProps', props, {
      projectId: 'string',
      region: 'string',
      createTimeout: 'string',
      deleteTimeout: 'string',
      dependsOn: 'object[]',
    } satisfies Record<keyof AtlasPrivateLinkServiceProps, PropType>);
    checkProjectId('projectId', props.projectId);
    this.region = checkRegion('region', props.region);
    checkDuration('createTimeout', props.createTimeout);
    checkDuration('deleteTimeout', props.deleteTimeout);
    this.projectId = props.projectId;

    this.resource = new PrivatelinkEndpoint(this, 'Resource', {
      projectId: literal(props.projectId),
      providerName: 'AZURE',
      region: this.region.azure,
      timeouts: literalTimeouts(timeoutsBlock(props.createTimeout, props.deleteTimeout, '1h')),
      dependsOn: props.dependsOn,
    });
    this.privateLinkId = this.resource.privateLinkId;
    this.privateLinkServiceResourceId = this.resource.privateLinkServiceResourceId;
    this.status = this.resource.status;
  }

  // Read on demand: each attribute reference is a token, and most stacks never use these.
  public get privateLinkServiceName(): string {
    return this.resource.privateLinkServiceName;
  }

  public get errorMessage(): string {
    return this.resource.errorMessage;
  }
}
