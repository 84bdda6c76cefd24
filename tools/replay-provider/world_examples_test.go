package main

import "testing"

// The shipped example worlds load, and the simulated Atlas publishes for each the shapes its
// _about promises (docs/atlas-azure-model.md §M3.3 multi-region replica set, §M3.5/§M3.6
// multi-region sharded cluster without and with regional mode).
func TestExampleWorldMultiRegionReplicaSet(t *testing.T) {
	w := mustWorld(t, "world.multi-region-replica-set.example.json")
	s := testServer(t, "mongodbatlas", t.TempDir(), w)
	wantRefusal(t, regionalModeTo(t, s, true), codeEnableWithReplicaSets) // §M1.2
	registerEndpoint(t, s, "eastus2", "pe-atlas-eastus2")
	registerEndpoint(t, s, "westus2", "pe-atlas-westus2")
	pe := privateEndpoints(t, s)
	want := "mongodb://pl-0-eastus2.abc12.mongodb.net:1024,pl-0-eastus2.abc12.mongodb.net:1025,pl-0-eastus2.abc12.mongodb.net:1026," +
		"pl-0-westus2.abc12.mongodb.net:1024,pl-0-westus2.abc12.mongodb.net:1025/?ssl=true&authSource=admin&replicaSet=atlas-x7k2qp-shard-0"
	if len(pe) != 1 || str(pe[0], "connection_string") != want || len(pe[0]["endpoints"].([]any)) != 2 {
		t.Fatalf("got %v, want one entry %s naming both endpoints", pe, want)
	}
	west := "/subscriptions/" + sub + "/resourceGroups/rg-app-west/providers/Microsoft.Network/virtualNetworks/vnet-app-west/subnets/snet-private-endpoints"
	if n, _ := w.SubnetRange(west); n.String() != "10.30.1.0/24" {
		t.Errorf("west subnet = %v", n)
	}
}

func TestExampleWorldMultiRegionSharded(t *testing.T) {
	w := mustWorld(t, "world.multi-region-sharded.example.json")
	plain := testServer(t, "mongodbatlas", t.TempDir(), w)
	registerEndpoint(t, plain, "eastus2", "pe-atlas-eastus2")
	registerEndpoint(t, plain, "westus2", "pe-atlas-westus2")
	if pe := privateEndpointsOf(t, plain, "geo0"); len(pe) != 1 || str(pe[0], "type") != "MONGOS" || len(hostsOf(str(pe[0], "connection_string"))) != 5 {
		t.Fatalf("without regional mode: one MONGOS entry spanning 5 mongos, got %v", pe)
	}

	regional := testServer(t, "mongodbatlas", t.TempDir(), w)
	if diags := regionalModeTo(t, regional, true); diags != nil {
		t.Fatal(diags[0].Detail)
	}
	registerEndpoint(t, regional, "eastus2", "pe-atlas-eastus2")
	registerEndpoint(t, regional, "westus2", "pe-atlas-westus2")
	pe := privateEndpointsOf(t, regional, "geo0")
	if len(pe) != 2 {
		t.Fatalf("regional mode: one entry per endpoint, got %v", pe)
	}
	for i, c := range []struct {
		srv, first string
		mongos     int
	}{
		{"mongodb+srv://geo0-pl-0-eastus2.q4w7e.mongodb.net", "pl-0-eastus2.q4w7e.mongodb.net:1024", 3},
		{"mongodb+srv://geo0-pl-0-westus2.q4w7e.mongodb.net", "pl-0-westus2.q4w7e.mongodb.net:1024", 2},
	} {
		hosts := hostsOf(str(pe[i], "connection_string"))
		if str(pe[i], "srv_connection_string") != c.srv || hosts[0] != c.first || len(hosts) != c.mongos {
			t.Errorf("entry %d = %v, want %s with %d mongos from %s", i, pe[i], c.srv, c.mongos, c.first)
		}
	}
}

// world.example.json: cluster0 is a replica set of the example configs' project only, geo0 the
// global sharded cluster of config/sharded-regional.json's project, where regional mode is
// allowed (§M1.2) and its strings take the regional shape (§M3.6).
func TestExampleWorldKeepsEachClusterInItsProject(t *testing.T) {
	const geoProject = "64b7f2c1e4b0a1d2c3f4a5c7"
	w := mustWorld(t, "world.example.json")
	if got := worldReplicaSets(w, geoProject); len(got) != 0 {
		t.Fatalf("geo0's project holds no replica set, got %v", got)
	}
	if got := worldReplicaSets(w, project); len(got) != 1 || got[0] != "cluster0" {
		t.Fatalf("the example project holds cluster0, got %v", got)
	}
	if f := w.Cluster(geoProject, "cluster0", []string{"eastus2"}); f.Hash == "abc12" {
		t.Errorf("cluster0 of another project must be generated, not the example's: %+v", f)
	}
	if f := w.Cluster(geoProject, "geo0", nil); f.ClusterType != "GEOSHARDED" || f.Hash != "q4w7e" || len(f.Regions) != 2 {
		t.Errorf("geo0 = %+v", f)
	}
	if f := w.Cluster(project, "geo0", nil); f.ClusterType != "REPLICASET" || f.Hash == "q4w7e" {
		t.Errorf("geo0 is not in the example project: %+v", f)
	}
}
