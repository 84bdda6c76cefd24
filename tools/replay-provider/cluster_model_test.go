package main

// The replay provider against docs/atlas-azure-model.md: every test names the model section
// (§M<n>.<row>) whose behaviour it checks, so a change of the model points at its tests.

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

func worldOf(clusters map[string]*Cluster) *World {
	return &World{Atlas: AtlasWorld{Clusters: clusters}}
}

func twoRegions(kind string) *Cluster {
	return &Cluster{Hash: "abc12", ClusterType: kind, Regions: []string{"eastus2", "westus2"}, ReplicaSetName: "atlas-x7k2qp-shard-0"}
}

// tryRegister is registerEndpoint that returns Atlas' refusal instead of failing the test.
func tryRegister(t *testing.T, s *Server, region, endpointName string) []*tfprotov6.Diagnostic {
	t.Helper()
	var link string
	for _, r := range atlasRecords(t, s, "mongodbatlas_privatelink_endpoint") {
		if regionOf(r) == region {
			link = str(r.State, "private_link_id")
		}
	}
	if link == "" {
		link = str(mustCreate(t, s, "mongodbatlas_privatelink_endpoint", map[string]any{"project_id": project, "provider_name": "AZURE", "region": region}), "private_link_id")
	}
	_, _, diags := create(t, s, "mongodbatlas_privatelink_endpoint_service", map[string]any{
		"project_id": project, "provider_name": "AZURE", "private_link_id": link, "private_endpoint_ip_address": "10.20.1.4",
		"endpoint_service_id": "/subscriptions/" + sub + "/resourceGroups/rg-app-prod/providers/Microsoft.Network/privateEndpoints/" + endpointName,
	})
	return diags
}

func regionalModeTo(t *testing.T, s *Server, enabled bool) []*tfprotov6.Diagnostic {
	t.Helper()
	_, _, diags := create(t, s, "mongodbatlas_private_endpoint_regional_mode", map[string]any{"project_id": project, "enabled": enabled})
	return diags
}

// toggle changes an existing regional-mode setting in place (plan and apply of an update).
func toggle(t *testing.T, s *Server, enabled bool) []*tfprotov6.Diagnostic {
	t.Helper()
	const typeName = "mongodbatlas_private_endpoint_regional_mode"
	b := mustResource(t, s.schema, typeName).Block
	typ := b.ObjectType()
	var prior map[string]any
	for _, r := range atlasRecords(t, s, typeName) {
		prior = r.State
	}
	priorVal, err := fromPlain(typ, prior)
	if err != nil {
		t.Fatal(err)
	}
	next := map[string]any{}
	for k, v := range prior {
		next[k] = v
	}
	next["enabled"] = enabled
	nextVal, _ := fromPlain(typ, next)
	ctx := context.Background()
	plan, _ := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: typeName, PriorState: dyn(t, typ, priorVal), ProposedNewState: dyn(t, typ, nextVal), Config: dyn(t, typ, nextVal)})
	if len(plan.RequiresReplace) > 0 {
		t.Fatalf("toggling enabled must be an in-place update, got replace %v", plan.RequiresReplace)
	}
	resp, _ := s.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: typeName, PriorState: dyn(t, typ, priorVal), PlannedState: plan.PlannedState, Config: dyn(t, typ, nextVal)})
	// The simulation warning comes with every apply; only errors say the toggle was refused.
	return errorsOf(resp.Diagnostics)
}

func wantRefusal(t *testing.T, diags []*tfprotov6.Diagnostic, parts ...string) {
	t.Helper()
	if diags == nil {
		t.Fatalf("want Atlas' refusal containing %q, got success", parts)
	}
	for _, p := range parts {
		if !strings.Contains(diags[0].Detail, p) {
			t.Errorf("refusal %q does not contain %q", diags[0].Detail, p)
		}
	}
}

func hostsOf(connection string) []string {
	list := strings.TrimPrefix(connection, "mongodb://")
	return strings.Split(list[:strings.Index(list, "/")], ",")
}

func endpointRegions(entry map[string]any) []string {
	var out []string
	for _, e := range entry["endpoints"].([]any) {
		out = append(out, str(e.(map[string]any), "region"))
	}
	return out
}

// §M3.3, §M4.1, §M5.1, §M5.2: a multi-region replica set without regional mode publishes one
// entry once every region has its endpoint; its string spans every region's members, each
// region's members on that region's pl-0-<region> host with their own ports.
func TestModelM3_3MultiRegionReplicaSetSpansEveryRegion(t *testing.T) {
	s := testServer(t, "mongodbatlas", t.TempDir(), worldOf(map[string]*Cluster{"cluster0": twoRegions("REPLICASET")}))
	registerEndpoint(t, s, "eastus2", "pe-east")
	if pe := privateEndpoints(t, s); len(pe) != 0 {
		t.Fatalf("§M5.1: westus2 has nodes and no endpoint yet, nothing may be published, got %v", pe)
	}
	registerEndpoint(t, s, "westus2", "pe-west")
	pe := privateEndpoints(t, s)
	if len(pe) != 1 {
		t.Fatalf("want one entry spanning both regions, got %v", pe)
	}
	want := []string{"pl-0-eastus2.abc12.mongodb.net:1024", "pl-0-eastus2.abc12.mongodb.net:1025", "pl-0-eastus2.abc12.mongodb.net:1026",
		"pl-0-westus2.abc12.mongodb.net:1024", "pl-0-westus2.abc12.mongodb.net:1025"}
	if got := hostsOf(str(pe[0], "connection_string")); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("hosts = %v, want %v", got, want)
	}
	if !strings.HasSuffix(str(pe[0], "connection_string"), "/?ssl=true&authSource=admin&replicaSet=atlas-x7k2qp-shard-0") || str(pe[0], "type") != "MONGOD" {
		t.Errorf("replica-set string and type: %v", pe[0])
	}
	if str(pe[0], "srv_connection_string") != "mongodb+srv://cluster0-pl-0.abc12.mongodb.net" {
		t.Errorf("srv = %q", str(pe[0], "srv_connection_string"))
	}
	if got := endpointRegions(pe[0]); strings.Join(got, ",") != "US_EAST_2,US_WEST_2" {
		t.Errorf("§M5.2 endpoints[] must list one endpoint per region, got %v", got)
	}
	// replication_specs agrees with the members the string lists (3 + 2 electable nodes).
	state, _ := readData(t, s, "mongodbatlas_advanced_cluster", map[string]any{"project_id": project, "name": "cluster0"})
	var counts []any
	for _, rc := range firstElement(state, "replication_specs")["region_configs"].([]any) {
		counts = append(counts, firstElement(rc.(map[string]any), "electable_specs")["node_count"])
	}
	if len(counts) != 2 || toInt(counts[0]) != 3 || toInt(counts[1]) != 2 {
		t.Errorf("node counts = %v, want [3 2]", counts)
	}
}

func toInt(v any) int {
	n, _ := strconv.Atoi(fmt.Sprint(v)) // plain numbers are json.Number
	return n
}

// §M4.2: ports are the world's per region when it says so (Atlas does not promise them).
func TestModelM4_2RegionPortsFromTheWorld(t *testing.T) {
	c := twoRegions("REPLICASET")
	c.RegionPorts = map[string][]int{"US_WEST_2": {1030, 1031, 1032}}
	s := testServer(t, "mongodbatlas", t.TempDir(), worldOf(map[string]*Cluster{"cluster0": c}))
	registerEndpoint(t, s, "eastus2", "pe-east")
	registerEndpoint(t, s, "westus2", "pe-west")
	got := hostsOf(str(privateEndpoints(t, s)[0], "connection_string"))
	if len(got) != 6 || got[3] != "pl-0-westus2.abc12.mongodb.net:1030" || got[5] != "pl-0-westus2.abc12.mongodb.net:1032" {
		t.Errorf("hosts = %v", got)
	}
}

// §M3.4, §M3.5: a multi-region sharded cluster without regional mode: one MONGOS entry spanning
// every region's mongos, without a replicaSet option.
func TestModelM3_5MultiRegionShardedWithoutRegionalMode(t *testing.T) {
	s := testServer(t, "mongodbatlas", t.TempDir(), worldOf(map[string]*Cluster{"cluster0": twoRegions("SHARDED")}))
	registerEndpoint(t, s, "eastus2", "pe-east")
	registerEndpoint(t, s, "westus2", "pe-west")
	pe := privateEndpoints(t, s)
	if len(pe) != 1 || str(pe[0], "type") != "MONGOS" || len(hostsOf(str(pe[0], "connection_string"))) != 5 {
		t.Fatalf("want one MONGOS entry with 5 mongos, got %v", pe)
	}
	if strings.Contains(str(pe[0], "connection_string"), "replicaSet=") || str(pe[0], "srv_connection_string") != "mongodb+srv://cluster0-pl-0.abc12.mongodb.net" {
		t.Errorf("entry = %v", pe[0])
	}
}

// §M3.6, §M1.3: with regional mode a multi-region sharded cluster has one entry per endpoint,
// cluster0-pl-<n>-<region> SRV names, and only its own region's mongos.
func TestModelM3_6MultiRegionShardedWithRegionalMode(t *testing.T) {
	s := testServer(t, "mongodbatlas", t.TempDir(), worldOf(map[string]*Cluster{"cluster0": twoRegions("GEOSHARDED")}))
	if diags := regionalModeTo(t, s, true); diags != nil {
		t.Fatalf("§M1.2: a project of sharded clusters may enable regional mode: %s", diags[0].Detail)
	}
	registerEndpoint(t, s, "eastus2", "pe-east")
	if pe := privateEndpoints(t, s); len(pe) != 0 {
		t.Fatalf("§M5.1 holds in regional mode too, got %v", pe)
	}
	registerEndpoint(t, s, "westus2", "pe-west")
	pe := privateEndpoints(t, s)
	if len(pe) != 2 {
		t.Fatalf("want one entry per endpoint, got %v", pe)
	}
	for i, region := range []string{"eastus2", "westus2"} {
		if got, want := str(pe[i], "srv_connection_string"), "mongodb+srv://cluster0-pl-0-"+region+".abc12.mongodb.net"; got != want {
			t.Errorf("srv = %q, want %q", got, want)
		}
		for _, h := range hostsOf(str(pe[i], "connection_string")) {
			if !strings.HasPrefix(h, "pl-0-"+region+".") {
				t.Errorf("entry %d (%s) lists %s, another region's mongos", i, region, h)
			}
		}
		if regions := endpointRegions(pe[i]); len(regions) != 1 || str(pe[i], "type") != "MONGOS" {
			t.Errorf("entry %d: endpoints %v type %s", i, regions, str(pe[i], "type"))
		}
	}
}

// §M1.3, §M3.4: regional mode changes the strings of MULTI-region sharded clusters only.
func TestModelM1_3SingleRegionShardedKeepsItsStringUnderRegionalMode(t *testing.T) {
	s := testServer(t, "mongodbatlas", t.TempDir(), worldOf(map[string]*Cluster{"cluster0": {Hash: "abc12", ClusterType: "SHARDED", Regions: []string{"eastus2"}}}))
	regionalModeTo(t, s, true)
	registerEndpoint(t, s, "eastus2", "pe-east")
	pe := privateEndpoints(t, s)
	if len(pe) != 1 || str(pe[0], "srv_connection_string") != "mongodb+srv://cluster0-pl-0.abc12.mongodb.net" {
		t.Fatalf("got %v", pe)
	}
}

// §M3.7, §M2.2: several endpoints in the only region need no regional mode; each has its own entry.
func TestModelM3_7SeveralEndpointsInOneRegion(t *testing.T) {
	s := testServer(t, "mongodbatlas", t.TempDir(), worldOf(map[string]*Cluster{"cluster0": {Hash: "abc12", Regions: []string{"eastus2"}}}))
	registerEndpoint(t, s, "eastus2", "pe-a")
	if diags := tryRegister(t, s, "eastus2", "pe-b"); diags != nil {
		t.Fatalf("§M2.2 allows several endpoints in one region without regional mode: %s", diags[0].Detail)
	}
	pe := privateEndpoints(t, s)
	if len(pe) != 2 {
		t.Fatalf("want one entry per endpoint, got %v", pe)
	}
	for n, name := range []string{"pe-a", "pe-b"} {
		id := str(pe[n]["endpoints"].([]any)[0].(map[string]any), "endpoint_id")
		if !strings.HasSuffix(id, "/"+name) || len(pe[n]["endpoints"].([]any)) != 1 {
			t.Errorf("entry %d endpoints = %v, want only %s", n, pe[n]["endpoints"], name)
		}
		prefix := []string{"pl-0-eastus2.", "pl-1-eastus2."}[n]
		if h := hostsOf(str(pe[n], "connection_string")); !strings.HasPrefix(h[0], prefix) {
			t.Errorf("entry %d hosts %v, want %s...", n, h, prefix)
		}
	}
}

// §M2.2: without regional mode a project cannot have several endpoints in a region AND
// endpoints in another region, whichever comes second; with regional mode it can.
func TestModelM2_2CrowdedRegionPlusAnotherRegionNeedsRegionalMode(t *testing.T) {
	s := testServer(t, "mongodbatlas", t.TempDir(), worldOf(map[string]*Cluster{"cluster0": twoRegions("SHARDED")}))
	registerEndpoint(t, s, "eastus2", "pe-east-a")
	registerEndpoint(t, s, "westus2", "pe-west")
	wantRefusal(t, tryRegister(t, s, "eastus2", "pe-east-b"), "HTTP 409", codeLayoutNeedsRegional, "2 in eastus2, 1 in westus2")

	one := testServer(t, "mongodbatlas", t.TempDir(), worldOf(map[string]*Cluster{"cluster0": {Regions: []string{"eastus2", "westus2"}}}))
	registerEndpoint(t, one, "eastus2", "pe-east-a")
	registerEndpoint(t, one, "eastus2", "pe-east-b")
	wantRefusal(t, tryRegister(t, one, "westus2", "pe-west"), codeLayoutNeedsRegional)

	regional := testServer(t, "mongodbatlas", t.TempDir(), worldOf(map[string]*Cluster{"cluster0": twoRegions("SHARDED")}))
	regionalModeTo(t, regional, true)
	for _, pe := range [][2]string{{"eastus2", "pe-east-a"}, {"eastus2", "pe-east-b"}, {"westus2", "pe-west"}} {
		if diags := tryRegister(t, regional, pe[0], pe[1]); diags != nil {
			t.Fatalf("regional mode allows it: %s", diags[0].Detail)
		}
	}
	var srv []string
	for _, e := range privateEndpoints(t, regional) {
		srv = append(srv, str(e, "srv_connection_string"))
	}
	if strings.Join(srv, " ") != "mongodb+srv://cluster0-pl-0-eastus2.abc12.mongodb.net mongodb+srv://cluster0-pl-1-eastus2.abc12.mongodb.net mongodb+srv://cluster0-pl-0-westus2.abc12.mongodb.net" {
		t.Errorf("srv = %v", srv)
	}
}

// §M1.2: regional mode is refused in a project with a replica set, also one the stack does
// not read (another cluster of the project), with a 409 as the toggle operation documents.
func TestModelM1_2RegionalModeIsRefusedNextToAReplicaSet(t *testing.T) {
	for name, clusters := range map[string]map[string]*Cluster{
		"the cluster itself":   {"cluster0": twoRegions("REPLICASET")},
		"the default type":     {"cluster0": {Regions: []string{"eastus2", "westus2"}}},
		"another cluster":      {"orders": twoRegions("SHARDED"), "legacy": {Regions: []string{"eastus2"}}},
		"example world's type": mustWorld(t, "world.example.json").Atlas.Clusters,
	} {
		s := testServer(t, "mongodbatlas", t.TempDir(), worldOf(clusters))
		wantRefusal(t, regionalModeTo(t, s, true), "/privateEndpoint/regionalMode PATCH: HTTP 409", codeEnableWithReplicaSets)
		if records := atlasRecords(t, s, "mongodbatlas_private_endpoint_regional_mode"); len(records) != 0 {
			t.Errorf("%s: a refused toggle must leave nothing behind, got %v", name, records)
		}
	}
	gone := false
	s := testServer(t, "mongodbatlas", t.TempDir(), worldOf(map[string]*Cluster{"orders": twoRegions("SHARDED"), "old": {Exists: &gone}}))
	if diags := regionalModeTo(t, s, true); diags != nil {
		t.Errorf("a deleted replica set does not count: %s", diags[0].Detail)
	}
	if diags := regionalModeTo(t, testServer(t, "mongodbatlas", t.TempDir(), worldOf(map[string]*Cluster{"cluster0": twoRegions("REPLICASET")})), false); diags != nil {
		t.Errorf("enabled = false is no toggle on: %s", diags[0].Detail)
	}
}

func mustWorld(t *testing.T, file string) *World {
	t.Helper()
	w, err := LoadWorld(file)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// §M1.2: while regional mode is on, no replica set can be created, and a replica set read in
// such a project is an inconsistent world, reported as such.
func TestModelM1_2NoReplicaSetWhileRegionalModeIsOn(t *testing.T) {
	s := testServer(t, "mongodbatlas", t.TempDir(), worldOf(map[string]*Cluster{"cluster0": twoRegions("SHARDED")}))
	regionalModeTo(t, s, true)
	for _, kind := range []string{"REPLICASET", ""} {
		_, _, diags := create(t, s, "mongodbatlas_advanced_cluster", map[string]any{"project_id": project, "name": "rs1", "cluster_type": nilIfEmpty(kind)})
		wantRefusal(t, diags, "HTTP 400", codeReplicaSetInRegional, "rs1")
	}
	if _, _, diags := create(t, s, "mongodbatlas_advanced_cluster", map[string]any{"project_id": project, "name": "sh1", "cluster_type": "SHARDED"}); diags != nil {
		t.Errorf("a sharded cluster may be created: %s", diags[0].Detail)
	}

	generated := testServer(t, "mongodbatlas", t.TempDir(), nil) // cluster0 defaults to a replica set
	regionalModeTo(t, generated, true)
	_, diags := readData(t, generated, "mongodbatlas_advanced_cluster", map[string]any{"project_id": project, "name": "cluster0"})
	wantRefusal(t, diags, "cluster cluster0 is a replica set", "§M1.2", "SHARDED or GEOSHARDED")
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// §M1.4: regional mode cannot be turned off while the endpoints are laid out as only it allows;
// one endpoint in each of two regions is a layout it may be turned off with.
func TestModelM1_4DisableIsRefusedWhileTheLayoutNeedsIt(t *testing.T) {
	s := testServer(t, "mongodbatlas", t.TempDir(), worldOf(map[string]*Cluster{"cluster0": twoRegions("SHARDED")}))
	regionalModeTo(t, s, true)
	registerEndpoint(t, s, "eastus2", "pe-east")
	registerEndpoint(t, s, "westus2", "pe-west")
	if diags := toggle(t, s, false); diags != nil {
		t.Fatalf("one endpoint per region: regional mode may be turned off: %s", diags[0].Detail)
	}
	if regionalMode(atlasRecords(t, s, "mongodbatlas_private_endpoint_regional_mode"), project) {
		t.Fatal("the toggle must be stored off")
	}
	if diags := toggle(t, s, true); diags != nil {
		t.Fatal(diags[0].Detail)
	}
	registerEndpoint(t, s, "eastus2", "pe-east-2")
	wantRefusal(t, toggle(t, s, false), "HTTP 409", codeDisable, "2 in eastus2, 1 in westus2")
}
