/**
 * Azure regions where Atlas offers Azure Private Link, keyed by the Azure name
 * (`eastus2`), valued by the Atlas name (`US_EAST_2`).
 */
export const AZURE_TO_ATLAS_REGION: Readonly<Record<string, string>> = {
  australiacentral: 'AUSTRALIA_CENTRAL',
  australiacentral2: 'AUSTRALIA_CENTRAL_2',
  australiaeast: 'AUSTRALIA_EAST',
  australiasoutheast: 'AUSTRALIA_SOUTH_EAST',
  brazilsouth: 'BRAZIL_SOUTH',
  brazilsoutheast: 'BRAZIL_SOUTHEAST',
  canadacentral: 'CANADA_CENTRAL',
  canadaeast: 'CANADA_EAST',
  centralindia: 'INDIA_CENTRAL',
  centralus: 'US_CENTRAL',
  eastasia: 'ASIA_EAST',
  eastus: 'US_EAST',
  eastus2: 'US_EAST_2',
  francecentral: 'FRANCE_CENTRAL',
  francesouth: 'FRANCE_SOUTH',
  germanynorth: 'GERMANY_NORTH',
  germanywestcentral: 'GERMANY_WEST_CENTRAL',
  israelcentral: 'ISRAEL_CENTRAL',
  italynorth: 'ITALY_NORTH',
  japaneast: 'JAPAN_EAST',
  japanwest: 'JAPAN_WEST',
  koreacentral: 'KOREA_CENTRAL',
  koreasouth: 'KOREA_SOUTH',
  mexicocentral: 'MEXICO_CENTRAL',
  northcentralus: 'US_NORTH_CENTRAL',
  northeurope: 'EUROPE_NORTH',
  norwayeast: 'NORWAY_EAST',
  norwaywest: 'NORWAY_WEST',
  polandcentral: 'POLAND_CENTRAL',
  qatarcentral: 'QATAR_CENTRAL',
  southafricanorth: 'SOUTH_AFRICA_NORTH',
  southafricawest: 'SOUTH_AFRICA_WEST',
  southcentralus: 'US_SOUTH_CENTRAL',
  southeastasia: 'ASIA_SOUTH_EAST',
  southindia: 'INDIA_SOUTH',
  spaincentral: 'SPAIN_CENTRAL',
  swedencentral: 'SWEDEN_CENTRAL',
  swedensouth: 'SWEDEN_SOUTH',
  switzerlandnorth: 'SWITZERLAND_NORTH',
  switzerlandwest: 'SWITZERLAND_WEST',
  uaecentral: 'UAE_CENTRAL',
  uaenorth: 'UAE_NORTH',
  uksouth: 'UK_SOUTH',
  ukwest: 'UK_WEST',
  westcentralus: 'US_WEST_CENTRAL',
  westeurope: 'EUROPE_WEST',
  westindia: 'INDIA_WEST',
  westus: 'US_WEST',
  westus2: 'US_WEST_2',
  westus3: 'US_WEST_3',
};

const ATLAS_TO_AZURE_REGION: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(AZURE_TO_ATLAS_REGION).map(([azure, atlas]) => [atlas, azure]),
);

/** A region in both spellings. */
export interface RegionNames {
  /** Azure form, e.g. `eastus2`: what azurerm `location` and our output names use. */
  readonly azure: string;
  /** Atlas form, e.g. `US_EAST_2`. */
  readonly atlas: string;
}

/** Region name lookups (a class of statics, so the API stays jsii-friendly). */
export class AzureRegions {
  /**
   * Accepts `eastus2`, `East US 2`, `US_EAST_2` or `us-east-2` and returns both forms,
   * or undefined when the region is not one Atlas offers for Azure Private Link.
   */
  public static lookup(input: string): RegionNames | undefined {
    const azureKey = input.toLowerCase().replace(/[\s_-]/g, '');
    if (AZURE_TO_ATLAS_REGION[azureKey]) return { azure: azureKey, atlas: AZURE_TO_ATLAS_REGION[azureKey] };
    const atlasKey = input.toUpperCase().replace(/[\s-]/g, '_');
    const azure = ATLAS_TO_AZURE_REGION[atlasKey];
    return azure ? { azure, atlas: atlasKey } : undefined;
  }

  /** Every Azure region name (Azure form) that Atlas offers for Private Link. */
  public static azureNames(): string[] {
    return Object.keys(AZURE_TO_ATLAS_REGION);
  }
}
