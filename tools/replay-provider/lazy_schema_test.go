package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// eagerSchema decodes a recorded file whole, as LoadProviderSchema did before it turned lazy:
// the reference the lazy path must reproduce exactly.
func eagerSchema(t *testing.T, typ, version string) (provider *Schema, resources, dataSources map[string]*Schema) {
	t.Helper()
	_, raw, err := readSchemaFile(recordedSchemas(t), typ, version)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ProviderSchemas map[string]struct {
			Provider          *jsonSchema            `json:"provider"`
			ResourceSchemas   map[string]*jsonSchema `json:"resource_schemas"`
			DataSourceSchemas map[string]*jsonSchema `json:"data_source_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	convert := func(in map[string]*jsonSchema) map[string]*Schema {
		out := map[string]*Schema{}
		for name, js := range in {
			if out[name], err = convertSchema(js, name); err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	for _, ps := range doc.ProviderSchemas {
		if provider, err = convertSchema(ps.Provider, "provider"); err != nil {
			t.Fatal(err)
		}
		resources, dataSources = convert(ps.ResourceSchemas), convert(ps.DataSourceSchemas)
	}
	return provider, resources, dataSources
}

func protos(in map[string]*Schema) map[string]*tfprotov6.Schema {
	out := map[string]*tfprotov6.Schema{}
	for name, s := range in {
		out[name] = s.Proto()
	}
	return out
}

// For all four recorded versions: GetProviderSchema serves exactly what the eager decoding gave,
// and each type decoded alone (what a plan or apply asks for) equals its eager decoding.
func TestLazySchemaEqualsEagerDecoding(t *testing.T) {
	for _, key := range []string{"azurerm@4.55.0", "azurerm@4.81.0", "mongodbatlas@1.41.1", "mongodbatlas@2.16.0"} {
		typ, version, _ := strings.Cut(key, "@")
		provider, resources, dataSources := eagerSchema(t, typ, version)
		ps, err := LoadProviderSchema(recordedSchemas(t), typ, version)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(ps.Provider, provider) {
			t.Errorf("%s: provider block differs", key)
		}
		for name, want := range resources {
			if got := mustResource(t, ps, name); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: resource %s decoded alone differs from the eager decoding", key, name)
			}
		}
		for name, want := range dataSources {
			if got := mustDataSource(t, ps, name); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: data source %s decoded alone differs from the eager decoding", key, name)
			}
		}
		fresh, err := LoadProviderSchema(recordedSchemas(t), typ, version)
		if err != nil {
			t.Fatal(err)
		}
		mustResource(t, fresh, ps.ResourceNames()[0]) // one type decoded before, the rest by GetProviderSchema
		resp, _ := (&Server{schema: fresh}).GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
		want := &tfprotov6.GetProviderSchemaResponse{ServerCapabilities: capabilities, Provider: provider.Proto(), ResourceSchemas: protos(resources), DataSourceSchemas: protos(dataSources)}
		if !reflect.DeepEqual(resp, want) {
			t.Errorf("%s: GetProviderSchema differs from the eager decoding (%d/%d types, want %d/%d, diagnostics %v)", key, len(resp.ResourceSchemas), len(resp.DataSourceSchemas), len(resources), len(dataSources), resp.Diagnostics)
		}
	}
}

// A process that serves one type decodes that type and no other.
func TestSchemaDecodesOnlyTheTypesAsked(t *testing.T) {
	ps, err := LoadProviderSchema(recordedSchemas(t), "azurerm", "4.55.0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{schema: ps}
	if _, diags := s.resource("azurerm_private_endpoint"); diags != nil {
		t.Fatal(diags[0].Detail)
	}
	if _, diags := s.dataSource("azurerm_client_config"); diags != nil {
		t.Fatal(diags[0].Detail)
	}
	if n, m := len(ps.decoded[resourceSchemas]), len(ps.decoded[dataSourceSchemas]); n != 1 || m != 1 {
		t.Errorf("decoded %d resource and %d data source schemas, want 1 and 1", n, m)
	}
	meta, _ := s.GetMetadata(context.Background(), &tfprotov6.GetMetadataRequest{})
	if len(meta.Resources) != 1127 || len(meta.DataSources) != 399 || len(ps.decoded[resourceSchemas]) != 1 {
		t.Errorf("GetMetadata: %d resources, %d data sources, %d decoded", len(meta.Resources), len(meta.DataSources), len(ps.decoded[resourceSchemas]))
	}
	if _, diags := s.resource("azurerm_no_such_thing"); diags == nil || diags[0].Summary != "Replay provider: unknown resource type" {
		t.Errorf("unknown type: %v", diags)
	}
}

// The real providers' mux servers declare GetProviderSchemaOptional (docs/atlas-azure-model.md
// §M14.11), in GetMetadata and GetProviderSchema: Terraform then reuses its cached schema.
func TestServerDeclaresGetProviderSchemaOptional(t *testing.T) {
	s := testServer(t, "mongodbatlas", t.TempDir(), nil)
	meta, _ := s.GetMetadata(context.Background(), &tfprotov6.GetMetadataRequest{})
	schema, _ := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	for rpc, c := range map[string]*tfprotov6.ServerCapabilities{"GetMetadata": meta.ServerCapabilities, "GetProviderSchema": schema.ServerCapabilities} {
		if c == nil || !c.GetProviderSchemaOptional || c.PlanDestroy || c.MoveResourceState {
			t.Errorf("%s: server capabilities %+v, want GetProviderSchemaOptional only", rpc, c)
		}
	}
}

// A broken type surfaces when it is used, and in GetProviderSchema, naming the file and the field.
func TestBrokenTypeSchemaErrorsOnUse(t *testing.T) {
	dir := t.TempDir()
	file := writeSchema(t, dir, `{"provider_schemas": {"registry.terraform.io/hashicorp/azurerm": {"provider": {"block": {}},
		"resource_schemas": {"azurerm_ok": {"block": {}}, "azurerm_x": {"block": {"attributes": {"a": {"type": "strin", "optional": true}}}},
		"azurerm_y": {"block": {"block_types": {"b": {"nesting_mode": "bag", "block": {}}}}}},
		"data_source_schemas": {"azurerm_d": {"block": 5}}}}}`)
	ps, err := LoadProviderSchema(dir, "azurerm", "4.55.0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{schema: ps}
	if _, diags := s.resource("azurerm_ok"); diags != nil {
		t.Errorf("azurerm_ok: %v", diags[0].Detail)
	}
	check := func(what string, diags []*tfprotov6.Diagnostic, want string) {
		t.Helper()
		if len(diags) != 1 || diags[0].Summary != "Replay provider: schema not loaded" || !strings.Contains(diags[0].Detail, file) || !strings.Contains(diags[0].Detail, want) {
			t.Errorf("%s: got %v, want the file and %q", what, diags, want)
		}
	}
	_, diags := s.resource("azurerm_x")
	check("resource", diags, `resource_schemas.azurerm_x.block.attributes.a.type: unknown primitive type "strin"`)
	_, diags = s.resource("azurerm_y")
	check("resource", diags, `resource_schemas.azurerm_y.block.block_types.b.nesting_mode: "bag"`)
	_, diags = s.dataSource("azurerm_d")
	check("data source", diags, "data_source_schemas.azurerm_d: json: cannot unmarshal number")
	resp, _ := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	check("GetProviderSchema", resp.Diagnostics, "resource_schemas.azurerm_x")
}

func writeSchema(t *testing.T, dir, text string) string {
	t.Helper()
	file := filepath.Join(dir, "azurerm-4.55.0.json")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}
