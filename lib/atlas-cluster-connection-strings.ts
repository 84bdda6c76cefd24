import { Construct } from 'constructs';
import { ITerraformDependable, TerraformLocal } from 'cdktf';
import { DataMongodbatlasAdvancedCluster } from '@cdktf/provider-mongodbatlas/lib/data-mongodbatlas-advanced-cluster';
import { hcl, hclNumberList, hclValue } from './hcl';
import { literal } from './literal';
import { checkClusterName, checkProjectId, checkPropTypes, PropType, requireNonEmpty } from './validation';

/** Hostnames, ports and TXT value of one private endpoint, as Terraform expressions. */
export interface EndpointConnectionInfo {
  /** `mongodb://host:1024,host:1025,.../?ssl=true&authSource=admin&replicaSet=...` or "" */
  readonly connectionString: string;
  /** `mongodb+srv://cluster0-pl-0.<hash>.mongodb.net` or "" */
  readonly srvConnectionString: string;
  /** The SRV name without scheme, e.g. `cluster0-pl-0.<hash>.mongodb.net`, or "". */
  readonly srvHostname: string;
  /** Expression for the distinct hostnames in the standard string (one on Azure: `pl-0-<region>.<hash>.mongodb.net`). */
  readonly targetHostnamesExpression: string;
  /** The first (on Azure the only) target hostname, or "". */
  readonly targetHostname: string;
  /** One port per replica set member, e.g. 1024, 1025, 1026. */
  readonly ports: number[];
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
 * Reads the cluster (`mongodbatlas_advanced_cluster` data source) and derives, per private
 * endpoint, the names DNS needs from Atlas' own private-endpoint connection strings.
 * Atlas may publish them some time after the registration is AVAILABLE: every value is ""
 * (or an empty list) until then, and the DNS construct's preconditions say so.
 */
export class AtlasClusterConnectionStrings extends Construct {
  public readonly cluster: DataMongodbatlasAdvancedCluster;
  private readonly byKey = new Map<string, EndpointConnectionInfo>();

  constructor(scope: Construct, id: string, props: AtlasClusterConnectionStringsProps) {
    super(scope, id);
    checkPropTypes('props', 'AtlasClusterConnectionStringsProps', props, {
      projectId: 'string',
      clusterName: 'string',
      dependsOn: 'object[]',
    } satisfies Record<keyof AtlasClusterConnectionStringsProps, PropType>);
    checkProjectId('projectId', props.projectId);
    requireNonEmpty('clusterName', props.clusterName);
    checkClusterName('clusterName', props.clusterName);
    this.cluster = new DataMongodbatlasAdvancedCluster(this, 'Cluster', {
      projectId: literal(props.projectId),
      name: literal(props.clusterName),
      dependsOn: props.dependsOn,
    });
  }

  /** The connection details of the endpoint whose Azure ARM id is `privateEndpointId`. */
  public forEndpoint(key: string, privateEndpointId: string): EndpointConnectionInfo {
    const known = this.byKey.get(key);
    if (known) return known;
    const all = `try(${this.cluster.fqn}.connection_strings[0].private_endpoint, [])`;
    const match = new TerraformLocal(
      this,
      `Endpoint-${key}`,
      hcl(
        `one([for pe in ${all} : pe if contains([for e in pe.endpoints : lower(e.endpoint_id)], lower(${hclValue(privateEndpointId)}))])`,
      ),
    );
    const m = match.fqn;
    const hostPorts = `split(",", regex("^mongodb://([^/?]+)", ${m}.connection_string)[0])`;
    const info = new TerraformLocal(
      this,
      `Names-${key}`,
      hcl(
        '{ ' +
          [
            `connection_string = try(${m}.connection_string, "")`,
            `srv_connection_string = try(${m}.srv_connection_string, "")`,
            `srv_hostname = try(regex("^mongodb[+]srv://([^/?]+)", ${m}.srv_connection_string)[0], "")`,
            `target_hostnames = try(distinct([for hp in ${hostPorts} : split(":", hp)[0]]), [])`,
            `ports = try([for hp in ${hostPorts} : tonumber(split(":", hp)[1])], [])`,
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
      txtValue: hcl(`${i}.txt`),
    };
    this.byKey.set(key, result);
    return result;
  }
}
