/**
 * Which `azurerm` provider (hence which subscription) a part of the stack goes to. Azure creates
 * a private endpoint only in the subscription of its VNet (model §M9.1), so an endpoint given a
 * provider for another subscription is refused here, before Azure refuses it at apply.
 */
import { Construct } from 'constructs';
import { TerraformProvider, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { isToken, InvalidPropError } from './validation';

/** A provider prop must be an `azurerm` provider: a mongodbatlas one would create nothing Azure accepts. */
export function checkAzurermProvider(field: string, provider: TerraformProvider | undefined): void {
  if (provider === undefined) return;
  if (!(provider instanceof TerraformProvider) || provider.terraformResourceType !== 'azurerm') {
    const kind = provider instanceof TerraformProvider ? `a ${provider.terraformResourceType} provider` : 'not a TerraformProvider';
    throw new InvalidPropError(field, `must be an azurerm provider (AzurermProvider from @cdktf/provider-azurerm/lib/provider); got ${kind}`);
  }
}

/** The subscription of an ARM id (`/subscriptions/<id>/...`), lower case, or undefined for a token. */
export function subscriptionOf(armId: string | undefined): string | undefined {
  if (armId === undefined || isToken(armId)) return undefined;
  return /^\/subscriptions\/([^/]+)\//i.exec(armId)?.[1].toLowerCase();
}

/** The provider a resource without `provider` gets: the stack's azurerm provider without alias. */
function defaultProvider(scope: Construct): TerraformProvider | undefined {
  return TerraformStack.of(scope)
    .node.findAll()
    .find((c): c is TerraformProvider => c instanceof TerraformProvider && c.terraformResourceType === 'azurerm' && c.alias === undefined);
}

function describe(provider: TerraformProvider, given: boolean): string {
  const name = provider.alias === undefined ? 'azurerm' : `azurerm.${provider.alias}`;
  return given ? `the provider given (${name})` : `the stack's default provider (${name})`;
}

/**
 * Refuses a subnet in another subscription than the provider's, when both are literals (a provider
 * that takes its subscription from ARM_SUBSCRIPTION_ID cannot be checked at synth).
 */
export function checkSameSubscription(scope: Construct, subnetField: string, subnetId: string, providerField: string, provider: TerraformProvider | undefined): void {
  checkSubscription(scope, subnetField, subnetId, providerField, provider, {
    what: 'the subnet',
    verb: 'creates',
    why: "Azure creates a private endpoint only in its virtual network's subscription (model §M9.1)",
  });
}

/**
 * Refuses an existing private endpoint in another subscription than the provider that reads its
 * connection: `azurerm_private_endpoint_connection` looks only in its provider's subscription
 * (model §M7.4), so the read would fail with "was not found".
 */
export function checkEndpointSubscription(scope: Construct, idField: string, endpointId: string, providerField: string, provider: TerraformProvider | undefined): void {
  checkSubscription(scope, idField, endpointId, providerField, provider, {
    what: 'the private endpoint',
    verb: 'reads',
    why: 'the data source azurerm_private_endpoint_connection looks up an endpoint only in its provider\'s subscription (model §M7.4)',
  });
}

function checkSubscription(
  scope: Construct,
  idField: string,
  armId: string,
  providerField: string,
  provider: TerraformProvider | undefined,
  text: { what: string; verb: string; why: string },
): void {
  const wanted = subscriptionOf(armId);
  const used = provider ?? defaultProvider(scope);
  if (wanted === undefined || !(used instanceof AzurermProvider)) return;
  const configured = used.subscriptionId;
  if (configured === undefined || isToken(configured) || configured.toLowerCase() === wanted) return;
  throw new InvalidPropError(
    provider === undefined ? idField : providerField,
    `${text.what} is in subscription ${wanted} but ${describe(used, provider !== undefined)} ${text.verb} in subscription ${configured}: ` +
      `${text.why}; give this endpoint an azurerm provider whose subscription_id is ${wanted}`,
  );
}
