package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// recordedSchemas is the folder of real recorded schemas: ATLAS_PL_PROVIDER_SCHEMAS, else
// ../shared/provider-schemas beside the repository (as npm test and CI lay it out).
func recordedSchemas(t *testing.T) string {
	t.Helper()
	for _, dir := range []string{os.Getenv("ATLAS_PL_PROVIDER_SCHEMAS"), filepath.Join("..", "..", "..", "shared", "provider-schemas")} {
		if dir != "" {
			if _, err := os.Stat(filepath.Join(dir, "azurerm-4.55.0.json")); err == nil {
				return dir
			}
		}
	}
	t.Fatal("no recorded provider schemas: set ATLAS_PL_PROVIDER_SCHEMAS")
	return ""
}

var loaded = map[string]*ProviderSchema{}

func providerSchema(t *testing.T, typ string) *ProviderSchema {
	t.Helper()
	if ps := loaded[typ]; ps != nil {
		return ps
	}
	version := map[string]string{"mongodbatlas": "1.41.1", "azurerm": "4.55.0"}[typ]
	ps, err := LoadProviderSchema(recordedSchemas(t), typ, version)
	if err != nil {
		t.Fatal(err)
	}
	loaded[typ] = ps
	return ps
}

// testServer is one provider on a shared state folder (the simulated cloud of one test).
func testServer(t *testing.T, typ, stateDir string, world *World) *Server {
	if world == nil {
		world = &World{}
	}
	return &Server{schema: providerSchema(t, typ), world: world, store: &Store{Dir: stateDir, Provider: typ}}
}

func dyn(t *testing.T, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// config builds a resource's configuration from plain values: every attribute not given is null.
func config(t *testing.T, b *Block, attrs map[string]any) tftypes.Value {
	t.Helper()
	full := map[string]any{}
	for name := range b.ObjectType().AttributeTypes {
		full[name] = nil
	}
	for name, nb := range b.Blocks {
		if nb.Nesting == "list" || nb.Nesting == "set" {
			full[name] = []any{}
		}
	}
	for k, v := range attrs {
		full[k] = v
	}
	v, err := fromPlain(b.ObjectType(), full)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// create plans and applies a new resource, returning the planned and the applied state.
func create(t *testing.T, s *Server, typeName string, attrs map[string]any) (planned, applied tftypes.Value, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	b := s.schema.Resources[typeName].Block
	typ := b.ObjectType()
	cfg := config(t, b, attrs)
	null := tftypes.NewValue(typ, nil)
	plan, err := s.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: dyn(t, typ, null), ProposedNewState: dyn(t, typ, cfg), Config: dyn(t, typ, cfg),
	})
	if err != nil || len(plan.Diagnostics) > 0 {
		t.Fatalf("plan %s: %v %v", typeName, err, plan.Diagnostics)
	}
	planned, _ = plan.PlannedState.Unmarshal(typ)
	resp, err := s.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: dyn(t, typ, null), PlannedState: plan.PlannedState, Config: dyn(t, typ, cfg),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) > 0 {
		return planned, tftypes.Value{}, resp.Diagnostics
	}
	applied, _ = resp.NewState.Unmarshal(typ)
	return planned, applied, nil
}

func mustCreate(t *testing.T, s *Server, typeName string, attrs map[string]any) map[string]any {
	t.Helper()
	_, applied, diags := create(t, s, typeName, attrs)
	if diags != nil {
		t.Fatalf("apply %s: %s: %s", typeName, diags[0].Summary, diags[0].Detail)
	}
	return plainObject(applied)
}

func readData(t *testing.T, s *Server, typeName string, attrs map[string]any) (map[string]any, []*tfprotov6.Diagnostic) {
	t.Helper()
	b := s.schema.DataSources[typeName].Block
	resp, err := s.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: dyn(t, b.ObjectType(), config(t, b, attrs))})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) > 0 {
		return nil, resp.Diagnostics
	}
	v, _ := resp.State.Unmarshal(b.ObjectType())
	return plainObject(v), nil
}
