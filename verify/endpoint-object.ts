/**
 * The self-describing per-endpoint output `<prefix>_<key>_endpoint` (docs/verifier.md, "Outputs"):
 * an object holding the endpoint's key, region, private IP, SRV string, the host names that
 * must resolve to that IP and (stacks that create the endpoint) Azure's connection state. Every
 * field is checked and named when wrong.
 */
import { isDnsName } from './uri';
import type { EndpointOutputs } from './outputs';
import { OutputsError, kindOf } from './outputs-error';

export const ENDPOINT_KIND = 'atlas-azure-private-link-endpoint';
export const ENDPOINT_SUFFIX = '_endpoint';

export function readEndpointObject(name: string, stem: string, value: Record<string, unknown>): EndpointOutputs {
  const field = (key: string, allowEmpty: boolean): string => {
    const v = value[key];
    if (typeof v !== 'string' || (!allowEmpty && v === '')) throw new OutputsError(`${name}.${key} is ${v === '' ? 'empty' : kindOf(v)}; expected ${allowEmpty ? 'a string' : 'a non-empty string'}`);
    return v;
  };
  const hostsValue = value.hosts;
  if (!Array.isArray(hostsValue)) throw new OutputsError(`${name}.hosts is ${kindOf(hostsValue)}; expected a list of host names ([] until Atlas publishes them)`);
  const hosts = hostsValue.map((h, i) => {
    const host = typeof h === 'string' ? h.toLowerCase().replace(/\.$/, '') : '';
    if (!isDnsName(host)) throw new OutputsError(`${name}.hosts[${i}] is not a DNS host name; expected e.g. pl-0-eastus2.abc12.mongodb.net`);
    return host;
  });
  field('key', false);
  // Azure's connection state: in objects of stacks that created the endpoint, absent before.
  const optional = (key: string): string | undefined => (value[key] === undefined ? undefined : field(key, true));
  const connectionStatus = optional('connection_status');
  return {
    stem,
    region: field('region', false).toLowerCase(),
    privateIp: field('private_ip', false),
    privateIpSource: `${name}.private_ip`,
    privateEndpointId: typeof value.private_endpoint_id === 'string' ? value.private_endpoint_id : undefined,
    srvConnectionString: field('srv_connection_string', true),
    srvSource: `${name}.srv_connection_string`,
    hosts,
    connectionStatus,
    connectionSource: connectionStatus === undefined ? undefined : `${name}.connection_status`,
    connectionResponse: optional('connection_response'),
  };
}
