/**
 * Who needs which rights where: per subscription and resource group, read from the synthesized
 * stack (each resource's provider block names its subscription), so a landing-zone bundle tells
 * the spoke and hub owners exactly what to grant. Roles and actions: README "Permissions" and
 * its sources (Azure RBAC permissions for Private Link; built-in role definitions).
 */
import { providerSubscription } from './imports';
import { TfJson } from './tf-json';

const ENV_SUBSCRIPTION = 'the subscription of `ARM_SUBSCRIPTION_ID`';

interface Grant {
  readonly scope: string;
  readonly right: string;
  readonly why: string;
}

const literal = (v: unknown) => (typeof v === 'string' && !v.includes('${') ? v : undefined);

/** `/subscriptions/<s>/resourceGroups/<g>/...` as "subscription `<s>`, group `<g>`, <rest>". */
function armScope(id: string): string {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/(.+)$/i.exec(id);
  return m ? `subscription \`${m[1]}\`, resource group \`${m[2]}\`, \`${m[3]}\`` : `\`${id}\``;
}

function groupScope(json: TfJson, body: Record<string, unknown>): string {
  const sub = providerSubscription(json, body.provider);
  const group = literal(body.resource_group_name) ?? '(from a reference)';
  return `${sub === undefined ? ENV_SUBSCRIPTION : `subscription \`${sub}\``}, resource group \`${group}\``;
}

export function rightsRows(json: TfJson): Grant[] {
  const grants: Grant[] = [];
  const each = (type: string, f: (body: Record<string, unknown>) => void) => Object.values(json.resource?.[type] ?? {}).forEach(f);
  // The connection state is read back through the endpoint's own provider (model §M7.1): `privateEndpoints/read`, in the role already needed.
  const reads = Object.values(json.data?.azurerm_private_endpoint_connection ?? {}).map((d) => String((d as Record<string, unknown>).name ?? ''));
  Object.entries(json.resource?.azurerm_private_endpoint ?? {}).forEach(([id, b]) => {
    const readBack = reads.some((name) => name.includes(`azurerm_private_endpoint.${id}.`)) ? ' and reading its connection state back (`azurerm_private_endpoint_connection`: `privateEndpoints/read`)' : '';
    grants.push({ scope: groupScope(json, b), right: '**Network Contributor** (or `Microsoft.Network/privateEndpoints/*`)', why: `private endpoint \`${literal(b.name) ?? '?'}\`${readBack}` });
    const subnet = literal(b.subnet_id);
    if (subnet) grants.push({ scope: armScope(subnet), right: '`Microsoft.Network/virtualNetworks/subnets/join/action` (e.g. Network Contributor on the subnet or VNet)', why: 'place the endpoint in the subnet' });
  });
  // An endpoint brought in by id is read by the literal names of its id, through the provider of
  // its subscription (model §M7.4): read access to its group is the only Azure right it needs.
  Object.values(json.data?.azurerm_private_endpoint_connection ?? {}).forEach((d) => {
    const b = d as Record<string, unknown>;
    const name = literal(b.name);
    if (name === undefined) return;
    grants.push({
      scope: groupScope(json, b),
      right: '`Microsoft.Network/privateEndpoints/read` (e.g. **Reader** on the group)',
      why: `read the connection state of private endpoint \`${name}\`, brought in by id (\`azurerm_private_endpoint_connection\`)`,
    });
  });
  for (const type of ['azurerm_private_dns_zone', 'azurerm_private_dns_a_record', 'azurerm_private_dns_srv_record', 'azurerm_private_dns_txt_record', 'azurerm_private_dns_zone_virtual_network_link']) {
    each(type, (b) => grants.push({ scope: groupScope(json, b), right: '**Private DNS Zone Contributor**', why: 'Private DNS zones, records and VNet links' }));
  }
  each('azurerm_private_dns_zone_virtual_network_link', (b) => {
    const vnet = literal(b.virtual_network_id);
    if (vnet) grants.push({ scope: armScope(vnet), right: '`Microsoft.Network/virtualNetworks/join/action` (e.g. Network Contributor on the VNet)', why: 'link the zones to this VNet' });
  });
  each('azurerm_private_dns_resolver', (b) => {
    grants.push({ scope: groupScope(json, b), right: '**Network Contributor** (or `Microsoft.Network/dnsResolvers/*`)', why: 'the DNS Private Resolver and its inbound endpoint' });
    const vnet = literal(b.virtual_network_id);
    if (vnet) grants.push({ scope: armScope(vnet), right: '`Microsoft.Network/virtualNetworks/join/action` and `.../subnets/join/action` on the inbound subnet', why: 'the resolver in its VNet' });
  });
  if (Object.keys(json.resource?.mongodbatlas_privatelink_endpoint ?? {}).length + Object.keys(json.resource?.mongodbatlas_privatelink_endpoint_service ?? {}).length > 0) {
    grants.push({ scope: 'Atlas project', right: '**Project Owner**, which covers every call this bundle makes (Atlas\' docs also name Project Network Access Manager for private endpoints)', why: 'private link services and endpoint registrations' });
  }
  // One row per (scope, right): the same group's records and zones need the role once.
  const seen = new Map<string, Grant>();
  for (const g of grants) {
    const key = `${g.scope}|${g.right}`;
    const prior = seen.get(key);
    if (!prior) seen.set(key, g);
    else if (!prior.why.split('; ').includes(g.why)) seen.set(key, { ...prior, why: `${prior.why}; ${g.why}` });
  }
  return [...seen.values()];
}

/** The README section: provider blocks (aliases and subscriptions), then the grants. */
export function rightsText(json: TfJson): string[] {
  const blocks = ((json.provider as Record<string, unknown> | undefined)?.azurerm ?? []) as Record<string, unknown>[];
  const list = Array.isArray(blocks) ? blocks : [blocks];
  const lines = [
    'The `azurerm` provider blocks of this bundle (credentials for all of them come from the same `ARM_*` variables; a block that names `subscription_id` ignores `ARM_SUBSCRIPTION_ID`):',
    '',
    '| provider | subscription |',
    '| --- | --- |',
    ...list.map((b) => `| \`${typeof b.alias === 'string' ? `azurerm.${b.alias}` : 'azurerm'}\` | ${literal(b.subscription_id) ? `\`${b.subscription_id}\`` : '`ARM_SUBSCRIPTION_ID`'} |`),
    '',
    'The identity that applies needs, at each scope:',
    '',
    '| where | right | for |',
    '| --- | --- | --- |',
    ...rightsRows(json).map((g) => `| ${g.scope} | ${g.right} | ${g.why} |`),
  ];
  return lines;
}
