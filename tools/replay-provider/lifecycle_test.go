package main

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

const (
	project = "64b7f2c1e4b0a1d2c3f4a5b6"
	sub     = "8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b"
	subnet  = "/subscriptions/" + sub + "/resourceGroups/rg-app-prod/providers/Microsoft.Network/virtualNetworks/vnet-app-prod/subnets/snet-private-endpoints"
)

func privateEndpoint(name, plsID string, extra map[string]any) map[string]any {
	attrs := map[string]any{
		"name": name, "resource_group_name": "rg-app-prod", "location": "eastus2", "subnet_id": subnet,
		"private_service_connection": []any{map[string]any{
			"name": name, "is_manual_connection": true, "private_connection_resource_id": plsID, "request_message": "please",
			"private_ip_address": nil, "private_connection_resource_alias": nil, "subresource_names": nil,
		}},
	}
	for k, v := range extra {
		attrs[k] = v
	}
	return attrs
}

func TestCreatePlansComputedUnknownAndAppliesAtlasShapedValues(t *testing.T) {
	s := testServer(t, "mongodbatlas", t.TempDir(), nil)
	planned, applied, diags := create(t, s, "mongodbatlas_privatelink_endpoint", map[string]any{"project_id": project, "provider_name": "AZURE", "region": "eastus2"})
	if diags != nil {
		t.Fatal(diags[0].Detail)
	}
	var fields map[string]tftypes.Value
	_ = planned.As(&fields)
	for _, name := range []string{"id", "private_link_id", "private_link_service_resource_id", "status"} {
		if fields[name].IsKnown() {
			t.Errorf("planned %s is known (%v), want unknown until apply", name, fields[name])
		}
	}
	if !fields["region"].IsKnown() {
		t.Error("planned region (configured) must stay known")
	}
	state := plainObject(applied)
	link := str(state, "private_link_id")
	if len(link) != 24 || strings.Trim(link, "0123456789abcdef") != "" {
		t.Errorf("private_link_id %q is not 24 hex digits", link)
	}
	if want := "pls_" + link; str(state, "private_link_service_name") != want {
		t.Errorf("private_link_service_name = %q, want %q", str(state, "private_link_service_name"), want)
	}
	pls := str(state, "private_link_service_resource_id")
	if !strings.HasPrefix(pls, "/subscriptions/") || !strings.HasSuffix(pls, "/providers/Microsoft.Network/privateLinkServices/pls_"+link) {
		t.Errorf("private_link_service_resource_id %q is not an Azure private link service id", pls)
	}
	if str(state, "status") != "AVAILABLE" || str(state, "region_name") != "US_EAST_2" {
		t.Errorf("status %q region_name %q", str(state, "status"), str(state, "region_name"))
	}
}

func TestSecondServiceInTheSameRegionIsRefusedAsAtlasDoes(t *testing.T) {
	s := testServer(t, "mongodbatlas", t.TempDir(), nil)
	mustCreate(t, s, "mongodbatlas_privatelink_endpoint", map[string]any{"project_id": project, "provider_name": "AZURE", "region": "eastus2"})
	_, _, diags := create(t, s, "mongodbatlas_privatelink_endpoint", map[string]any{"project_id": project, "provider_name": "AZURE", "region": "US_EAST_2"})
	if diags == nil || !strings.Contains(diags[0].Detail, "PRIVATE_ENDPOINT_SERVICE_ALREADY_EXISTS_FOR_REGION") {
		t.Fatalf("want a 409 for the same region in either form, got %v", diags)
	}
}

func TestPrivateEndpointIdAndIPsComeFromTheSubnet(t *testing.T) {
	world := &World{Azure: AzureWorld{Subnets: map[string]string{"snet-private-endpoints": "10.20.1.0/24"}}}
	s := testServer(t, "azurerm", t.TempDir(), world)
	first := mustCreate(t, s, "azurerm_private_endpoint", privateEndpoint("pe-a", "/pls", nil))
	if want := "/subscriptions/" + sub + "/resourceGroups/rg-app-prod/providers/Microsoft.Network/privateEndpoints/pe-a"; str(first, "id") != want {
		t.Errorf("id = %q, want %q", str(first, "id"), want)
	}
	if ip := str(firstElement(first, "private_service_connection"), "private_ip_address"); ip != "10.20.1.4" {
		t.Errorf("first endpoint IP = %q, want 10.20.1.4 (Azure keeps .0-.3)", ip)
	}
	second := mustCreate(t, s, "azurerm_private_endpoint", privateEndpoint("pe-b", "/pls", nil))
	if ip := str(firstElement(second, "private_service_connection"), "private_ip_address"); ip != "10.20.1.5" {
		t.Errorf("second endpoint IP = %q, want 10.20.1.5", ip)
	}
	static := mustCreate(t, s, "azurerm_private_endpoint", privateEndpoint("pe-c", "/pls", map[string]any{
		"ip_configuration": []any{map[string]any{"name": "ip", "private_ip_address": "10.20.1.50", "member_name": nil, "subresource_name": nil}},
	}))
	if ip := str(firstElement(static, "private_service_connection"), "private_ip_address"); ip != "10.20.1.50" {
		t.Errorf("static endpoint IP = %q, want 10.20.1.50", ip)
	}
	nics, _ := first["network_interface"].([]any)
	if len(nics) != 1 || !strings.Contains(str(nics[0].(map[string]any), "id"), "/networkInterfaces/pe-a.nic.") {
		t.Errorf("network_interface = %v", first["network_interface"])
	}
}

func TestManualConnectionWithoutRequestMessageIsRefused(t *testing.T) {
	s := testServer(t, "azurerm", t.TempDir(), nil)
	attrs := privateEndpoint("pe-a", "/pls", nil)
	attrs["private_service_connection"].([]any)[0].(map[string]any)["request_message"] = nil
	_, _, diags := create(t, s, "azurerm_private_endpoint", attrs)
	if diags == nil || !strings.Contains(diags[0].Detail, "request_message must be set") {
		t.Fatalf("want the manual-connection error, got %v", diags)
	}
}

// The lifecycle as the engine drives it: read returns what apply stored, an unchanged
// configuration plans no change, a changed region requires replacement, destroy removes it.
func TestReadReplanAndDestroy(t *testing.T) {
	s := testServer(t, "mongodbatlas", t.TempDir(), nil)
	typeName := "mongodbatlas_privatelink_endpoint"
	typ := mustResource(t, s.schema, typeName).Block.ObjectType()
	attrs := map[string]any{"project_id": project, "provider_name": "AZURE", "region": "eastus2"}
	_, applied, _ := create(t, s, typeName, attrs)
	ctx := context.Background()
	read, _ := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: dyn(t, typ, applied)})
	got, _ := read.NewState.Unmarshal(typ)
	if !got.Equal(applied) {
		t.Fatalf("read returned %v, want what apply stored", got)
	}
	replan, _ := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: typeName, PriorState: dyn(t, typ, got), ProposedNewState: dyn(t, typ, got), Config: dyn(t, typ, config(t, mustResource(t, s.schema, typeName).Block, attrs))})
	if p, _ := replan.PlannedState.Unmarshal(typ); !p.Equal(got) || len(replan.RequiresReplace) > 0 {
		t.Fatalf("unchanged configuration must plan no change: %v, replace %v", p, replan.RequiresReplace)
	}
	moved := plainObject(got)
	moved["region"] = "westus2"
	movedVal, _ := fromPlain(typ, moved)
	replace, _ := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: typeName, PriorState: dyn(t, typ, got), ProposedNewState: dyn(t, typ, movedVal), Config: dyn(t, typ, movedVal)})
	if len(replace.RequiresReplace) != 1 || replace.RequiresReplace[0].String() != `AttributeName("region")` {
		t.Fatalf("a new region must require replacement, got %v", replace.RequiresReplace)
	}
	null := tftypes.NewValue(typ, nil)
	destroyed, _ := s.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: typeName, PriorState: dyn(t, typ, got), PlannedState: dyn(t, typ, null), Config: dyn(t, typ, null)})
	if v, _ := destroyed.NewState.Unmarshal(typ); !v.IsNull() {
		t.Fatal("destroy must return a null state")
	}
	gone, _ := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: dyn(t, typ, got)})
	if v, _ := gone.NewState.Unmarshal(typ); !v.IsNull() {
		t.Fatal("a destroyed object must read as gone")
	}
}

func TestImportFindsStoredObjectsByIdOrImportId(t *testing.T) {
	s := testServer(t, "mongodbatlas", t.TempDir(), nil)
	state := mustCreate(t, s, "mongodbatlas_privatelink_endpoint", map[string]any{"project_id": project, "provider_name": "AZURE", "region": "eastus2"})
	importID := project + "-" + str(state, "private_link_id") + "-AZURE-eastus2"
	resp, _ := s.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{TypeName: "mongodbatlas_privatelink_endpoint", ID: importID})
	if len(resp.Diagnostics) > 0 || len(resp.ImportedResources) != 1 {
		t.Fatalf("import %q: %v", importID, resp.Diagnostics)
	}
	missing, _ := s.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{TypeName: "mongodbatlas_privatelink_endpoint", ID: "nope"})
	if len(missing.Diagnostics) == 0 || !strings.Contains(missing.Diagnostics[0].Detail, `import id "nope"`) {
		t.Fatalf("importing an unknown id must say so, got %v", missing.Diagnostics)
	}
}

func TestUnknownTypeIsAnErrorNamingTheSchemaFile(t *testing.T) {
	s := testServer(t, "azurerm", t.TempDir(), nil)
	resp, _ := s.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{TypeName: "azurerm_nope"})
	if len(resp.Diagnostics) == 0 || !strings.Contains(resp.Diagnostics[0].Detail, `"azurerm_nope" is not in the recorded schema`) || !strings.Contains(resp.Diagnostics[0].Detail, "azurerm-4.55.0.json") {
		t.Fatalf("got %v", resp.Diagnostics)
	}
}

func TestCreatingAnObjectThatExistsIsRefusedAsAzureDoes(t *testing.T) {
	s := testServer(t, "azurerm", t.TempDir(), nil)
	mustCreate(t, s, "azurerm_private_endpoint", privateEndpoint("pe-a", "/pls", nil))
	_, _, diags := create(t, s, "azurerm_private_endpoint", privateEndpoint("pe-a", "/pls", nil))
	if diags == nil || !strings.Contains(diags[0].Detail, "already exists - to be managed via Terraform this resource needs to be imported") {
		t.Fatalf("got %v", diags)
	}
}
