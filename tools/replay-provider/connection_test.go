package main

import (
	"strings"
	"testing"
)

var azurermVersions = []string{"4.55.0", "4.81.0"}

// azurermAt is an azurerm replay of one recorded version, configured for subscription sub, on the
// simulated cloud in dir.
func azurermAt(t *testing.T, version, dir, subscription string, world *World) *Server {
	t.Helper()
	if world == nil {
		world = &World{}
	}
	return &Server{schema: providerSchemaAt(t, "azurerm", version), world: world, store: &Store{Dir: dir, Provider: "azurerm"}, subscription: subscription}
}

const plsID = "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg_x/providers/Microsoft.Network/privateLinkServices/pls_x"

func readConnection(t *testing.T, s *Server, name string) (map[string]any, string) {
	t.Helper()
	state, diags := readData(t, s, "azurerm_private_endpoint_connection", map[string]any{"name": name, "resource_group_name": "rg-app-prod"})
	if diags != nil {
		return nil, diags[0].Summary + ": " + diags[0].Detail
	}
	return state, ""
}

func connectionOf(t *testing.T, state map[string]any) map[string]any {
	t.Helper()
	list, _ := state["private_service_connection"].([]any)
	if len(list) != 1 {
		t.Fatalf("private_service_connection: want one element, got %v", state["private_service_connection"])
	}
	return list[0].(map[string]any)
}

// Model §M7.4 / §M14.10: the data source answers from the endpoint the provider created, in both
// majors' shape (the schema and the code are the same in 4.55.0 and 4.81.0); Approved without a
// world entry.
func TestM7_4ConnectionOfACreatedEndpointIsApprovedByDefault(t *testing.T) {
	for _, v := range azurermVersions {
		t.Run(v, func(t *testing.T) {
			s := azurermAt(t, v, t.TempDir(), sub, nil)
			pe := mustCreate(t, s, "azurerm_private_endpoint", privateEndpoint(endpointName, plsID, nil))
			state, err := readConnection(t, s, endpointName)
			if err != "" {
				t.Fatal(err)
			}
			conn := connectionOf(t, state)
			if str(state, "id") != endpointID || str(state, "id") != str(pe, "id") {
				t.Errorf("id %q, want the endpoint's %q", str(state, "id"), str(pe, "id"))
			}
			if str(conn, "status") != "Approved" || str(conn, "request_response") != "" {
				t.Errorf("connection %v, want Approved with no response", conn)
			}
			if want := str(firstElement(pe, "private_service_connection"), "private_ip_address"); str(conn, "private_ip_address") != want || want == "" {
				t.Errorf("private_ip_address %q, want the endpoint's %q", str(conn, "private_ip_address"), want)
			}
			if str(conn, "name") != endpointName || str(state, "location") != "eastus2" {
				t.Errorf("name %q, location %q", str(conn, "name"), str(state, "location"))
			}
			if nic := firstElement(state, "network_interface"); str(nic, "id") != str(firstElement(pe, "network_interface"), "id") {
				t.Errorf("network_interface %v, want the endpoint's", nic)
			}
		})
	}
}

// Model §M7.1 / §M14.10: the world's status and response are read at every read, so a world
// edited after the apply (the owner rejected or removed the connection) is what a refresh shows.
func TestM14_10ConnectionStatusFollowsTheWorldOnEveryRead(t *testing.T) {
	for _, v := range azurermVersions {
		t.Run(v, func(t *testing.T) {
			dir := t.TempDir()
			mustCreate(t, azurermAt(t, v, dir, sub, nil), "azurerm_private_endpoint", privateEndpoint(endpointName, plsID, nil))
			for _, c := range []struct{ key, status, response string }{
				{endpointName, "Rejected", "not for this project"},
				{strings.ToUpper(endpointID), "Disconnected", "Deleted state"},
				{endpointName, "Pending", "please"},
			} {
				world := &World{Azure: AzureWorld{PrivateEndpointConnections: map[string]*EndpointConnection{c.key: {Status: c.status, RequestResponse: c.response}}}}
				state, err := readConnection(t, azurermAt(t, v, dir, sub, world), endpointName)
				if err != "" {
					t.Fatal(err)
				}
				if conn := connectionOf(t, state); str(conn, "status") != c.status || str(conn, "request_response") != c.response {
					t.Errorf("world %s=%s: got %v", c.key, c.status, conn)
				}
			}
			// Another endpoint's entry does not apply.
			other := &World{Azure: AzureWorld{PrivateEndpointConnections: map[string]*EndpointConnection{"pe-other": {Status: "Rejected"}}}}
			state, _ := readConnection(t, azurermAt(t, v, dir, sub, other), endpointName)
			if str(connectionOf(t, state), "status") != "Approved" {
				t.Errorf("another endpoint's entry applied: %v", state)
			}
		})
	}
}

// Model §M7.4, §M9.1: the data source looks in its provider's subscription only, and a missing
// endpoint is azurerm's "was not found" error (the read the first plan must not make).
func TestM7_4ConnectionOfAnEndpointNotThereIsAzurermsNotFound(t *testing.T) {
	dir := t.TempDir()
	spoke := azurermAt(t, "4.81.0", dir, spokeSub, nil)
	mustCreate(t, spoke, "azurerm_private_endpoint", privateEndpoint("pe-spoke", plsID, map[string]any{"subnet_id": spokeSubnet(spokeSub), "resource_group_name": "rg-app-prod"}))
	if _, err := readConnection(t, spoke, "pe-spoke"); err != "" {
		t.Fatalf("through the endpoint's own provider: %s", err)
	}
	_, err := readConnection(t, azurermAt(t, "4.81.0", dir, hubSub, nil), "pe-spoke")
	want := "Private Endpoint (Subscription: \"" + hubSub + "\"\nResource Group Name: \"rg-app-prod\"\nPrivate Endpoint Name: \"pe-spoke\") was not found"
	if !strings.Contains(err, want) {
		t.Errorf("through another subscription's provider: got %q, want %q", err, want)
	}
	if _, err := readConnection(t, spoke, "pe-never-created"); !strings.Contains(err, `Private Endpoint Name: "pe-never-created") was not found`) {
		t.Errorf("an endpoint never created: got %q", err)
	}
}

func TestM14_10ConnectionWorldErrorsNameTheField(t *testing.T) {
	expectWorldRefusals(t, map[string]string{
		`{"azure": {"privateEndpointConnections": {"pe": {"status": "REJECTED"}}}}`:                         `azure.privateEndpointConnections["pe"].status: "REJECTED" is not an Azure private endpoint connection status (expected one of Approved, Pending, Rejected, Disconnected)`,
		`{"azure": {"privateEndpointConnections": {"pe": {}}}}`:                                             `azure.privateEndpointConnections["pe"].status: "" is not an Azure private endpoint connection status`,
		`{"azure": {"privateEndpointConnections": {"pe": {"state": "Rejected"}}}}`:                          `azure.privateEndpointConnections["pe"].state: unknown field (expected one of status, requestResponse)`,
		`{"azure": {"privateEndpointConnections": {"pe": {"status": "Rejected", "requestResponse": 1}}}}`:   `azure.privateEndpointConnections["pe"].requestResponse: expected string, got a JSON number`,
		`{"azure": {"privateEndpointConnections": {"pe": "Rejected"}}}`:                                     `azure.privateEndpointConnections["pe"]: must be an object`,
		`{"azure": {"privateEndpointConnections": {"/subscriptions/x/subnets/y": {"status": "Rejected"}}}}`: `azure.privateEndpointConnections["/subscriptions/x/subnets/y"]: expected an Azure private endpoint's ARM id`,
		`{"azure": {"privateEndpointConnection": {}}}`:                                                      `azure.privateEndpointConnection: unknown field (expected one of subscriptionId, subnets, subnetRegions, privateEndpointConnections)`,
	})
}
