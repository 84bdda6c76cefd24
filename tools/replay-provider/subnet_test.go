package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func withStaticIP(name, ip string) map[string]any {
	return privateEndpoint(name, "/pls", map[string]any{"ip_configuration": []any{map[string]any{
		"name": name + "-ip", "private_ip_address": ip, "subresource_name": nil, "member_name": nil,
	}}})
}

func TestStaticIPsAreRefusedAsAzureDoes(t *testing.T) {
	named := &World{Azure: AzureWorld{Subnets: map[string]string{subnet: "10.20.1.0/26"}}}
	cases := []struct {
		world *World
		ip    string
		want  string
	}{
		{named, "10.20.1.64", "PrivateIPAddressNotInSubnet: Private static IP address 10.20.1.64 does not belong to the range of subnet prefix 10.20.1.0/26"},
		{named, "10.30.1.10", "PrivateIPAddressNotInSubnet"},
		{named, "10.20.1.0", "PrivateIPAddressInReservedRange"},
		{named, "10.20.1.1", "PrivateIPAddressInReservedRange"},
		{named, "10.20.1.3", "PrivateIPAddressInReservedRange: Private static IP address 10.20.1.3 falls within reserved IP range of subnet prefix 10.20.1.0/26"},
		{named, "10.20.1.63", "PrivateIPAddressInReservedRange"},
		{named, "10.20.1.999", `PrivateIPAddressInvalid: ip_configuration.private_ip_address "10.20.1.999" is not an IPv4 address`},
		// Without a range in the world file, the /24 around the address stands in.
		{nil, "10.20.1.2", "PrivateIPAddressInReservedRange"},
		{nil, "10.20.1.255", "PrivateIPAddressInReservedRange"},
	}
	for _, tc := range cases {
		s := testServer(t, "azurerm", t.TempDir(), tc.world)
		_, _, diags := create(t, s, "azurerm_private_endpoint", withStaticIP("pe-a", tc.ip))
		if diags == nil || !strings.Contains(diags[0].Detail, tc.want) {
			t.Errorf("%s: want %q, got %v", tc.ip, tc.want, diags)
		}
	}
	for _, tc := range []struct {
		world *World
		ip    string
	}{{named, "10.20.1.4"}, {named, "10.20.1.62"}, {nil, "10.20.1.4"}, {nil, "10.20.1.254"}} {
		s := testServer(t, "azurerm", t.TempDir(), tc.world)
		state := mustCreate(t, s, "azurerm_private_endpoint", withStaticIP("pe-a", tc.ip))
		if got := str(firstElement(state, "private_service_connection"), "private_ip_address"); got != tc.ip {
			t.Errorf("%s: endpoint got %q", tc.ip, got)
		}
	}
}

func TestAStaticIPAnotherEndpointHoldsIsRefused(t *testing.T) {
	s := testServer(t, "azurerm", t.TempDir(), nil)
	first := mustCreate(t, s, "azurerm_private_endpoint", privateEndpoint("pe-a", "/pls", nil))
	taken := str(firstElement(first, "private_service_connection"), "private_ip_address")
	_, _, diags := create(t, s, "azurerm_private_endpoint", withStaticIP("pe-b", taken))
	if diags == nil || !strings.Contains(diags[0].Detail, "PrivateIPAddressIsAllocated") || !strings.Contains(diags[0].Detail, "privateEndpoints/pe-a") {
		t.Fatalf("want PrivateIPAddressIsAllocated naming pe-a, got %v", diags)
	}
}

func TestWorldFileRefusesDuplicatePortsPublicRangesAndBadVersions(t *testing.T) {
	cases := map[string]string{
		`{"atlas": {"clusters": {"cluster0": {"ports": [1024, 1025, 1024]}}}}`: "atlas.clusters.cluster0.ports[2]: port 1024 is listed twice",
		`{"azure": {"subnets": {"snet": "20.20.1.0/24"}}}`:                     `azure.subnets["snet"]: "20.20.1.0/24" is not a private range`,
		`{"azure": {"subnets": {"snet": "172.32.0.0/24"}}}`:                    "is not a private range",
		`{"azure": {"subnets": {"snet": "10.0.0.0/7"}}}`:                       "is not a private range",
		`{"azure": {"subnets": {"snet": "10.20.1.0/30"}}}`:                     "smaller than /29",
		`{"azure": {"subnets": {"snet": "10.20.1.7/24"}}}`:                     "has host bits set: the range starts at 10.20.1.0/24",
		`{"atlas": {"clusters": {"cluster0": {"mongoDbVersion": "8"}}}}`:       `atlas.clusters.cluster0.mongoDbVersion: "8" is not a MongoDB version`,
		`{"atlas": {"clusters": {"cluster0": {"mongoDbVersion": "8.0.x"}}}}`:   "mongoDbVersion",
	}
	expectWorldRefusals(t, cases)
	for _, ok := range []string{"10.20.1.0/29", "172.16.0.0/12", "192.168.10.0/24"} {
		if err := checkSubnetRange(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}

// A state file holding null or incomplete records is an error naming the file and the record,
// never a panic, in every operation that reads it.
func TestCorruptStateRecordsAreErrorsNotPanics(t *testing.T) {
	cases := map[string]string{
		`{"records": [null]}`: "records[0] is null",
		`{"records": [{"type": "azurerm_private_endpoint", "id": "x", "state": {}}, {"id": "y", "state": {}}]}`: "records[1].type is missing",
		`{"records": [{"type": "azurerm_private_endpoint", "state": {}}]}`:                                      "records[0].id is missing",
		`{"records": [{"type": "azurerm_private_endpoint", "id": "x", "state": null}]}`:                         "records[0].state is missing or null",
	}
	for text, want := range cases {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "azurerm.json"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		s := testServer(t, "azurerm", dir, nil)
		_, _, diags := create(t, s, "azurerm_private_endpoint", privateEndpoint("pe-a", "/pls", nil))
		if diags == nil || !strings.Contains(diags[0].Detail, filepath.Join(dir, "azurerm.json")) || !strings.Contains(diags[0].Detail, want) {
			t.Errorf("%s: want the file and %q, got %v", text, want, diags)
		}
	}
	// A null document or no records at all is an empty cloud.
	for _, text := range []string{`null`, `{}`, `{"records": null}`} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "azurerm.json"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, testServer(t, "azurerm", dir, nil), "azurerm_private_endpoint", privateEndpoint("pe-a", "/pls", nil))
	}
}

// A world cluster whose version has no dot used to panic the data source; it cannot load now,
// and the default cluster still reads.
func TestClusterDataSourceNeverPanicsOnTheWorldsVersion(t *testing.T) {
	file := filepath.Join(t.TempDir(), "world.json")
	if err := os.WriteFile(file, []byte(`{"atlas": {"clusters": {"cluster0": {"mongoDbVersion": "80"}}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadWorld(file); err == nil {
		t.Fatal("a version without a dot must not load")
	}
	s := testServer(t, "mongodbatlas", t.TempDir(), nil)
	state, diags := readData(t, s, "mongodbatlas_advanced_cluster", map[string]any{"project_id": project, "name": "cluster0"})
	if diags != nil || str(state, "mongo_db_major_version") != "8.0" {
		t.Fatalf("got %v %v", state["mongo_db_major_version"], diags)
	}
}
