package main

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

const (
	hubSub   = "4c1d7e2a-9b3f-4a6e-8d5c-2f7a1b9e0c3d"
	spokeSub = "5b2e8f14-7c3a-4d9b-a1e6-3f8c0d2b7a95"
)

func spokeSubnet(sub string) string {
	return "/subscriptions/" + sub + "/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/snet-pe"
}

// azurermAlias is one configured azurerm provider (one alias: its own process) on a shared cloud.
func azurermAlias(t *testing.T, dir string, world *World, env map[string]string, providerAttrs map[string]any) (*Server, []*tfprotov6.Diagnostic) {
	t.Helper()
	s := testServer(t, "azurerm", dir, world)
	s.getenv = func(k string) string { return env[k] }
	b := s.schema.Provider.Block
	resp, err := s.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{Config: dyn(t, b.ObjectType(), config(t, b, providerAttrs))})
	if err != nil {
		t.Fatal(err)
	}
	return s, errorsOf(resp.Diagnostics)
}

func mustAlias(t *testing.T, dir string, sub string) *Server {
	t.Helper()
	s, diags := azurermAlias(t, dir, nil, nil, map[string]any{"subscription_id": sub})
	if diags != nil {
		t.Fatalf("configure: %s", diags[0].Detail)
	}
	return s
}

func spokeEndpoint(name, sub string) map[string]any {
	return privateEndpoint(name, "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg_x/providers/Microsoft.Network/privateLinkServices/pls_x", map[string]any{"subnet_id": spokeSubnet(sub), "resource_group_name": "rg-spoke"})
}

func TestEachAliasCreatesInItsOwnSubscriptionThroughReplanImportAndDestroy(t *testing.T) {
	dir := t.TempDir()
	hub, spoke := mustAlias(t, dir, hubSub), mustAlias(t, dir, spokeSub)
	ctx := context.Background()

	pe := mustCreate(t, spoke, "azurerm_private_endpoint", spokeEndpoint("pe-spoke", spokeSub))
	if want := "/subscriptions/" + spokeSub + "/resourceGroups/rg-spoke/providers/Microsoft.Network/privateEndpoints/pe-spoke"; str(pe, "id") != want {
		t.Errorf("endpoint id %q, want %q", str(pe, "id"), want)
	}
	zone := mustCreate(t, hub, "azurerm_private_dns_zone", map[string]any{"name": "pl-0-eastus2.abc12.mongodb.net", "resource_group_name": "rg-dns"})
	if !strings.HasPrefix(str(zone, "id"), "/subscriptions/"+hubSub+"/resourceGroups/rg-dns/") {
		t.Errorf("zone id %q is not under the hub subscription", str(zone, "id"))
	}
	// A link to a spoke VNet lives under the zone, in the hub's subscription (model §M9.5).
	link := mustCreate(t, hub, "azurerm_private_dns_zone_virtual_network_link", map[string]any{
		"name": "link-spoke", "resource_group_name": "rg-dns", "private_dns_zone_name": "pl-0-eastus2.abc12.mongodb.net",
		"virtual_network_id": strings.TrimSuffix(spokeSubnet(spokeSub), "/subnets/snet-pe"),
	})
	if !strings.HasPrefix(str(link, "id"), "/subscriptions/"+hubSub+"/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/pl-0-eastus2.abc12.mongodb.net/virtualNetworkLinks/") {
		t.Errorf("link id %q is not under the hub's zone", str(link, "id"))
	}

	// Re-plan of the endpoint through its alias: no change, the id stays in the spoke.
	b := mustResource(t, spoke.schema, "azurerm_private_endpoint").Block
	typ := b.ObjectType()
	state, err := fromPlain(typ, pe)
	if err != nil {
		t.Fatal(err)
	}
	replan, _ := spoke.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "azurerm_private_endpoint", PriorState: dyn(t, typ, state), ProposedNewState: dyn(t, typ, state), Config: dyn(t, typ, config(t, b, spokeEndpoint("pe-spoke", spokeSub)))})
	if len(errorsOf(replan.Diagnostics)) > 0 || len(replan.RequiresReplace) > 0 {
		t.Fatalf("re-plan: %v, replace %v", replan.Diagnostics, replan.RequiresReplace)
	}
	planned, _ := replan.PlannedState.Unmarshal(typ)
	if str(plainObject(planned), "id") != str(pe, "id") {
		t.Errorf("re-plan changed the id to %q", str(plainObject(planned), "id"))
	}
	// Import by the spoke id through the spoke alias finds it.
	imported, _ := spoke.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "azurerm_private_endpoint", ID: str(pe, "id")})
	if len(imported.Diagnostics) > 0 || len(imported.ImportedResources) != 1 {
		t.Fatalf("import: %v", imported.Diagnostics)
	}
	// Destroy through the alias removes it.
	destroyed, _ := spoke.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: "azurerm_private_endpoint", PriorState: dyn(t, typ, state), PlannedState: dyn(t, typ, tftypes.NewValue(typ, nil)), Config: dyn(t, typ, tftypes.NewValue(typ, nil))})
	if len(errorsOf(destroyed.Diagnostics)) > 0 {
		t.Fatalf("destroy: %v", destroyed.Diagnostics)
	}
	gone, _ := spoke.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "azurerm_private_endpoint", ID: str(pe, "id")})
	if len(gone.Diagnostics) == 0 {
		t.Error("the destroyed endpoint can still be imported")
	}
}

func TestAnEndpointInAnotherSubscriptionThanItsSubnetIsRefusedAsAzureDoes(t *testing.T) {
	hub := mustAlias(t, t.TempDir(), hubSub)
	_, _, diags := create(t, hub, "azurerm_private_endpoint", spokeEndpoint("pe-wrong", spokeSub))
	if diags == nil {
		t.Fatal("a private endpoint in the hub subscription for a spoke subnet was accepted")
	}
	for _, want := range []string{
		"InvalidResourceReference: Resource /subscriptions/" + spokeSub + "/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke referenced by resource /subscriptions/" + hubSub + "/resourceGroups/rg-spoke/providers/Microsoft.Network/privateEndpoints/pe-wrong was not found",
		"the subnet is in subscription " + spokeSub + ", this azurerm provider creates in subscription " + hubSub,
	} {
		if !strings.Contains(diags[0].Detail, want) {
			t.Errorf("detail %q lacks %q", diags[0].Detail, want)
		}
	}
}

func TestAnEndpointOutsideItsSubnetsRegionIsRefusedWhenTheWorldKnowsTheRegion(t *testing.T) {
	world := &World{Azure: AzureWorld{SubnetRegions: map[string]string{spokeSubnet(spokeSub): "westus2"}}}
	s, diags := azurermAlias(t, t.TempDir(), world, nil, map[string]any{"subscription_id": spokeSub})
	if diags != nil {
		t.Fatal(diags[0].Detail)
	}
	_, _, errs := create(t, s, "azurerm_private_endpoint", spokeEndpoint("pe-east", spokeSub))
	if errs == nil || !strings.Contains(errs[0].Detail, "the subnet is in westus2, the endpoint's location is eastus2") {
		t.Fatalf("want the region refusal, got %v", errs)
	}
	west := spokeEndpoint("pe-west", spokeSub)
	west["location"] = "westus2"
	mustCreate(t, s, "azurerm_private_endpoint", west)
	if err := (&World{Azure: AzureWorld{SubnetRegions: map[string]string{"snet-pe": "East US 2"}}}).validate(); err == nil || !strings.Contains(err.Error(), `azure.subnetRegions["snet-pe"]: "East US 2" is not an Azure region name`) {
		t.Errorf("bad subnet region: %v", err)
	}
}

func TestSubscriptionComesFromTheProviderBlockElseArmSubscriptionId(t *testing.T) {
	env := map[string]string{"ARM_SUBSCRIPTION_ID": spokeSub}
	fromEnv, diags := azurermAlias(t, t.TempDir(), nil, env, map[string]any{})
	if diags != nil || fromEnv.subscription != spokeSub {
		t.Fatalf("from ARM_SUBSCRIPTION_ID: %q %v", fromEnv.subscription, diags)
	}
	fromBlock, _ := azurermAlias(t, t.TempDir(), nil, env, map[string]any{"subscription_id": strings.ToUpper(hubSub)})
	if fromBlock.subscription != hubSub {
		t.Errorf("the provider block's subscription_id must win over the environment: %q", fromBlock.subscription)
	}
	_, bad := azurermAlias(t, t.TempDir(), nil, nil, map[string]any{"subscription_id": "hub"})
	if bad == nil || !strings.Contains(bad[0].Detail, `subscription_id: "hub" is not a subscription id`) {
		t.Errorf("bad subscription_id: %v", bad)
	}
	_, badEnv := azurermAlias(t, t.TempDir(), nil, map[string]string{"ARM_SUBSCRIPTION_ID": "x"}, map[string]any{})
	if badEnv == nil || !strings.Contains(badEnv[0].Detail, `ARM_SUBSCRIPTION_ID: "x" is not a subscription id`) {
		t.Errorf("bad ARM_SUBSCRIPTION_ID: %v", badEnv)
	}
}

func TestWithoutAnySubscriptionAnEndpointFollowsItsSubnet(t *testing.T) {
	s, _ := azurermAlias(t, t.TempDir(), nil, nil, map[string]any{})
	pe := mustCreate(t, s, "azurerm_private_endpoint", spokeEndpoint("pe-any", spokeSub))
	if !strings.HasPrefix(str(pe, "id"), "/subscriptions/"+spokeSub+"/") {
		t.Errorf("id %q does not follow the subnet", str(pe, "id"))
	}
}

func TestTheResolverAndItsInboundEndpointGetHubIdsAndADynamicIPFromTheSubnet(t *testing.T) {
	world := &World{Azure: AzureWorld{Subnets: map[string]string{"snet-dns-inbound": "10.0.2.0/28"}}}
	hub, diags := azurermAlias(t, t.TempDir(), world, nil, map[string]any{"subscription_id": hubSub})
	if diags != nil {
		t.Fatal(diags[0].Detail)
	}
	vnet := "/subscriptions/" + hubSub + "/resourceGroups/rg-connectivity/providers/Microsoft.Network/virtualNetworks/vnet-hub"
	resolver := mustCreate(t, hub, "azurerm_private_dns_resolver", map[string]any{"name": "dnspr", "resource_group_name": "rg-dns", "location": "eastus2", "virtual_network_id": vnet})
	if want := "/subscriptions/" + hubSub + "/resourceGroups/rg-dns/providers/Microsoft.Network/dnsResolvers/dnspr"; str(resolver, "id") != want {
		t.Fatalf("resolver id %q, want %q", str(resolver, "id"), want)
	}
	inbound := func(name string) map[string]any {
		return mustCreate(t, hub, "azurerm_private_dns_resolver_inbound_endpoint", map[string]any{
			"name": name, "location": "eastus2", "private_dns_resolver_id": str(resolver, "id"),
			"ip_configurations": []any{map[string]any{"subnet_id": vnet + "/subnets/snet-dns-inbound", "private_ip_allocation_method": "Dynamic", "private_ip_address": nil}},
		})
	}
	first, second := inbound("in-1"), inbound("in-2")
	if str(first, "id") != str(resolver, "id")+"/inboundEndpoints/in-1" {
		t.Errorf("inbound id %q is not under its resolver", str(first, "id"))
	}
	got := []string{str(firstElement(first, "ip_configurations"), "private_ip_address"), str(firstElement(second, "ip_configurations"), "private_ip_address")}
	if got[0] != "10.0.2.4" || got[1] != "10.0.2.5" {
		t.Errorf("inbound IPs %v, want the first free ones from .4", got)
	}
}
