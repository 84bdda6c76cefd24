import { Token, Tokenization } from 'cdktf';
import { AtlasClusterConnectionStrings } from './atlas-cluster-connection-strings';
import { hcl, hclValue } from './hcl';
import { shown } from './text';
import { checkHostname, checkPort, checkVisible, InvalidPropError, isToken } from './validation';

/** The names one endpoint publishes: literal strings (explicit) or Terraform expressions (from Atlas). */
export interface DnsNames {
  readonly explicit: boolean;
  /** The endpoint's own host (the one of its region, model §M6.1). */
  readonly targetHostname: string;
  /** Expression (or literal) for how many distinct hosts of the endpoint's region Atlas lists: must be 1. */
  readonly targetHostnameCount: string;
  /** HCL expression for every distinct host of the endpoint's string, all regions (for messages). */
  readonly allHostnamesHcl: string;
  readonly srvHostname: string;
  readonly ports: number[];
  /** HCL expression for the `{ host, port }` targets of the endpoint's SRV record: every member of its string (model §M6.2). */
  readonly srvTargetsHcl: string;
  readonly txtValue: string;
}

/** What a DNS endpoint entry may carry; matches PrivateDnsEndpoint without importing it (no cycle). */
interface EndpointNameSource {
  readonly key: string;
  readonly region?: string;
  readonly privateEndpointId?: string;
  readonly targetHostname?: string;
  readonly srvHostname?: string;
  readonly ports?: number[];
  readonly txtValue?: string;
}

const TXT_VALUE = /^(?:(?:authSource|replicaSet|loadBalanced)=[^&=\s]+)(?:&(?:authSource|replicaSet|loadBalanced)=[^&=\s]+)*$/;

/**
 * Explicit names when the entry has them, Atlas-derived expressions otherwise.
 * `withSrv` asks for SRV host, ports and TXT too (cluster-zone).
 */
export function dnsNamesFor(
  e: EndpointNameSource,
  field: string,
  withSrv: boolean,
  connectionStrings: AtlasClusterConnectionStrings | undefined,
): DnsNames {
  const explicitFields = (['targetHostname', 'srvHostname', 'ports', 'txtValue'] as const).filter((f) => e[f] !== undefined);
  if (explicitFields.length > 0) return explicitNames(e, field, withSrv);
  if (!connectionStrings) {
    throw new InvalidPropError(
      `${field}.targetHostname`,
      'is required when no cluster is given to read names from (set clusterName, or give targetHostname' +
        (withSrv ? ', srvHostname, ports and txtValue)' : ')'),
    );
  }
  if (e.privateEndpointId === undefined) {
    throw new InvalidPropError(`${field}.privateEndpointId`, 'is required to find this endpoint in the cluster connection strings');
  }
  const info = connectionStrings.forEndpoint(e.key, e.privateEndpointId, e.region);
  return {
    explicit: false,
    targetHostname: info.targetHostname,
    targetHostnameCount: hcl(`length(${hclValue(info.targetHostnamesExpression)})`),
    allHostnamesHcl: hclValue(info.allHostnamesExpression),
    srvHostname: info.srvHostname,
    ports: info.ports,
    srvTargetsHcl: hclValue(info.targetsExpression),
    txtValue: info.txtValue,
  };
}

function explicitNames(e: EndpointNameSource, field: string, withSrv: boolean): DnsNames {
  if (e.targetHostname === undefined) {
    throw new InvalidPropError(`${field}.targetHostname`, 'is required when any explicit DNS name is given');
  }
  if (withSrv) {
    for (const f of ['srvHostname', 'ports', 'txtValue'] as const) {
      if (e[f] === undefined) {
        throw new InvalidPropError(
          `${field}.${f}`,
          'is required with explicit names for the cluster-zone strategy (targetHostname, srvHostname, ports, txtValue)',
        );
      }
    }
    if (!isToken(e.ports) && (e.ports ?? []).length === 0) {
      throw new InvalidPropError(`${field}.ports`, 'must list at least one port (e.g. [1024, 1025, 1026])');
    }
  }
  const ports = e.ports ?? [];
  const target = hclValue(e.targetHostname);
  return {
    explicit: true,
    targetHostname: e.targetHostname,
    targetHostnameCount: '1',
    allHostnamesHcl: `[${target}]`,
    srvHostname: e.srvHostname ?? '',
    ports,
    srvTargetsHcl: isToken(ports) ? `[for p in ${hclValue(Token.asString(Tokenization.reverseNumberList(ports)))} : { host = ${target}, port = p }]` : `[${ports.map((p) => `{ host = ${target}, port = ${p} }`).join(', ')}]`,
    txtValue: e.txtValue ?? '',
  };
}

/** Whatever the strategy: the forms of the explicit names an endpoint carries. */
export function checkEndpointNames(e: EndpointNameSource, field: string): void {
  checkHostname(`${field}.targetHostname`, e.targetHostname);
  checkHostname(`${field}.srvHostname`, e.srvHostname);
  if (e.ports !== undefined && !isToken(e.ports)) e.ports.forEach((p, i) => checkPort(`${field}.ports[${i}]`, p));
  if (e.txtValue !== undefined) {
    checkVisible(`${field}.txtValue`, e.txtValue);
    if (!isToken(e.txtValue) && !TXT_VALUE.test(e.txtValue)) {
      throw new InvalidPropError(
        `${field}.txtValue`,
        `${shown(e.txtValue)} must hold only authSource, replicaSet and loadBalanced, e.g. authSource=admin&replicaSet=atlas-x7k2qp-shard-0`,
      );
    }
  }
}

const KEY = /^[A-Za-z0-9]([A-Za-z0-9_-]{0,38}[A-Za-z0-9])?$/;

/** Keys name construct ids and appear in error messages: short, literal and unique. */
export function checkEndpointKeys(endpoints: readonly { key: string }[]): void {
  endpoints.forEach((e, i) => {
    if (typeof e.key !== 'string' || isToken(e.key) || !KEY.test(e.key)) {
      throw new InvalidPropError(`endpoints[${i}].key`, `${shown(e.key)} must be 1-40 letters, digits, '_' or '-' (e.g. the Azure region, eastus2)`);
    }
    if (endpoints.findIndex((other) => other.key === e.key) !== i) {
      throw new InvalidPropError(`endpoints[${i}].key`, `${shown(e.key)} is used by another endpoint; keys must be unique`);
    }
  });
}

/** `cluster0-pl-0.abc12.mongodb.net` -> `abc12.mongodb.net` */
export function parentDomain(host: string): string {
  if (!isToken(host)) return host.split('.').slice(1).join('.');
  return hcl(`try(regex("^[^.]+[.](.+)$", ${host})[0], "")`);
}

/** `pl-0-eastus2.abc12.mongodb.net` in zone `abc12.mongodb.net` -> `pl-0-eastus2` */
export function relativeName(host: string, zone: string): string {
  if (!isToken(host) && !isToken(zone)) return host.slice(0, host.length - zone.length - 1);
  return hcl(`trimsuffix(${hclValue(host)}, format(".%s", ${hclValue(zone)}))`);
}
