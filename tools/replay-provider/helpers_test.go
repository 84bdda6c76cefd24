package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// recordedSchemas is the folder of recorded schemas: ATLAS_PL_PROVIDER_SCHEMAS, else the
// repository's own compressed copies in schemas/.
func recordedSchemas(t testing.TB) string {
	t.Helper()
	if dir := os.Getenv("ATLAS_PL_PROVIDER_SCHEMAS"); dir != "" {
		return dir
	}
	return "schemas"
}

// defaultVersions are the versions the prebuilt cdktf bindings were generated from.
var defaultVersions = map[string]string{"mongodbatlas": "1.41.1", "azurerm": "4.55.0"}

var loaded = map[string]*ProviderSchema{}

func providerSchema(t *testing.T, typ string) *ProviderSchema {
	t.Helper()
	return providerSchemaAt(t, typ, defaultVersions[typ])
}

func providerSchemaAt(t *testing.T, typ, version string) *ProviderSchema {
	t.Helper()
	key := typ + "@" + version
	if ps := loaded[key]; ps != nil {
		return ps
	}
	ps, err := LoadProviderSchema(recordedSchemas(t), typ, version)
	if err != nil {
		t.Fatal(err)
	}
	loaded[key] = ps
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
	b := mustResource(t, s.schema, typeName).Block
	typ := b.ObjectType()
	cfg := config(t, b, attrs)
	null := tftypes.NewValue(typ, nil)
	plan, err := s.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: dyn(t, typ, null), ProposedNewState: dyn(t, typ, cfg), Config: dyn(t, typ, cfg),
	})
	if err != nil || len(errorsOf(plan.Diagnostics)) > 0 {
		t.Fatalf("plan %s: %v %v", typeName, err, plan.Diagnostics)
	}
	planned, _ = plan.PlannedState.Unmarshal(typ)
	resp, err := s.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: dyn(t, typ, null), PlannedState: plan.PlannedState, Config: dyn(t, typ, cfg),
	})
	if err != nil {
		t.Fatal(err)
	}
	if errs := errorsOf(resp.Diagnostics); len(errs) > 0 {
		return planned, tftypes.Value{}, errs
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
	b := mustDataSource(t, s.schema, typeName).Block
	resp, err := s.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: dyn(t, b.ObjectType(), config(t, b, attrs))})
	if err != nil {
		t.Fatal(err)
	}
	if errs := errorsOf(resp.Diagnostics); len(errs) > 0 {
		return nil, errs
	}
	v, _ := resp.State.Unmarshal(b.ObjectType())
	return plainObject(v), nil
}

// errorsOf drops the warnings (every plan, apply and read carries the simulation warning).
func errorsOf(diags []*tfprotov6.Diagnostic) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		if d.Severity != tfprotov6.DiagnosticSeverityWarning {
			out = append(out, d)
		}
	}
	return out
}

// expectWorldRefusals loads each world text from a file and wants an error naming the file and
// holding the text's expected words.
func expectWorldRefusals(t *testing.T, cases map[string]string) {
	t.Helper()
	for text, want := range cases {
		file := filepath.Join(t.TempDir(), "world.json")
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadWorld(file)
		if err == nil || !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want the file and %q", text, err, want)
		}
	}
}

// mustResource and mustDataSource decode one recorded type's schema (schema.go decodes lazily).
func mustResource(t testing.TB, ps *ProviderSchema, name string) *Schema {
	t.Helper()
	s, ok, err := ps.Resource(name)
	if !ok || err != nil {
		t.Fatalf("resource %s: in the schema %v, %v", name, ok, err)
	}
	return s
}

func mustDataSource(t testing.TB, ps *ProviderSchema, name string) *Schema {
	t.Helper()
	s, ok, err := ps.DataSource(name)
	if !ok || err != nil {
		t.Fatalf("data source %s: in the schema %v, %v", name, ok, err)
	}
	return s
}
