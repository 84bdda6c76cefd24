import { Construct } from 'constructs';
import { Precondition, TerraformLocal, TerraformResource } from 'cdktf';
import { DataMongodbatlasAdvancedCluster } from '@cdktf/provider-mongodbatlas/lib/data-mongodbatlas-advanced-cluster';
import { hcl, hclValue } from './hcl';
import { literal } from './literal';
import { RegionNames } from './regions';
import { checkClusterName, checkProjectId, checkRegion, InvalidPropError } from './validation';

export interface AtlasClusterPrerequisitesProps {
  /**
   * Atlas project id.
   * @example '64b7f2c1e4b0a1d2c3f4a5b6'
   */
  readonly projectId: string;
  /** Name of the Atlas cluster the endpoints serve. */
  readonly clusterName: string;
  /** The regions that get an endpoint, in Azure (`eastus2`) or Atlas (`US_EAST_2`) form. */
  readonly endpointRegions: string[];
}

/**
 * What Atlas needs before a private endpoint is worth creating, checked at plan time from a read
 * of the cluster that waits for nothing: the cluster exists (the read fails otherwise), it is
 * dedicated (M10 or larger; not M0/M2/M5, Flex or serverless), it has nodes on Azure, every
 * endpoint region has nodes, and every region with nodes has an endpoint (else Atlas never
 * publishes the private-endpoint connection string). Attach the checks to the first resources
 * created, with `attachTo`.
 */
export class AtlasClusterPrerequisites extends Construct {
  public readonly cluster: DataMongodbatlasAdvancedCluster;
  private readonly clusterName: string;
  private readonly regions: RegionNames[];
  private readonly facts: string;

  constructor(scope: Construct, id: string, props: AtlasClusterPrerequisitesProps) {
    super(scope, id);
    checkProjectId('projectId', props.projectId);
    checkClusterName('clusterName', props.clusterName);
    if (props.endpointRegions.length === 0) throw new InvalidPropError('endpointRegions', 'must list at least one region');
    this.regions = props.endpointRegions.map((r, i) => checkRegion(`endpointRegions[${i}]`, r));
    this.clusterName = props.clusterName;
    this.cluster = new DataMongodbatlasAdvancedCluster(this, 'Cluster', { projectId: literal(props.projectId), name: literal(props.clusterName) });
    const configs = `flatten([for s in ${this.cluster.fqn}.replication_specs : s.region_configs])`;
    // electable_specs is a list of one in mongodbatlas 1.x and an object in 2.x (model §M11): read
    // through the iteration variable r, so the wrong form is an evaluation error try() catches (on the
    // data source itself Terraform would reject it against the schema before evaluating). It is
    // null (2.x) or empty (1.x) in a region without electable nodes. Any other shape fails loudly
    // rather than reading as "not shared".
    const spec = 'try(r.electable_specs[0].instance_size, r.electable_specs.instance_size)';
    const size = `(r.electable_specs == null ? "" : try(length(r.electable_specs) == 0, false) ? "" : ${spec} == null ? "" : ${spec})`;
    const shared = `[for r in ${configs} : r if contains(["TENANT", "FLEX", "SERVERLESS"], r.provider_name) || contains(["M0", "M2", "M5"], ${size})]`;
    const endpointRegions = `[${[...new Set(this.regions.map((r) => hclValue(r.atlas)))].join(', ')}]`;
    const local = new TerraformLocal(
      this,
      'Facts',
      hcl(
        `{ azure_regions = toset([for r in ${configs} : r.region_name if r.provider_name == "AZURE"]), ` +
          `shared = length(${shared}) > 0, ` +
          `cluster_type = ${this.cluster.fqn}.cluster_type == null ? "" : ${this.cluster.fqn}.cluster_type, ` +
          `without_endpoint = sort(tolist(setsubtract(toset([for r in ${configs} : r.region_name if r.provider_name == "AZURE"]), ${endpointRegions}))) }`,
      ),
    );
    this.facts = local.fqn;
  }

  /** The checks of the cluster as a whole, and of `region` (an endpoint region) in particular. */
  public conditions(region: string, clusterWide: boolean): Precondition[] {
    const r = checkRegion('region', region);
    const cluster = `Cluster ${this.clusterName}`;
    const own: Precondition = {
      condition: hcl(`contains(${this.facts}.azure_regions, ${hclValue(r.atlas)})`),
      errorMessage: literal(
        `${cluster} has no nodes in ${r.atlas} (${r.azure}), where an endpoint is configured: a private endpoint reaches only the nodes of its own region. Add ${r.azure} to the cluster, or remove the endpoint.`,
      ),
    };
    if (!clusterWide) return [own];
    const covered = [...new Set(this.regions.map((x) => x.atlas))].join(', ');
    return [
      {
        condition: hcl(`!${this.facts}.shared`),
        errorMessage: literal(
          `${cluster} is a shared-tier (M0, M2, M5), Flex or serverless cluster: Azure Private Link needs a dedicated cluster (M10 or larger). Upgrade the cluster, then apply again.`,
        ),
      },
      {
        condition: hcl(`length(${this.facts}.azure_regions) > 0`),
        errorMessage: literal(`${cluster} has no nodes on Azure: Azure private endpoints reach Azure nodes only. Add an Azure region to the cluster.`),
      },
      own,
      {
        condition: hcl(`length(${this.facts}.without_endpoint) == 0`),
        errorMessage: hcl(
          `"${escapeForTemplate(cluster)} has nodes in $\{join(", ", ${this.facts}.without_endpoint)}, which no endpoint covers (the endpoints cover ${escapeForTemplate(covered)}): ` +
            'Atlas publishes no private-endpoint connection string until every region with nodes has an endpoint. Add an endpoint in each of those regions."',
        ),
      },
    ];
  }

  /**
   * Regional mode is for sharded clusters: Atlas turns it on only in a project without replica
   * sets (model §M1.2). Attach these to the regional-mode resource itself, so they run before it
   * is created (`attachRegionalModeChecksTo`).
   */
  public regionalModeConditions(): Precondition[] {
    return [
      {
        condition: hcl(`${this.facts}.cluster_type != "REPLICASET"`),
        errorMessage: literal(
          `Cluster ${this.clusterName} is a replica set (cluster_type REPLICASET): regional mode (regionalMode: true) is for multi-region and global ` +
            'sharded clusters, and Atlas enables it only in a project without replica sets. A multi-region replica set needs one endpoint per ' +
            'region with nodes and no regional mode: remove regionalMode.',
        ),
      },
    ];
  }

  /** Adds the checks to a resource's lifecycle preconditions, keeping those it has. */
  public attachTo(resource: TerraformResource, region: string, clusterWide: boolean): void {
    addPreconditions(resource, this.conditions(region, clusterWide));
  }

  /** Adds the regional-mode checks (`regionalModeConditions`) to the regional-mode resource. */
  public attachRegionalModeChecksTo(resource: TerraformResource): void {
    addPreconditions(resource, this.regionalModeConditions());
  }
}

/** Appends preconditions to a resource's lifecycle, keeping those it has. */
function addPreconditions(resource: TerraformResource, conditions: Precondition[]): void {
  const lifecycle = resource.lifecycle ?? {};
  resource.lifecycle = { ...lifecycle, precondition: [...(lifecycle.precondition ?? []), ...conditions] };
}

/** Text inside an HCL template string: quotes and backslashes escaped, template sequences doubled. */
function escapeForTemplate(text: string): string {
  return text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}
