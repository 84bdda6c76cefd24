/**
 * Landing zones: which `azurerm` provider blocks the example app declares, and which one each
 * endpoint gets. Azure creates a private endpoint only in its VNet's subscription (model §M9.1),
 * so each subnet's subscription gets a provider (an endpoint brought in by id: its own
 * subscription's, which reads its connection state, model §M7.4); the DNS objects go to `dns.subscriptionId`
 * (model §M9.5: zones may be linked to VNets of other subscriptions). Only ids are written;
 * credentials stay in ARM_* variables.
 */
import { subscriptionOf } from '../lib/azurerm-provider';
import type { AppConfig } from './config';

export interface AzurermProviderPlan {
  /** Construct id and alias (undefined for the default provider). */
  readonly alias?: string;
  /** The subscription it names, or undefined to leave it to ARM_SUBSCRIPTION_ID. */
  readonly subscriptionId?: string;
}

export interface SubscriptionPlan {
  /** The default provider first, then one alias per spoke subscription. */
  readonly providers: AzurermProviderPlan[];
  /** Per endpoint: the alias of its provider, or undefined for the default one. */
  readonly endpointAliases: (string | undefined)[];
}

/** A subscription's alias: its id, so that the bundle names it plainly (`sub_<id with _>`). */
export function aliasFor(subscriptionId: string): string {
  return `sub_${subscriptionId.toLowerCase().replace(/-/g, '_')}`;
}

/**
 * Without `dns.subscriptionId` and with every subnet in one subscription, one default provider as
 * before (its subscription from ARM_SUBSCRIPTION_ID). Otherwise the default provider names the DNS
 * subscription and every other subnet subscription gets its own alias; returns a problem as
 * `[field, detail]` when the config cannot say where DNS goes.
 */
export function planSubscriptions(config: AppConfig): SubscriptionPlan | [string, string] {
  // An endpoint brought in by id gets the provider of its own subscription: it reads the
  // endpoint's connection state, which azurerm looks up only there (model §M7.4).
  const subnetSubscriptions = config.endpoints.map((e) => subscriptionOf(e.subnetId ?? e.existingPrivateEndpointId));
  const distinct = [...new Set(subnetSubscriptions.filter((s): s is string => s !== undefined))];
  const hub = config.dns.subscriptionId?.toLowerCase();
  if (hub === undefined) {
    if (distinct.length > 1) {
      return [
        'dns.subscriptionId',
        `is required when the endpoints' subnets (or endpoints brought in by id) are in several subscriptions (${distinct.join(', ')}): ` +
          'it names the subscription of the DNS zones, records and VNet links (e.g. the hub\'s), with dns.resourceGroupName',
      ];
    }
    return { providers: [{}], endpointAliases: config.endpoints.map(() => undefined) };
  }
  const spokes = distinct.filter((s) => s !== hub);
  return {
    providers: [{ subscriptionId: hub }, ...spokes.map((s) => ({ alias: aliasFor(s), subscriptionId: s }))],
    endpointAliases: subnetSubscriptions.map((s) => (s === undefined || s === hub ? undefined : aliasFor(s))),
  };
}
