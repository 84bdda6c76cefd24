package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestRecordedSchemasLoadWhole(t *testing.T) {
	atlas, azure := providerSchema(t, "mongodbatlas"), providerSchema(t, "azurerm")
	if len(atlas.ResourceNames()) != 62 || len(atlas.DataSourceNames()) != 114 || len(azure.ResourceNames()) != 1127 || len(azure.DataSourceNames()) != 399 {
		t.Fatalf("resources/data sources: mongodbatlas %d/%d, azurerm %d/%d", len(atlas.ResourceNames()), len(atlas.DataSourceNames()), len(azure.ResourceNames()), len(azure.DataSourceNames()))
	}
	if atlas.Address != "registry.terraform.io/mongodb/mongodbatlas" {
		t.Errorf("address %q", atlas.Address)
	}
	psc := mustResource(t, azure, "azurerm_private_endpoint").Block.Blocks["private_service_connection"]
	if psc == nil || psc.Nesting != "list" || !psc.Block.Attributes["private_ip_address"].Computed {
		t.Errorf("azurerm_private_endpoint.private_service_connection = %+v", psc)
	}
}

// Errors in one type's schema surface when the type is used: lazy_schema_test.go.
func TestSchemaErrorsNameTheFileAndTheField(t *testing.T) {
	cases := map[string]string{
		`not json`:                 "not a `providers schema -json` document",
		`{"provider_schemas": {}}`: "exactly one provider, found 0",
		`{"provider_schemas": {"registry.terraform.io/hashicorp/azurerm": {"resource_schemas": {}}}}`:  "provider is missing",
		`{"provider_schemas": {"registry.terraform.io/hashicorp/other": {"provider": {"block": {}}}}}`: `names "registry.terraform.io/hashicorp/other", expected .../azurerm`,
	}
	for text, want := range cases {
		dir := t.TempDir()
		file := filepath.Join(dir, "azurerm-4.55.0.json")
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadProviderSchema(dir, "azurerm", "4.55.0")
		if err == nil || !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), want) {
			t.Errorf("%.60s: got %v, want the file and %q", text, err, want)
		}
	}
	_, err := LoadProviderSchema(t.TempDir(), "azurerm", "4.55.0")
	if err == nil || !strings.Contains(err.Error(), "azurerm-4.55.0.json") || !strings.Contains(err.Error(), "ATLAS_PL_PROVIDER_SCHEMAS") {
		t.Errorf("a missing schema must name the file and the variable, got %v", err)
	}
}

// The Go region table mirrors lib/regions.ts: both must name the same regions.
func TestRegionTableMatchesLibRegions(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "lib", "regions.ts"))
	if err != nil {
		t.Fatal(err)
	}
	pairs := regexp.MustCompile(`(?m)^\s+([a-z0-9]+): '([A-Z0-9_]+)',$`).FindAllStringSubmatch(string(raw), -1)
	if len(pairs) != len(azureToAtlasRegion) {
		t.Fatalf("lib/regions.ts has %d regions, the replay provider %d", len(pairs), len(azureToAtlasRegion))
	}
	for _, p := range pairs {
		if azureToAtlasRegion[p[1]] != p[2] {
			t.Errorf("%s: lib/regions.ts says %s, the replay provider %s", p[1], p[2], azureToAtlasRegion[p[1]])
		}
	}
}
