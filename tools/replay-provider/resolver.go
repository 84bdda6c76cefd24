package main

import (
	"fmt"
	"net"
	"strings"
)

// The DNS Private Resolver and its inbound endpoint (model §M10.5): ARM ids under the provider's
// subscription, the endpoint under its resolver, and a dynamic inbound IP from the subnet.

func azureDNSResolver(c *shapeCtx) (*shape, error) {
	id := armID(c.sub(), str(c.config, "resource_group_name"), "Microsoft.Network/dnsResolvers/"+str(c.config, "name"))
	return &shape{id: id, values: map[string]any{}}, nil
}

func azureDNSResolverInbound(c *shapeCtx) (*shape, error) {
	resolver := str(c.config, "private_dns_resolver_id")
	if !strings.Contains(strings.ToLower(resolver), "/providers/microsoft.network/dnsresolvers/") {
		return nil, fmt.Errorf("private_dns_resolver_id %q is not a DNS resolver id (.../providers/Microsoft.Network/dnsResolvers/<name>)", resolver)
	}
	id := resolver + "/inboundEndpoints/" + str(c.config, "name")
	ipc := firstElement(c.config, "ip_configurations")
	ip := str(ipc, "private_ip_address")
	if ip == "" {
		var err error
		if ip, err = inboundIP(c, str(ipc, "subnet_id"), id); err != nil {
			return nil, err
		}
	}
	method := str(ipc, "private_ip_allocation_method")
	if method == "" {
		method = "Dynamic"
	}
	return &shape{id: id, values: map[string]any{
		"ip_configurations.private_ip_address":           ip,
		"ip_configurations.private_ip_allocation_method": method,
	}}, nil
}

// inboundIP is the first address from .4 that no other inbound endpoint of the subnet holds.
func inboundIP(c *shapeCtx, subnet, self string) (string, error) {
	cidr, err := c.world.SubnetRange(subnet)
	if err != nil {
		return "", err
	}
	used := map[string]bool{}
	for _, r := range ofType(c.records, "azurerm_private_dns_resolver_inbound_endpoint") {
		ipc := firstElement(r.State, "ip_configurations")
		if strings.EqualFold(str(ipc, "subnet_id"), subnet) && r.ID != self {
			used[str(ipc, "private_ip_address")] = true
		}
	}
	base := cidr.IP.To4()
	ones, bits := cidr.Mask.Size()
	start := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
	for i := uint32(4); i < uint32(1)<<(bits-ones)-1; i++ {
		n := start + i
		candidate := net.IPv4(byte(n>>24), byte(n>>16), byte(n>>8), byte(n)).String()
		if !used[candidate] {
			return candidate, nil
		}
	}
	return "", fmt.Errorf("subnet %s (%s) has no free address left", subnet, cidr)
}
