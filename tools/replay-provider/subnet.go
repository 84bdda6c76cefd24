package main

import (
	"encoding/binary"
	"fmt"
	"net"
	"strings"
)

// Azure keeps five addresses of every subnet: the network address, .1 (default gateway), .2
// and .3 (Azure DNS), and the last (broadcast). A static private IP must lie in the subnet,
// outside those five, and must not be another interface's. (Azure Virtual Network FAQ.)

// checkStaticIP refuses a configured ip_configuration.private_ip_address as Azure does.
func checkStaticIP(c *shapeCtx, subnet, self, ip string) error {
	addr := net.ParseIP(ip).To4()
	if addr == nil {
		return azureError("PrivateIPAddressInvalid", fmt.Sprintf("ip_configuration.private_ip_address %q is not an IPv4 address such as 10.20.1.10.", ip))
	}
	cidr, named := c.world.NamedSubnet(subnet)
	if !named {
		// The world file does not give this subnet's range: assume the /24 the address is in,
		// so the reserved addresses are still refused (name the subnet in azure.subnets to check the range).
		cidr = &net.IPNet{IP: addr.Mask(net.CIDRMask(24, 32)), Mask: net.CIDRMask(24, 32)}
	}
	if !cidr.Contains(addr) {
		return azureError("PrivateIPAddressNotInSubnet", fmt.Sprintf("Private static IP address %s does not belong to the range of subnet prefix %s of subnet %s.", ip, cidr, subnet))
	}
	if offset, last := subnetOffset(cidr, addr); offset < 4 || offset == last {
		return azureError("PrivateIPAddressInReservedRange", fmt.Sprintf("Private static IP address %s falls within reserved IP range of subnet prefix %s: Azure reserves the first four addresses and the last one of every subnet.", ip, cidr))
	}
	for _, r := range ofType(c.records, "azurerm_private_endpoint") {
		if r.ID == self || !strings.EqualFold(str(r.State, "subnet_id"), subnet) {
			continue
		}
		for _, used := range endpointIPs(r.State) {
			if used == addr.String() {
				return azureError("PrivateIPAddressIsAllocated", fmt.Sprintf("IP configuration %s is using the private IP address %s which is already allocated to resource %s.", self, ip, r.ID))
			}
		}
	}
	return nil
}

// subnetOffset is the address' index in the subnet and the index of the subnet's last address.
func subnetOffset(cidr *net.IPNet, addr net.IP) (uint32, uint32) {
	ones, bits := cidr.Mask.Size()
	base := binary.BigEndian.Uint32(cidr.IP.To4())
	return binary.BigEndian.Uint32(addr.To4()) - base, uint32(1)<<(bits-ones) - 1
}

// staticIPs are the configured ip_configuration addresses of an endpoint.
func staticIPs(config map[string]any) []string {
	var out []string
	list, _ := config["ip_configuration"].([]any)
	for _, e := range list {
		if obj, ok := e.(map[string]any); ok && str(obj, "private_ip_address") != "" {
			out = append(out, str(obj, "private_ip_address"))
		}
	}
	return out
}

// endpointIPs are every address an endpoint holds: its static ones and the one Azure gave it.
func endpointIPs(state map[string]any) []string {
	out := staticIPs(state)
	if ip := str(firstElement(state, "private_service_connection"), "private_ip_address"); ip != "" {
		out = append(out, ip)
	}
	return out
}

// azureError renders an ARM error the way azurerm wraps it (code and message).
func azureError(code, message string) error {
	return fmt.Errorf("unexpected status 400 (400 Bad Request) with error: %s: %s", code, message)
}

// privateRanges are the RFC 1918 ranges the world's subnets must come from: the rehearsal puts
// these addresses on interfaces, and a public range there would shadow real hosts.
var privateRanges = []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"}

// checkSubnetRange accepts an IPv4 network in a private range, from /8 to /29 (Azure's
// smallest subnet: its five reserved addresses leave three usable of eight).
func checkSubnetRange(text string) error {
	ip, n, err := net.ParseCIDR(text)
	if err != nil || ip.To4() == nil {
		return fmt.Errorf("%q is not an IPv4 CIDR range such as 10.20.1.0/24", text)
	}
	if !ip.Equal(n.IP) {
		return fmt.Errorf("%q has host bits set: the range starts at %s", text, n)
	}
	ones, _ := n.Mask.Size()
	if ones > 29 {
		return fmt.Errorf("%q is smaller than /29, the smallest subnet Azure allows", text)
	}
	for _, r := range privateRanges {
		_, p, _ := net.ParseCIDR(r)
		if pOnes, _ := p.Mask.Size(); p.Contains(n.IP) && ones >= pOnes {
			return nil
		}
	}
	return fmt.Errorf("%q is not a private range (expected inside %s)", text, strings.Join(privateRanges, ", "))
}
