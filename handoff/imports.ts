/**
 * The ids each resource of a stack imports by, for adopting resources that already exist
 * (`terraform import <address> <id>`). Values the synthesized JSON cannot know (an Atlas id, the
 * Azure subscription, a name Atlas derives) are written as `<placeholders>`; given the real
 * attribute values (from `terraform show -json` of the stack that made them), the same formats
 * give the exact ids.
 */

/** Reads an attribute; undefined where the value is not a literal. */
export type Attrs = (name: string) => string | undefined;

const arm = (sub: string, group: string, rest: string) => `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.Network/${rest}`;
const RECORDS: Record<string, string> = {
  azurerm_private_dns_a_record: 'A',
  azurerm_private_dns_srv_record: 'SRV',
  azurerm_private_dns_txt_record: 'TXT',
};

/** The import id of one resource; `sub` is the Azure subscription of the provider. */
export function importId(type: string, a: Attrs, sub: string): string | undefined {
  const v = (name: string) => a(name) ?? `<${name}>`;
  switch (type) {
    case 'mongodbatlas_privatelink_endpoint':
      return `${v('project_id')}-${v('private_link_id')}-AZURE-${v('region')}`;
    case 'mongodbatlas_privatelink_endpoint_service':
      return `${v('project_id')}--${v('private_link_id')}--${a('endpoint_service_id') ?? '<private_endpoint_id>'}--AZURE`;
    case 'mongodbatlas_private_endpoint_regional_mode':
      return v('project_id');
    case 'azurerm_private_endpoint':
      return arm(sub, v('resource_group_name'), `privateEndpoints/${v('name')}`);
    case 'azurerm_private_dns_zone':
      return arm(sub, v('resource_group_name'), `privateDnsZones/${v('name')}`);
    case 'azurerm_private_dns_resolver':
      return arm(sub, v('resource_group_name'), `dnsResolvers/${v('name')}`);
    case 'azurerm_private_dns_resolver_inbound_endpoint':
      return `${a('private_dns_resolver_id') ?? arm(sub, '<resource_group_name>', 'dnsResolvers/<resolver_name>')}/inboundEndpoints/${v('name')}`;
    case 'azurerm_private_dns_zone_virtual_network_link':
      return arm(sub, v('resource_group_name'), `privateDnsZones/${v('private_dns_zone_name')}/virtualNetworkLinks/${v('name')}`);
  }
  if (RECORDS[type]) return arm(sub, v('resource_group_name'), `privateDnsZones/${v('zone_name')}/${RECORDS[type]}/${v('name')}`);
  return undefined;
}

export interface ImportRow {
  readonly address: string;
  readonly id: string;
}

/** The subscription an azurerm provider block names (`azurerm` or `azurerm.<alias>`), when literal. */
export function providerSubscription(json: { readonly [key: string]: unknown }, ref: unknown): string | undefined {
  const alias = typeof ref === 'string' && ref.startsWith('azurerm.') ? ref.slice('azurerm.'.length) : undefined;
  const blocks = ((json.provider as Record<string, unknown> | undefined)?.azurerm ?? []) as Record<string, unknown>[];
  const block = (Array.isArray(blocks) ? blocks : [blocks]).find((b) => b.alias === alias);
  const sub = block?.subscription_id;
  return typeof sub === 'string' && !sub.includes('${') ? sub : undefined;
}

/**
 * One row per resource of a synthesized stack (`cdk.tf.json`), in the JSON's order; an Azure id
 * names the subscription of the resource's provider block when the block names one.
 */
export function importRows(json: { resource?: Record<string, Record<string, Record<string, unknown>>>; [key: string]: unknown }): ImportRow[] {
  const rows: ImportRow[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const literal: Attrs = (attr) => {
        const value = body[attr];
        return typeof value === 'string' && !value.includes('${') ? value : undefined;
      };
      const id = importId(type, literal, providerSubscription(json, body.provider) ?? '<subscription_id>');
      if (id !== undefined) rows.push({ address: `${type}.${name}`, id });
    }
  }
  return rows;
}
