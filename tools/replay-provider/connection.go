package main

import (
	"fmt"
	"strings"
)

// EndpointConnection is Azure's state of a private endpoint's connection to the service it
// connects to (model §M7.1), world field azure.privateEndpointConnections.<endpoint>: keyed by the
// private endpoint's ARM id (case-insensitive) or its name. Only the data source
// `azurerm_private_endpoint_connection` shows it (`private_service_connection[0].status` and
// `.request_response`); it is read at every read, so a world edited after a green apply is what
// the next refresh shows (a connection the service owner rejects or removes later).
type EndpointConnection struct {
	Status          string `json:"status"`
	RequestResponse string `json:"requestResponse"`
}

// connectionStatuses are the values azurerm documents for `private_service_connection.status`
// (TPA v4.55.0 / v4.81.0 website/docs/d/private_endpoint_connection.html.markdown), spelled as
// Azure returns them.
var connectionStatuses = []string{"Approved", "Pending", "Rejected", "Disconnected"}

func (e *EndpointConnection) validate(where string) error {
	if e == nil {
		return fmt.Errorf("%s: must be an object", where)
	}
	if !contains(connectionStatuses, e.Status) {
		return fmt.Errorf("%s.status: %q is not an Azure private endpoint connection status (expected one of %s)", where, e.Status, strings.Join(connectionStatuses, ", "))
	}
	return nil
}

func checkConnectionKey(key string) error {
	if strings.TrimSpace(key) == "" || strings.Contains(key, "/") && !strings.Contains(strings.ToLower(key), "/providers/microsoft.network/privateendpoints/") {
		return fmt.Errorf("azure.privateEndpointConnections[%q]: expected an Azure private endpoint's ARM id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateEndpoints/<name>) or its name", key)
	}
	return nil
}

// ConnectionFor is the world's entry for this private endpoint's connection, nil when it has none.
func (w *World) ConnectionFor(endpointID string) *EndpointConnection {
	name := endpointID[strings.LastIndex(endpointID, "/")+1:]
	for _, key := range sortedKeys(w.Azure.PrivateEndpointConnections) {
		if strings.EqualFold(key, endpointID) || key == name {
			return w.Azure.PrivateEndpointConnections[key]
		}
	}
	return nil
}

// azurePrivateEndpointConnection answers the data source from the private endpoint this provider
// created (TPA v4.55.0 and v4.81.0 `private_endpoint_connection_data_source.go`, the same in both):
// the endpoint is looked up by name and resource group in the provider's subscription; a missing
// one is azurerm's "was not found" error. Without a world entry the connection is Approved: the
// stack reads it after Atlas' registration, which approves it (model §M7.1); what Atlas writes as
// the approval's description is not documented, so request_response stays empty.
func azurePrivateEndpointConnection(c *shapeCtx) (*shape, error) {
	name, group := str(c.config, "name"), str(c.config, "resource_group_name")
	sub := c.sub()
	id := armID(sub, group, "Microsoft.Network/privateEndpoints/"+name)
	var found *Record
	for _, r := range ofType(c.records, "azurerm_private_endpoint") {
		// Without any configured subscription the endpoint followed its subnet's: match by group and name.
		if strings.EqualFold(r.ID, id) || c.subscription == "" && strings.EqualFold(str(r.State, "resource_group_name"), group) && str(r.State, "name") == name {
			found = r
			break
		}
	}
	if found == nil {
		return nil, fmt.Errorf("Private Endpoint (Subscription: %q\nResource Group Name: %q\nPrivate Endpoint Name: %q) was not found", sub, group, name)
	}
	status, response := "Approved", ""
	if conn := c.world.ConnectionFor(found.ID); conn != nil {
		status, response = conn.Status, conn.RequestResponse
	}
	psc := firstElement(found.State, "private_service_connection")
	return &shape{id: found.ID, values: map[string]any{
		"location":          str(found.State, "location"),
		"network_interface": found.State["network_interface"],
		"private_service_connection": []any{map[string]any{
			"name":               str(psc, "name"),
			"private_ip_address": str(psc, "private_ip_address"),
			"status":             status,
			"request_response":   response,
		}},
	}}, nil
}
