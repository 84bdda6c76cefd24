package main

import "strings"

// azureToAtlasRegion mirrors lib/regions.ts (a Go test fails when the two drift).
var azureToAtlasRegion = map[string]string{
	"australiacentral": "AUSTRALIA_CENTRAL", "australiacentral2": "AUSTRALIA_CENTRAL_2",
	"australiaeast": "AUSTRALIA_EAST", "australiasoutheast": "AUSTRALIA_SOUTH_EAST",
	"brazilsouth": "BRAZIL_SOUTH", "brazilsoutheast": "BRAZIL_SOUTHEAST",
	"canadacentral": "CANADA_CENTRAL", "canadaeast": "CANADA_EAST",
	"centralindia": "INDIA_CENTRAL", "centralus": "US_CENTRAL", "eastasia": "ASIA_EAST",
	"eastus": "US_EAST", "eastus2": "US_EAST_2", "francecentral": "FRANCE_CENTRAL",
	"francesouth": "FRANCE_SOUTH", "germanynorth": "GERMANY_NORTH",
	"germanywestcentral": "GERMANY_WEST_CENTRAL", "israelcentral": "ISRAEL_CENTRAL",
	"italynorth": "ITALY_NORTH", "japaneast": "JAPAN_EAST", "japanwest": "JAPAN_WEST",
	"koreacentral": "KOREA_CENTRAL", "koreasouth": "KOREA_SOUTH", "mexicocentral": "MEXICO_CENTRAL",
	"northcentralus": "US_NORTH_CENTRAL", "northeurope": "EUROPE_NORTH", "norwayeast": "NORWAY_EAST",
	"norwaywest": "NORWAY_WEST", "polandcentral": "POLAND_CENTRAL", "qatarcentral": "QATAR_CENTRAL",
	"southafricanorth": "SOUTH_AFRICA_NORTH", "southafricawest": "SOUTH_AFRICA_WEST",
	"southcentralus": "US_SOUTH_CENTRAL", "southeastasia": "ASIA_SOUTH_EAST", "southindia": "INDIA_SOUTH",
	"spaincentral": "SPAIN_CENTRAL", "swedencentral": "SWEDEN_CENTRAL", "swedensouth": "SWEDEN_SOUTH",
	"switzerlandnorth": "SWITZERLAND_NORTH", "switzerlandwest": "SWITZERLAND_WEST",
	"uaecentral": "UAE_CENTRAL", "uaenorth": "UAE_NORTH", "uksouth": "UK_SOUTH", "ukwest": "UK_WEST",
	"westcentralus": "US_WEST_CENTRAL", "westeurope": "EUROPE_WEST", "westindia": "INDIA_WEST",
	"westus": "US_WEST", "westus2": "US_WEST_2", "westus3": "US_WEST_3",
}

// regionForms returns (azure, atlas) for a region given in either form; ok is false when unknown.
func regionForms(region string) (azure, atlas string, ok bool) {
	lower := strings.ToLower(region)
	if a, found := azureToAtlasRegion[lower]; found {
		return lower, a, true
	}
	upper := strings.ToUpper(region)
	for az, at := range azureToAtlasRegion {
		if at == upper {
			return az, at, true
		}
	}
	return "", "", false
}
