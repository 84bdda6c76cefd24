package main

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func fakeEnv(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func configure(t *testing.T, env map[string]string) []*tfprotov6.Diagnostic {
	t.Helper()
	s := testServer(t, "azurerm", t.TempDir(), nil)
	s.getenv = fakeEnv(env)
	resp, err := s.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics
}

func TestRealCredentialsInTheEnvironmentAreRefusedUnlessAccepted(t *testing.T) {
	secret := "s3cr3t-value-never-printed"
	for _, env := range []map[string]string{
		{"ARM_CLIENT_ID": "00000000-0000-0000-0000-000000000001", "ARM_CLIENT_SECRET": secret},
		{"ARM_USE_MSI": "true"},
		{"ARM_USE_OIDC": "1"},
		{"MONGODB_ATLAS_PUBLIC_KEY": "abcdefgh", "MONGODB_ATLAS_PRIVATE_KEY": secret},
		{"MONGODB_ATLAS_CLIENT_ID": "mdb_sa_id", "MONGODB_ATLAS_CLIENT_SECRET": secret},
		{"MCLI_PRIVATE_API_KEY": secret},
	} {
		diags := configure(t, env)
		if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityError || !strings.Contains(diags[0].Detail, "REPLAY provider") ||
			!strings.Contains(diags[0].Detail, acceptCredentialsVar+"=1") {
			t.Fatalf("%v: want a configure error naming %s, got %v", keys(env), acceptCredentialsVar, diags)
		}
		for name := range env {
			if !strings.Contains(diags[0].Detail, name) {
				t.Errorf("the refusal must name %s: %s", name, diags[0].Detail)
			}
		}
		if strings.Contains(diags[0].Detail, secret) {
			t.Errorf("the refusal printed a secret: %s", diags[0].Detail)
		}
		env[acceptCredentialsVar] = "1"
		if diags := configure(t, env); len(diags) != 0 {
			t.Errorf("%v with %s=1: want no error, got %v", keys(env), acceptCredentialsVar, diags)
		}
	}
	// Identifiers and switched-off identities are not credentials.
	for _, env := range []map[string]string{
		{}, {"ARM_SUBSCRIPTION_ID": "8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b", "ARM_TENANT_ID": "x"},
		{"ARM_USE_MSI": "false", "ARM_USE_OIDC": "0"}, {acceptCredentialsVar: "yes"},
	} {
		if diags := configure(t, env); len(diags) != 0 {
			t.Errorf("%v: want no error, got %v", env, diags)
		}
	}
	if diags := configure(t, map[string]string{"ARM_CLIENT_SECRET": "x", acceptCredentialsVar: "true"}); len(diags) != 1 {
		t.Errorf("only %s=1 opts in, got %v", acceptCredentialsVar, diags)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func hasSimulationWarning(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning && strings.Contains(d.Summary, "SIMULATED: nothing real was created") {
			return true
		}
	}
	return false
}

func TestEveryPlanApplyAndReadCarriesTheSimulationWarning(t *testing.T) {
	s := testServer(t, "mongodbatlas", t.TempDir(), nil)
	typeName := "mongodbatlas_privatelink_endpoint"
	b := mustResource(t, s.schema, typeName).Block
	typ := b.ObjectType()
	cfg := config(t, b, map[string]any{"project_id": project, "provider_name": "AZURE", "region": "eastus2"})
	null := tftypes.NewValue(typ, nil)
	plan, _ := s.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: dyn(t, typ, null), ProposedNewState: dyn(t, typ, cfg), Config: dyn(t, typ, cfg),
	})
	if !hasSimulationWarning(plan.Diagnostics) {
		t.Errorf("plan: no simulation warning in %v", plan.Diagnostics)
	}
	apply, _ := s.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: dyn(t, typ, null), PlannedState: plan.PlannedState, Config: dyn(t, typ, cfg),
	})
	if len(errorsOf(apply.Diagnostics)) != 0 || !hasSimulationWarning(apply.Diagnostics) {
		t.Errorf("apply: want only the simulation warning, got %v", apply.Diagnostics)
	}
	// A refused change still says it was simulated.
	again, _ := s.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: dyn(t, typ, null), PlannedState: plan.PlannedState, Config: dyn(t, typ, cfg),
	})
	if len(errorsOf(again.Diagnostics)) != 1 || !hasSimulationWarning(again.Diagnostics) {
		t.Errorf("refused apply: want the refusal and the warning, got %v", again.Diagnostics)
	}
	ds := mustDataSource(t, s.schema, "mongodbatlas_advanced_cluster").Block
	read, _ := s.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
		TypeName: "mongodbatlas_advanced_cluster", Config: dyn(t, ds.ObjectType(), config(t, ds, map[string]any{"project_id": project, "name": "cluster0"})),
	})
	if len(errorsOf(read.Diagnostics)) != 0 || !hasSimulationWarning(read.Diagnostics) {
		t.Errorf("read: want only the simulation warning, got %v", read.Diagnostics)
	}
}
