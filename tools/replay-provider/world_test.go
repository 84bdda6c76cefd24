package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestWorldFileErrorsNameTheFileAndTheField(t *testing.T) {
	cases := map[string]string{
		`{"atlas": {"clusters": {"cluster0": {"regionz": []}}}}`:                                       "atlas.clusters.cluster0.regionz: unknown field",
		`{"azure": {"subnets": {"snet": "10.20.1.0/33"}}}`:                                             `azure.subnets["snet"]: "10.20.1.0/33" is not an IPv4 CIDR`,
		`{"atlas": {"clusters": {"cluster0": {"ports": [1024, 70000]}}}}`:                              "atlas.clusters.cluster0.ports[1]: 70000 is not a port",
		`{"atlas": {"clusters": {"cluster0": {"regions": ["eastus9"]}}}}`:                              `atlas.clusters.cluster0.regions[0]: "eastus9" is not an Azure region`,
		`{"atlas": {"clusters": {"cluster0": {"hash": "ABC"}}}}`:                                       `atlas.clusters.cluster0.hash: "ABC" is not 5 lower-case`,
		`{"atlas": {"clusters": {"cluster0": {"instanceSize": "huge"}}}}`:                              `atlas.clusters.cluster0.instanceSize: "huge" is not an Atlas tier`,
		`{"atlas": {"clusters": {"cluster0": {"ports": "1024"}}}}`:                                     "atlas.clusters.cluster0.ports: expected []int",
		`{"atlas": {"clusters": {"c": {"projectId": "abc"}}}}`:                                         `atlas.clusters.c.projectId: "abc" is not an Atlas project id (24 hex digits)`,
		`{"azure": {"subscriptionId": "nope"}}`:                                                        `azure.subscriptionId: "nope" is not a subscription id`,
		`{"atlas": {"clusters": {"c": {"regionPorts": {"eastus9": [1024]}}}}}`:                         `atlas.clusters.c.regionPorts["eastus9"]: "eastus9" is not an Azure region`,
		`{"atlas": {"clusters": {"c": {"regions": ["eastus2"], "regionPorts": {"westus2": [1024]}}}}}`: `atlas.clusters.c.regionPorts["westus2"]: the cluster has no nodes in westus2`,
		`{"atlas": {"clusters": {"c": {"regionPorts": {"eastus2": []}}}}}`:                             `atlas.clusters.c.regionPorts["eastus2"]: must list at least one port`,
		`{"atlas": {"clusters": {"c": {"regionPorts": {"eastus2": [1024, 1024]}}}}}`:                   `atlas.clusters.c.regionPorts["eastus2"][1]: port 1024 is listed twice`,
		`{"atlas": {"clusters": {"c": {"regionPorts": {"eastus2": 1024}}}}}`:                           "atlas.clusters.c.regionPorts: expected",
		`{"atlass": {}}`: "atlass: unknown field",
		`[1, 2]`:         "not a JSON object",
	}
	expectWorldRefusals(t, cases)
	if _, err := LoadWorld(filepath.Join(t.TempDir(), "missing.json")); err == nil || !strings.Contains(err.Error(), "ATLAS_PL_REPLAY_WORLD") {
		t.Errorf("a missing world file must name the variable, got %v", err)
	}
}

func TestShippedExampleWorldIsValid(t *testing.T) {
	w, err := LoadWorld("world.example.json")
	if err != nil {
		t.Fatal(err)
	}
	if c := w.Cluster(project, "cluster0", nil); c.Hash != "abc12" || c.ReplicaSetName != "atlas-x7k2qp-shard-0" {
		t.Errorf("example world cluster0 = %+v", c)
	}
	if n, _ := w.SubnetRange(subnet); n.String() != "10.20.1.0/24" {
		t.Errorf("example subnet range = %v", n)
	}
}

func TestSubnetsWithoutARangeGetAStable10Slash24(t *testing.T) {
	w := &World{}
	a, _ := w.SubnetRange(subnet)
	b, _ := w.SubnetRange(strings.ToUpper(subnet))
	if a.String() != b.String() || !strings.HasPrefix(a.String(), "10.") || !strings.HasSuffix(a.String(), "/24") {
		t.Fatalf("%v %v", a, b)
	}
}
