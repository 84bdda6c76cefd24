package main

import (
	"fmt"
	"net"
	"strings"
)

// shapeCtx is what a shaper knows: the world, the provider's records (the simulated cloud) and
// the configured (planned, known) values of the object being created or read.
type shapeCtx struct {
	world   *World
	records []*Record
	typ     string
	config  map[string]any
	// subscription is the provider configuration's: where Azure creates what it is asked to.
	subscription string
}

// shape is the computed part of an object: values by attribute path ("a.b" without indexes),
// and for resources the id it is stored and imported by.
type shape struct {
	values    map[string]any
	id        string
	importIDs []string
	// failNow: the API refused; nothing is stored. failAfter: the object was created and stored,
	// then the provider failed (a wait, a read); keepState: it had set the id, so Terraform keeps
	// the object in its state, tainted.
	failNow, failAfter error
	keepState          bool
}

type shaper func(c *shapeCtx) (*shape, error)

var resourceShapers = map[string]shaper{
	"mongodbatlas_privatelink_endpoint":             atlasPrivateLinkService,
	"mongodbatlas_privatelink_endpoint_service":     atlasEndpointRegistration,
	"mongodbatlas_private_endpoint_regional_mode":   atlasRegionalMode,
	"mongodbatlas_advanced_cluster":                 atlasClusterResource,
	"mongodbatlas_cluster":                          atlasClusterResource,
	"azurerm_private_endpoint":                      azurePrivateEndpoint,
	"azurerm_private_dns_zone":                      azureDNSZone,
	"azurerm_private_dns_zone_virtual_network_link": azureDNSChild("virtualNetworkLinks", "private_dns_zone_name"),
	"azurerm_private_dns_a_record":                  azureDNSRecord("A"),
	"azurerm_private_dns_aaaa_record":               azureDNSRecord("AAAA"),
	"azurerm_private_dns_cname_record":              azureDNSRecord("CNAME"),
	"azurerm_private_dns_srv_record":                azureDNSRecord("SRV"),
	"azurerm_private_dns_txt_record":                azureDNSRecord("TXT"),
	"azurerm_private_dns_resolver":                  azureDNSResolver,
	"azurerm_private_dns_resolver_inbound_endpoint": azureDNSResolverInbound,
}

var dataShapers = map[string]shaper{
	"mongodbatlas_advanced_cluster":       atlasAdvancedCluster,
	"azurerm_private_endpoint_connection": azurePrivateEndpointConnection,
}

// RequiresReplace lists, per type, the arguments the real API cannot change in place.
var requiresReplace = map[string][]string{
	"mongodbatlas_privatelink_endpoint":             {"project_id", "provider_name", "region"},
	"mongodbatlas_privatelink_endpoint_service":     {"project_id", "private_link_id", "endpoint_service_id", "provider_name", "private_endpoint_ip_address"},
	"mongodbatlas_private_endpoint_regional_mode":   {"project_id"},
	"azurerm_private_endpoint":                      {"name", "resource_group_name", "location", "subnet_id", "custom_network_interface_name", "ip_configuration", "private_service_connection"},
	"azurerm_private_dns_zone":                      {"name", "resource_group_name"},
	"azurerm_private_dns_zone_virtual_network_link": {"name", "resource_group_name", "private_dns_zone_name", "virtual_network_id"},
	"azurerm_private_dns_a_record":                  {"name", "resource_group_name", "zone_name"},
	"azurerm_private_dns_srv_record":                {"name", "resource_group_name", "zone_name"},
	"azurerm_private_dns_txt_record":                {"name", "resource_group_name", "zone_name"},
}

// atlasError mimics the mongodbatlas provider's rendering of an Atlas API error.
func atlasError(method, path string, status int, code, detail string) error {
	return fmt.Errorf("https://cloud.mongodb.com/api/atlas/v2%s %s: HTTP %d (Error code: %q) Detail: %s", path, method, status, code, detail)
}

func atlasPrivateLinkService(c *shapeCtx) (*shape, error) {
	project, provider, region := str(c.config, "project_id"), str(c.config, "provider_name"), str(c.config, "region")
	if provider != "AZURE" {
		return nil, fmt.Errorf("replay simulates Azure private link only: provider_name is %q, expected \"AZURE\"", provider)
	}
	azure, atlas, ok := regionForms(region)
	if !ok {
		return nil, atlasError("POST", "/groups/"+project+"/privateEndpoint/endpointService", 400, "INVALID_REGION", fmt.Sprintf("No region %s exists for provider AZURE.", region))
	}
	for _, r := range ofType(c.records, c.typ) {
		if _, other, _ := regionForms(str(r.State, "region")); str(r.State, "project_id") == project && other == atlas {
			return nil, atlasError("POST", "/groups/"+project+"/privateEndpoint/endpointService", 409, "PRIVATE_ENDPOINT_SERVICE_ALREADY_EXISTS_FOR_REGION",
				fmt.Sprintf("Private endpoint service already exists for region %s (private_link_id %s).", atlas, str(r.State, "private_link_id")))
		}
	}
	id := hexOf(24, "privatelink", project, atlas)
	rg := fmt.Sprintf("rg_%s_%s", id, hexOf(8, "pls-rg", id))
	return &shape{
		id:        fmt.Sprintf("%s-%s-AZURE-%s", project, id, azure),
		importIDs: []string{fmt.Sprintf("%s-%s-AZURE-%s", project, id, region)},
		values: map[string]any{
			"private_link_id":                  id,
			"private_link_service_name":        "pls_" + id,
			"private_link_service_resource_id": fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/privateLinkServices/pls_%s", c.world.AtlasSubscription(project), rg, id),
			"status":                           "AVAILABLE",
			"region_name":                      atlas,
		},
	}, nil
}

func atlasEndpointRegistration(c *shapeCtx) (*shape, error) {
	project, link, endpoint := str(c.config, "project_id"), str(c.config, "private_link_id"), str(c.config, "endpoint_service_id")
	path := fmt.Sprintf("/groups/%s/privateEndpoint/AZURE/endpointService/%s/endpoint", project, link)
	if serviceByLinkID(c.records, project, link) == nil {
		return nil, atlasError("POST", path, 404, "PRIVATE_ENDPOINT_SERVICE_NOT_FOUND", fmt.Sprintf("Private endpoint service %s not found in project %s.", link, project))
	}
	if str(c.config, "private_endpoint_ip_address") == "" {
		return nil, atlasError("POST", path, 400, "INVALID_ATTRIBUTE", "private_endpoint_ip_address is required for AZURE.")
	}
	if !strings.Contains(strings.ToLower(endpoint), "/providers/microsoft.network/privateendpoints/") {
		return nil, atlasError("POST", path, 400, "INVALID_ENDPOINT_ID", fmt.Sprintf("%q is not the resource id of an Azure private endpoint.", endpoint))
	}
	for _, r := range ofType(c.records, c.typ) {
		if strings.EqualFold(str(r.State, "endpoint_service_id"), endpoint) && str(r.State, "private_link_id") == link {
			return nil, atlasError("POST", path, 409, "PRIVATE_ENDPOINT_ALREADY_EXISTS", fmt.Sprintf("Private endpoint %s is already registered.", endpoint))
		}
	}
	if err := checkEndpointLayout(c, project, regionOf(serviceByLinkID(c.records, project, link)), path); err != nil {
		return nil, err
	}
	name := endpoint[strings.LastIndex(endpoint, "/")+1:]
	s := &shape{
		id:        fmt.Sprintf("%s--%s--%s--AZURE", project, link, endpoint),
		importIDs: nil,
		values: map[string]any{
			"azure_status":                     "AVAILABLE",
			"private_endpoint_connection_name": fmt.Sprintf("%s.%s", name, uuidOf("pe-connection", endpoint)),
			"private_endpoint_resource_id":     endpoint,
			"delete_requested":                 false,
		},
	}
	// 2.x has delete_on_create_timeout in its schema (null when not configured), 1.x does not.
	_, canDelete := c.config["delete_on_create_timeout"]
	registrationAtCreate(c, s, endpoint, link, canDelete)
	return s, nil
}

func serviceByLinkID(records []*Record, project, link string) *Record {
	for _, r := range ofType(records, "mongodbatlas_privatelink_endpoint") {
		if str(r.State, "project_id") == project && str(r.State, "private_link_id") == link {
			return r
		}
	}
	return nil
}

// armID builds a resource id the way Azure does.
func armID(subscription, group, rest string) string {
	return fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/%s", subscription, group, rest)
}

// subscriptionOf reads the subscription out of an ARM id.
func subscriptionOf(id string) string {
	parts := strings.Split(id, "/")
	for i := 0; i+1 < len(parts); i++ {
		if strings.EqualFold(parts[i], "subscriptions") {
			return parts[i+1]
		}
	}
	return ""
}

func azurePrivateEndpoint(c *shapeCtx) (*shape, error) {
	name, group, subnet := str(c.config, "name"), str(c.config, "resource_group_name"), str(c.config, "subnet_id")
	if subscriptionOf(subnet) == "" {
		return nil, fmt.Errorf("subnet_id %q is not a subnet resource id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>)", subnet)
	}
	conn := firstElement(c.config, "private_service_connection")
	if manual, _ := conn["is_manual_connection"].(bool); manual && str(conn, "request_message") == "" {
		return nil, fmt.Errorf("private_service_connection: request_message must be set when is_manual_connection is true (Azure rejects the manual connection)")
	}
	sub := c.subscription
	if sub == "" {
		sub = subscriptionOf(subnet) // no subscription configured: follow the subnet
	}
	id := armID(sub, group, "Microsoft.Network/privateEndpoints/"+name)
	if err := checkPlacement(c, subnet, id); err != nil {
		return nil, err
	}
	for _, static := range staticIPs(c.config) {
		if err := checkStaticIP(c, subnet, id, static); err != nil {
			return nil, err
		}
	}
	ip := str(firstElement(c.config, "ip_configuration"), "private_ip_address")
	if ip == "" {
		var err error
		if ip, err = allocateIP(c, subnet, id); err != nil {
			return nil, err
		}
	}
	nic := str(c.config, "custom_network_interface_name")
	if nic == "" {
		nic = fmt.Sprintf("%s.nic.%s", name, uuidOf("nic", id))
	}
	return &shape{id: id, values: map[string]any{
		"private_service_connection.private_ip_address": ip,
		"network_interface":                             []any{map[string]any{"id": armID(sub, group, "Microsoft.Network/networkInterfaces/"+nic), "name": nic}},
		"custom_dns_configs":                            []any{},
	}}, nil
}

// allocateIP gives the first free address of the subnet from .4 on (Azure keeps .0-.3 and the last).
func allocateIP(c *shapeCtx, subnet, self string) (string, error) {
	cidr, err := c.world.SubnetRange(subnet)
	if err != nil {
		return "", err
	}
	used := map[string]bool{}
	for _, r := range ofType(c.records, "azurerm_private_endpoint") {
		if strings.EqualFold(str(r.State, "subnet_id"), subnet) && r.ID != self {
			used[str(firstElement(r.State, "private_service_connection"), "private_ip_address")] = true
			used[str(firstElement(r.State, "ip_configuration"), "private_ip_address")] = true
		}
	}
	base := cidr.IP.To4()
	ones, bits := cidr.Mask.Size()
	size := 1 << (bits - ones)
	for i := 4; i < size-1; i++ {
		ip := net.IPv4(base[0], base[1], base[2], base[3]).To4()
		n := uint32(ip[0])<<24 | uint32(ip[1])<<16 | uint32(ip[2])<<8 | uint32(ip[3]) + uint32(i)
		candidate := net.IPv4(byte(n>>24), byte(n>>16), byte(n>>8), byte(n)).String()
		if !used[candidate] {
			return candidate, nil
		}
	}
	return "", fmt.Errorf("subnet %s (%s) has no free address left", subnet, cidr)
}

func azureDNSZone(c *shapeCtx) (*shape, error) {
	sub := c.sub()
	id := armID(sub, str(c.config, "resource_group_name"), "Microsoft.Network/privateDnsZones/"+str(c.config, "name"))
	return &shape{id: id, values: map[string]any{
		"number_of_record_sets":                                 1,
		"max_number_of_record_sets":                             25000,
		"max_number_of_virtual_network_links":                   1000,
		"max_number_of_virtual_network_links_with_registration": 100,
		"soa_record.fqdn":                                       str(c.config, "name") + ".",
		"soa_record.host_name":                                  "azureprivatedns.net",
		"soa_record.serial_number":                              1,
	}}, nil
}

// azureDNSChild is a resource under a private DNS zone (a VNet link, a record set).
func azureDNSChild(segment, zoneField string) shaper {
	return func(c *shapeCtx) (*shape, error) {
		// Under the zone, in the provider's subscription, whatever the linked VNet's (model §M9.5).
		sub := c.sub()
		zone := str(c.config, zoneField)
		id := armID(sub, str(c.config, "resource_group_name"), fmt.Sprintf("Microsoft.Network/privateDnsZones/%s/%s/%s", zone, segment, str(c.config, "name")))
		values := map[string]any{}
		if segment == "virtualNetworkLinks" {
			values["resolution_policy"] = "Default"
		}
		return &shape{id: id, values: values}, nil
	}
}

func azureDNSRecord(kind string) shaper {
	child := azureDNSChild(kind, "zone_name")
	return func(c *shapeCtx) (*shape, error) {
		s, err := child(c)
		if err != nil {
			return nil, err
		}
		name, zone := str(c.config, "name"), str(c.config, "zone_name")
		if name == "@" {
			s.values["fqdn"] = zone + "."
		} else {
			s.values["fqdn"] = name + "." + zone + "."
		}
		return s, nil
	}
}

// genericShape: an Azure-shaped or Atlas-shaped id for types the replay has no special knowledge of.
func genericShape(c *shapeCtx) (*shape, error) {
	if strings.HasPrefix(c.typ, "azurerm_") {
		sub := c.sub()
		group := str(c.config, "resource_group_name")
		if group == "" {
			group = "rg-replay"
		}
		name := str(c.config, "name")
		if name == "" {
			name = hexOf(8, c.typ, fmt.Sprint(c.config))
		}
		return &shape{id: armID(sub, group, fmt.Sprintf("Microsoft.Replay/%s/%s", strings.TrimPrefix(c.typ, "azurerm_"), name)), values: map[string]any{}}, nil
	}
	return &shape{id: hexOf(24, c.typ, fmt.Sprint(c.config)), values: map[string]any{}}, nil
}

// firstElement is the first object of a list block or list attribute (empty when absent).
func firstElement(m map[string]any, key string) map[string]any {
	if list, ok := m[key].([]any); ok && len(list) > 0 {
		if obj, ok := list[0].(map[string]any); ok {
			return obj
		}
	}
	return map[string]any{}
}
