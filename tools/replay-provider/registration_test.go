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

const endpointName = "pe-atlas-eastus2"

var endpointID = "/subscriptions/" + sub + "/resourceGroups/rg-app-prod/providers/Microsoft.Network/privateEndpoints/" + endpointName

// atlasAt is an mongodbatlas replay of one recorded version on its own simulated cloud.
func atlasAt(t *testing.T, version string, world *World) *Server {
	t.Helper()
	return &Server{schema: providerSchemaAt(t, "mongodbatlas", version), world: world, store: &Store{Dir: t.TempDir(), Provider: "mongodbatlas"}}
}

func withStatus(status, message string) *World {
	return &World{Atlas: AtlasWorld{
		Clusters:      map[string]*Cluster{"cluster0": {Hash: "abc12", Regions: []string{"eastus2"}}},
		Registrations: map[string]*Registration{endpointName: {Status: status, ErrorMessage: message}},
	}}
}

// registration creates the eastus2 service and registers the endpoint with it; extra adds arguments.
func registration(t *testing.T, s *Server, extra map[string]any) (tftypes.Value, []*tfprotov6.Diagnostic, tftypes.Value) {
	t.Helper()
	link := str(mustCreate(t, s, "mongodbatlas_privatelink_endpoint", map[string]any{"project_id": project, "provider_name": "AZURE", "region": "eastus2"}), "private_link_id")
	attrs := map[string]any{"project_id": project, "provider_name": "AZURE", "private_link_id": link, "private_endpoint_ip_address": "10.20.1.4", "endpoint_service_id": endpointID}
	for k, v := range extra {
		attrs[k] = v
	}
	b := mustResource(t, s.schema, "mongodbatlas_privatelink_endpoint_service").Block
	typ := b.ObjectType()
	cfg := config(t, b, attrs)
	null := tftypes.NewValue(typ, nil)
	plan, err := s.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{TypeName: "mongodbatlas_privatelink_endpoint_service", PriorState: dyn(t, typ, null), ProposedNewState: dyn(t, typ, cfg), Config: dyn(t, typ, cfg)})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{TypeName: "mongodbatlas_privatelink_endpoint_service", PriorState: dyn(t, typ, null), PlannedState: plan.PlannedState, Config: dyn(t, typ, cfg)})
	if err != nil {
		t.Fatal(err)
	}
	state := null
	if resp.NewState != nil {
		state, _ = resp.NewState.Unmarshal(typ)
	}
	return state, errorsOf(resp.Diagnostics), cfg
}

// published: the cluster's private-endpoint strings, in either major's shape of connection_strings.
func published(t *testing.T, s *Server) []any {
	t.Helper()
	state, diags := readData(t, s, "mongodbatlas_advanced_cluster", map[string]any{"project_id": project, "name": "cluster0"})
	if diags != nil {
		t.Fatalf("%s: %s", diags[0].Summary, diags[0].Detail)
	}
	list, _ := firstObject(state, "connection_strings")["private_endpoint"].([]any)
	return list
}

func readRegistration(t *testing.T, s *Server, state tftypes.Value) (map[string]any, []*tfprotov6.Diagnostic) {
	t.Helper()
	typ := mustResource(t, s.schema, "mongodbatlas_privatelink_endpoint_service").Block.ObjectType()
	resp, err := s.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{TypeName: "mongodbatlas_privatelink_endpoint_service", CurrentState: dyn(t, typ, state)})
	if err != nil {
		t.Fatal(err)
	}
	v, _ := resp.NewState.Unmarshal(typ)
	return plainObject(v), errorsOf(resp.Diagnostics)
}

// Model §M7.3 / §M14.9: a registration created AVAILABLE that Atlas later reports REJECTED (or
// INITIATING, FAILED) reads with that status and no error, on both majors, and the cluster then
// publishes no private-endpoint string for it (§M5.1).
func TestM7_3ReadAfterAGreenCreateReportsTheWorldsStatus(t *testing.T) {
	for _, version := range []string{"1.41.1", "2.16.0"} {
		for _, status := range []string{"REJECTED", "INITIATING", "FAILED"} {
			world := withStatus("AVAILABLE", "")
			s := atlasAt(t, version, world)
			state, diags, _ := registration(t, s, nil)
			if diags != nil {
				t.Fatalf("%s: green create: %s", version, diags[0].Detail)
			}
			if got := published(t, s); len(got) != 1 {
				t.Fatalf("%s: AVAILABLE publishes one string, got %v", version, got)
			}
			world.Atlas.Registrations[endpointName].Status = status
			read, diags := readRegistration(t, s, state)
			if diags != nil || read["azure_status"] != status || read["error_message"] != "" {
				t.Errorf("%s %s: read = %v %v, %v", version, status, read["azure_status"], read["error_message"], diags)
			}
			if got := published(t, s); len(got) != 0 {
				t.Errorf("%s %s: a registration that is not AVAILABLE publishes no string, got %v", version, status, got)
			}
		}
	}
}

// Model §M7.3 / §M14.9: an error message fails every read ("in a failed state"), whatever the status.
func TestM7_3ReadWithAnErrorMessageFails(t *testing.T) {
	world := withStatus("AVAILABLE", "")
	s := atlasAt(t, "1.41.1", world)
	state, _, _ := registration(t, s, nil)
	world.Atlas.Registrations[endpointName] = &Registration{Status: "FAILED", ErrorMessage: "the private endpoint connection was rejected"}
	_, diags := readRegistration(t, s, state)
	if len(diags) != 1 || diags[0].Detail != "privatelink endpoint service is in a failed state: the private endpoint connection was rejected" {
		t.Fatalf("got %v", diags)
	}
}

// Model §M5.3: REJECTED and FAILED end the create's wait without an error; the create then
// reads, and only an error message fails that read (the registration is kept, tainted).
func TestM5_3CreateWithAStatusThatEndsTheWait(t *testing.T) {
	for _, version := range []string{"1.41.1", "2.16.0"} {
		s := atlasAt(t, version, withStatus("REJECTED", ""))
		state, diags, _ := registration(t, s, nil)
		if diags != nil || plainObject(state)["azure_status"] != "REJECTED" {
			t.Errorf("%s: REJECTED at create: %v, %v", version, plainObject(state)["azure_status"], diags)
		}
		s = atlasAt(t, version, withStatus("FAILED", "Azure private endpoint not found"))
		state, diags, _ = registration(t, s, nil)
		if len(diags) != 1 || !strings.Contains(diags[0].Detail, "in a failed state: Azure private endpoint not found") || state.IsNull() {
			t.Errorf("%s: FAILED with a message: the state goes back with the error, got %v %v", version, state, diags)
		}
		if n := len(atlasRecords(t, s, "mongodbatlas_privatelink_endpoint_service")); n != 1 {
			t.Errorf("%s: the failed registration stays in Atlas, got %d", version, n)
		}
	}
}

// Model §M5.3: a status that keeps the wait going runs into the create timeout. 1.x leaves the
// registration in Atlas (the next create meets it: 409); 2.x deletes it unless
// delete_on_create_timeout is false.
func TestM5_3CreateWithAPendingStatusTimesOut(t *testing.T) {
	const wait = "timeout while waiting for state to become 'AVAILABLE, REJECTED, DELETED, FAILED' (last state: 'INITIATING', timeout: 2h0m0s)"
	cases := []struct {
		version string
		extra   map[string]any
		left    int
		also    string
	}{
		{"1.41.1", nil, 1, ""},
		{"2.16.0", nil, 0, "will run cleanup because delete_on_create_timeout is true"},
		{"2.16.0", map[string]any{"delete_on_create_timeout": false}, 1, "cleanup won't be run because delete_on_create_timeout is false"},
		{"1.41.1", map[string]any{"timeouts": map[string]any{"create": "30m", "delete": nil}}, 1, "timeout: 30m0s"},
	}
	for _, c := range cases {
		s := atlasAt(t, c.version, withStatus("INITIATING", ""))
		state, diags, _ := registration(t, s, c.extra)
		want := wait
		if c.also == "timeout: 30m0s" {
			want = strings.Replace(wait, "2h0m0s", "30m0s", 1)
		}
		if len(diags) != 1 || !strings.Contains(diags[0].Detail, want) || !strings.Contains(diags[0].Detail, c.also) || !state.IsNull() {
			t.Errorf("%s %v: got %v %v", c.version, c.extra, state, diags)
			continue
		}
		if n := len(atlasRecords(t, s, "mongodbatlas_privatelink_endpoint_service")); n != c.left {
			t.Errorf("%s %v: %d registrations left in Atlas, want %d", c.version, c.extra, n, c.left)
		}
	}
	// 1.x: the registration it left behind refuses the next create.
	s := atlasAt(t, "1.41.1", withStatus("INITIATING", ""))
	registration(t, s, nil)
	s.world.Atlas.Registrations[endpointName].Status = "AVAILABLE"
	link := str(atlasRecords(t, s, "mongodbatlas_privatelink_endpoint")[0].State, "private_link_id")
	_, _, diags := create(t, s, "mongodbatlas_privatelink_endpoint_service", map[string]any{"project_id": project, "provider_name": "AZURE", "private_link_id": link, "private_endpoint_ip_address": "10.20.1.4", "endpoint_service_id": endpointID})
	if len(diags) != 1 || !strings.Contains(diags[0].Detail, "PRIVATE_ENDPOINT_ALREADY_EXISTS") {
		t.Errorf("the left-over registration must refuse the next create, got %v", diags)
	}
}

// Model §M14.9: the world names a registration by the endpoint's ARM id (any case) or its name.
func TestRegistrationKeys(t *testing.T) {
	w := &World{Atlas: AtlasWorld{Registrations: map[string]*Registration{strings.ToUpper(endpointID): {Status: "REJECTED"}}}}
	if r := w.RegistrationFor(endpointID); r == nil || r.Status != "REJECTED" {
		t.Errorf("by ARM id: %v", r)
	}
	if r := w.RegistrationFor(strings.Replace(endpointID, endpointName, "other", 1)); r != nil {
		t.Errorf("another endpoint: %v", r)
	}
}

func TestRegistrationWorldErrorsNameTheField(t *testing.T) {
	cases := map[string]string{
		`{"atlas": {"registrations": {"pe": {"status": "APPROVED"}}}}`:                         `atlas.registrations["pe"].status: "APPROVED" is not a registration status (expected one of NONE, INITIATING`,
		`{"atlas": {"registrations": {"pe": {"status": "DELETED"}}}}`:                          `"DELETED" is not a registration status`,
		`{"atlas": {"registrations": {"pe": {}}}}`:                                             `atlas.registrations["pe"].status: "" is not a registration status`,
		`{"atlas": {"registrations": {"pe": {"state": "REJECTED"}}}}`:                          `atlas.registrations["pe"].state: unknown field (expected one of status, errorMessage)`,
		`{"atlas": {"registrations": {"pe": {"status": 3}}}}`:                                  `atlas.registrations["pe"].status: expected string, got a JSON number`,
		`{"atlas": {"registrations": {"/subscriptions/x/subnets/y": {"status": "REJECTED"}}}}`: `atlas.registrations["/subscriptions/x/subnets/y"]: expected an Azure private endpoint's ARM id`,
	}
	for text, want := range cases {
		file := filepath.Join(t.TempDir(), "world.json")
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadWorld(file); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", text, err, want)
		}
	}
}
