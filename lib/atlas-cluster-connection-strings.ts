import { Construct } from 'constructs';
import { ITerraformDependable, TerraformLocal } from 'cdktf';
import { DataMongodbatlasAdvancedCluster } from '@cdktf/provider-mongodbatlas/lib/data-mongodbatlas-advanced-cluster';
import { hcl, hclNumberList, hclValue } from './hcl';
import { literal } from './literal';
import { checkRegion, checkClusterName, checkProjectId, requireNonEmpty } from './validation';

/** Hostnames, ports and TXT value of one private endpoint, as Terraform expressions. */
export interface EndpointConnectionInfo {
  /** `mongodb://host:1024,host:1025,.../?ssl=true&authSource=admin&replicaSet=...` or "" */
  readonly connectionString: string;
  /** `mongodb+srv://cluster0-pl-0.<hash>.mongodb.net` or "" */
  readonly srvConnectionString: string;
  /** The SRV name without scheme, e.g. `cluster0-pl-0.<hash>.mongodb.net`, or "". */
  readonly srvHostname: string;
  /**
   * Expression for this endpoint's hosts: the distinct hosts of ITS OWN REGION in the string
   * (model §M6.1). One on Azure (`pl-0-<region>.<hash>.mongodb.net`); a multi-region string
   * (model §M3.3) also names other regions' hosts, which belong to their own endpoints.
   */
  readonly targetHostnamesExpression: string;
  /** The first (on Azure the only) host of the endpoint's region, or "". */
  readonly targetHostname: string;
  /** Ports of the endpoint's own hosts: one per member or mongos in its region, e.g. 1024, 1025, 1026. */
  readonly ports: number[];
  /**
   * Expression for every `{ host, port }` pair of the string, all regions (the SRV record of the
   * string lists them all, model §M6.2).
   */
  readonly targetsExpression: string;
  /** Expression for every distinct host of the string, all regions. */
  readonly allHostnamesExpression: string;
  /** The TXT record value: only authSource, replicaSet and loadBalanced, e.g. `authSource=admin&replicaSet=atlas-x-shard-0`. */
  readonly txtValue: string;
}

export interface AtlasClusterConnectionStringsProps {
  /**
   * Atlas project id.
   * @example '64b7f2c1e4b0a1d2c3f4a5b6'
   */
  readonly projectId: string;
  /** Name of the Atlas cluster the endpoints serve. */
  readonly clusterName: string;
  /**
   * Resources the read must wait for: the registrations, so that it runs during apply, after
   * Atlas knows the endpoints.
   * @default - read at plan time
   */
  readonly dependsOn?: ITerraformDependable[];
}

const TXT_KEYS = '["authSource", "replicaSet", "loadBalanced"]';

/**
 * The cluster's `connection_strings.private_endpoint` list, on both provider majors (model §M11):
 * mongodbatlas 1.x has `connection_strings` as a list of one object (`[0].private_endpoint`),
 * 2.x as one object (`.private_endpoint`). null or an empty list means "not published" (`[]`);
 * any other shape fails the run with Terraform's own error instead of quietly reading `[]`.
 * `connectionStrings` must be a LOCAL holding the attribute, not the data source attribute
 * itself: Terraform checks every traversal of a data source reference against the provider's
 * schema before evaluating anything (try() cannot catch that), so the 2.x form written on the data
 * source fails on 1.x, and the other way round. On a local, the wrong form is an evaluation error
 * that try() catches.
 */
function privateEndpointList(connectionStrings: string): string {
  const cs = connectionStrings;
  const list = `try(${cs}[0].private_endpoint, ${cs}.private_endpoint)`;
  return `(${cs} == null ? [] : try(length(${cs}) == 0, false) ? [] : ${list} == null ? [] : ${list})`;
}

/**
 * Reads the cluster (`mongodbatlas_advanced_cluster` data source) and derives, per private
 * endpoint, the names DNS needs from Atlas' own private-endpoint connection strings.
 * Atlas may publish them some time after the registration is AVAILABLE (model §M5.1): every
 * value is "" (or an empty list) until then, and the DNS construct's preconditions say so.
 */
export class AtlasClusterConnectionStrings extends Construct {
  public readonly cluster: DataMongodbatlasAdvancedCluster;
  private readonly byKey = new Map<string, EndpointConnectionInfo>();
  private readonly all: TerraformLocal;

  constructor(scope: Construct, id: string, props: AtlasClusterConnectionStringsProps) {
    super(scope, id);
    checkProjectId('projectId', props.projectId);
    requireNonEmpty('clusterName', props.clusterName);
    checkClusterName('clusterName', props.clusterName);
    this.cluster = new DataMongodbatlasAdvancedCluster(this, 'Cluster', {
      projectId: literal(props.projectId),
      name: literal(props.clusterName),
      dependsOn: props.dependsOn,
    });
    // The attribute as a whole is valid in both majors' schemas; its shape is read from a local.
    const connectionStrings = new TerraformLocal(this, 'ConnectionStrings', hcl(`${this.cluster.fqn}.connection_strings`));
    this.all = new TerraformLocal(this, 'PrivateEndpoints', hcl(privateEndpointList(connectionStrings.fqn)));
  }

  /**
   * The connection details of the endpoint whose Azure ARM id is `privateEndpointId`: the entry
   * that lists it (model §M5.2), and of its hosts those of `region` (model §M4.3, §M6.1).
   * @param region the endpoint's region (`eastus2` or `US_EAST_2`); without it the endpoint owns every host of its string
   */
  public forEndpoint(key: string, privateEndpointId: string, region?: string): EndpointConnectionInfo {
    const known = this.byKey.get(key);
    if (known) return known;
    const azure = region === undefined ? undefined : checkRegion('region', region).azure;
    const match = new TerraformLocal(
      this,
      `Endpoint-${key}`,
      hcl(
        `one([for pe in ${this.all.fqn} : pe if contains([for e in (pe.endpoints == null ? [] : pe.endpoints) : lower(e.endpoint_id)], lower(${hclValue(privateEndpointId)}))])`,
      ),
    );
    const m = match.fqn;
    const targets = new TerraformLocal(
      this,
      `Targets-${key}`,
      hcl(`try([for hp in split(",", regex("^mongodb://([^/?]+)", ${m}.connection_string)[0]) : { host = lower(split(":", hp)[0]), port = tonumber(split(":", hp)[1]) }], [])`),
    );
    const t = targets.fqn;
    const hosts = `distinct([for x in ${t} : x.host])`;
    // A host belongs to the region named in its first label, `pl-<n>-<region>[-<suffix>]` (model
    // §M4.3); a string with a single host belongs to its endpoint whatever the label says.
    const own = azure === undefined
      ? hosts
      : `[for h in ${hosts} : h if length(${hosts}) == 1 || can(regex("^pl-[0-9]+-${azure}(-[a-z0-9]+)?[.]", h))]`;
    const info = new TerraformLocal(
      this,
      `Names-${key}`,
      hcl(
        '{ ' +
          [
            `connection_string = try(${m}.connection_string, "")`,
            `srv_connection_string = try(${m}.srv_connection_string, "")`,
            `srv_hostname = try(regex("^mongodb[+]srv://([^/?]+)", ${m}.srv_connection_string)[0], "")`,
            `all_hostnames = ${hosts}`,
            `target_hostnames = ${own}`,
            `ports = [for x in ${t} : x.port if contains(${own}, x.host)]`,
            `txt = try(join("&", [for kv in split("&", regex("[?]([^#]*)$", ${m}.connection_string)[0]) : kv if contains(${TXT_KEYS}, split("=", kv)[0])]), "")`,
          ].join(', ') +
          ' }',
      ),
    );
    const i = info.fqn;
    const result: EndpointConnectionInfo = {
      connectionString: hcl(`${i}.connection_string`),
      srvConnectionString: hcl(`${i}.srv_connection_string`),
      srvHostname: hcl(`${i}.srv_hostname`),
      targetHostnamesExpression: hcl(`${i}.target_hostnames`),
      targetHostname: hcl(`try(${i}.target_hostnames[0], "")`),
      ports: hclNumberList(`${i}.ports`),
      targetsExpression: hcl(t),
      allHostnamesExpression: hcl(`${i}.all_hostnames`),
      txtValue: hcl(`${i}.txt`),
    };
    this.byKey.set(key, result);
    return result;
  }
}
