package main

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// registerEndpoint creates an Atlas service in region and registers an Azure endpoint with it.
func registerEndpoint(t *testing.T, atlas *Server, region, endpointName string) {
	t.Helper()
	var link string
	for _, r := range atlasRecords(t, atlas, "mongodbatlas_privatelink_endpoint") {
		if az, _, _ := regionForms(str(r.State, "region")); az == region {
			link = str(r.State, "private_link_id")
		}
	}
	if link == "" {
		link = str(mustCreate(t, atlas, "mongodbatlas_privatelink_endpoint", map[string]any{"project_id": project, "provider_name": "AZURE", "region": region}), "private_link_id")
	}
	mustCreate(t, atlas, "mongodbatlas_privatelink_endpoint_service", map[string]any{
		"project_id": project, "provider_name": "AZURE", "private_link_id": link, "private_endpoint_ip_address": "10.20.1.4",
		"endpoint_service_id": "/subscriptions/" + sub + "/resourceGroups/rg-app-prod/providers/Microsoft.Network/privateEndpoints/" + endpointName,
	})
}

func atlasRecords(t *testing.T, s *Server, typ string) []*Record {
	var out []*Record
	if err := s.store.View(func(records []*Record) error { out = ofType(records, typ); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func privateEndpoints(t *testing.T, s *Server) []map[string]any {
	t.Helper()
	return privateEndpointsOf(t, s, "cluster0")
}

func privateEndpointsOf(t *testing.T, s *Server, cluster string) []map[string]any {
	t.Helper()
	state, diags := readData(t, s, "mongodbatlas_advanced_cluster", map[string]any{"project_id": project, "name": cluster})
	if diags != nil {
		t.Fatalf("%s: %s", diags[0].Summary, diags[0].Detail)
	}
	var out []map[string]any
	for _, e := range firstElement(state, "connection_strings")["private_endpoint"].([]any) {
		out = append(out, e.(map[string]any))
	}
	return out
}

// Model §M3.1, §M4.1: one region, one host with one port per member.
func TestConnectionStringsNameTheRegisteredEndpoint(t *testing.T) {
	world := &World{Atlas: AtlasWorld{Clusters: map[string]*Cluster{"cluster0": {Hash: "abc12", Regions: []string{"eastus2"}, ReplicaSetName: "atlas-x7k2qp-shard-0"}}}}
	s := testServer(t, "mongodbatlas", t.TempDir(), world)
	if pe := privateEndpoints(t, s); len(pe) != 0 {
		t.Fatalf("before any registration Atlas publishes nothing, got %v", pe)
	}
	registerEndpoint(t, s, "eastus2", "pe-atlas-eastus2")
	pe := privateEndpoints(t, s)
	if len(pe) != 1 {
		t.Fatalf("want one private endpoint entry, got %v", pe)
	}
	if got, want := str(pe[0], "srv_connection_string"), "mongodb+srv://cluster0-pl-0.abc12.mongodb.net"; got != want {
		t.Errorf("srv = %q, want %q", got, want)
	}
	host := "pl-0-eastus2.abc12.mongodb.net"
	want := "mongodb://" + host + ":1024," + host + ":1025," + host + ":1026/?ssl=true&authSource=admin&replicaSet=atlas-x7k2qp-shard-0"
	if got := str(pe[0], "connection_string"); got != want {
		t.Errorf("connection_string = %q, want %q", got, want)
	}
	endpoints := pe[0]["endpoints"].([]any)
	if len(endpoints) != 1 || !strings.HasSuffix(str(endpoints[0].(map[string]any), "endpoint_id"), "/privateEndpoints/pe-atlas-eastus2") || str(endpoints[0].(map[string]any), "region") != "US_EAST_2" {
		t.Errorf("endpoints = %v", endpoints)
	}
}

// Model §M5.1.
func TestNothingIsPublishedUntilEveryRegionWithNodesHasAnEndpoint(t *testing.T) {
	world := &World{Atlas: AtlasWorld{Clusters: map[string]*Cluster{"cluster0": {Regions: []string{"eastus2", "US_WEST_2"}}}}}
	s := testServer(t, "mongodbatlas", t.TempDir(), world)
	registerEndpoint(t, s, "eastus2", "pe-east")
	if pe := privateEndpoints(t, s); len(pe) != 0 {
		t.Fatalf("westus2 has nodes and no endpoint: nothing may be published, got %v", pe)
	}
	registerEndpoint(t, s, "westus2", "pe-west")
	pe := privateEndpoints(t, s)
	if len(pe) != 1 || len(pe[0]["endpoints"].([]any)) != 2 {
		t.Fatalf("without regional mode one entry names both endpoints, got %v", pe)
	}
	// Regional mode (sharded clusters only): cluster_model_test.go, §M3.6.
}

// Model §M2.6.
func TestSharedTierClustersGetNoPrivateEndpointStrings(t *testing.T) {
	world := &World{Atlas: AtlasWorld{Clusters: map[string]*Cluster{"cluster0": {InstanceSize: "M0", Regions: []string{"eastus2"}}}}}
	s := testServer(t, "mongodbatlas", t.TempDir(), world)
	registerEndpoint(t, s, "eastus2", "pe-east")
	if pe := privateEndpoints(t, s); len(pe) != 0 {
		t.Fatalf("an M0 cluster has no private endpoints, got %v", pe)
	}
	state, _ := readData(t, s, "mongodbatlas_advanced_cluster", map[string]any{"project_id": project, "name": "cluster0"})
	spec := firstElement(firstElement(state, "replication_specs"), "region_configs")
	if str(spec, "provider_name") != "TENANT" || str(spec, "backing_provider_name") != "AZURE" || str(firstElement(spec, "electable_specs"), "instance_size") != "M0" {
		t.Errorf("region config = %v", spec)
	}
}

func TestAMissingClusterIsAtlas404(t *testing.T) {
	no := false
	s := testServer(t, "mongodbatlas", t.TempDir(), &World{Atlas: AtlasWorld{Clusters: map[string]*Cluster{"cluster0": {Exists: &no}}}})
	_, diags := readData(t, s, "mongodbatlas_advanced_cluster", map[string]any{"project_id": project, "name": "cluster0"})
	if diags == nil || !strings.Contains(diags[0].Detail, "CLUSTER_NOT_FOUND") {
		t.Fatalf("got %v", diags)
	}
}

func TestUnnamedClustersAreGeneratedDeterministically(t *testing.T) {
	a := (&World{}).Cluster(project, "orders", []string{"eastus2"})
	b := (&World{}).Cluster(project, "orders", []string{"eastus2"})
	c := (&World{}).Cluster(project, "billing", []string{"eastus2"})
	if a.Hash != b.Hash || a.ReplicaSetName != b.ReplicaSetName || a.Hash == c.Hash {
		t.Fatalf("hash must depend on the name only: %v %v %v", a.Hash, b.Hash, c.Hash)
	}
	if a.InstanceSize != "M10" || a.ClusterType != "REPLICASET" || len(a.Ports) != 3 || a.Regions[0] != "eastus2" {
		t.Errorf("defaults: %+v", a)
	}
}

func regionNames(t *testing.T, s *Server) []string {
	t.Helper()
	state, diags := readData(t, s, "mongodbatlas_advanced_cluster", map[string]any{"project_id": project, "name": "cluster0"})
	if diags != nil {
		t.Fatal(diags[0].Detail)
	}
	var out []string
	for _, rc := range firstElement(state, "replication_specs")["region_configs"].([]any) {
		out = append(out, str(rc.(map[string]any), "region_name"))
	}
	return out
}

func validateService(t *testing.T, s *Server, region string) {
	t.Helper()
	b := mustResource(t, s.schema, "mongodbatlas_privatelink_endpoint").Block
	cfg := config(t, b, map[string]any{"project_id": project, "provider_name": "AZURE", "region": region})
	resp, _ := s.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{TypeName: "mongodbatlas_privatelink_endpoint", Config: dyn(t, b.ObjectType(), cfg)})
	if len(resp.Diagnostics) > 0 {
		t.Fatal(resp.Diagnostics[0].Detail)
	}
}

// Without a world file, a plan-time read sees nodes where the configuration puts endpoints,
// and each command's configuration replaces the previous one's.
func TestUnnamedClusterHasNodesWhereTheConfigurationDeclaresEndpoints(t *testing.T) {
	dir := t.TempDir()
	first := testServer(t, "mongodbatlas", dir, nil)
	validateService(t, first, "westus2")
	validateService(t, first, "US_EAST_2")
	if got := regionNames(t, first); len(got) != 2 || got[0] != "US_EAST_2" || got[1] != "US_WEST_2" {
		t.Fatalf("regions = %v, want US_EAST_2 and US_WEST_2", got)
	}
	next := testServer(t, "mongodbatlas", dir, nil) // a new engine command: a new provider process
	validateService(t, next, "eastus2")
	if got := regionNames(t, next); len(got) != 1 || got[0] != "US_EAST_2" {
		t.Fatalf("regions = %v, want only US_EAST_2", got)
	}
}

func TestAClusterThatHasNotPublishedYetHasNoPrivateEndpointStrings(t *testing.T) {
	no := false
	s := testServer(t, "mongodbatlas", t.TempDir(), &World{Atlas: AtlasWorld{Clusters: map[string]*Cluster{"cluster0": {Publishes: &no}}}})
	registerEndpoint(t, s, "eastus2", "pe-east")
	if pe := privateEndpoints(t, s); len(pe) != 0 {
		t.Fatalf("publishes false: nothing yet, got %v", pe)
	}
}
