package main

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"regexp"
	"strings"
)

// World is the simulated Atlas and Azure estate (ATLAS_PL_REPLAY_WORLD). Everything it does not
// name is generated deterministically from names, so any configuration applies without it.
type World struct {
	Atlas AtlasWorld `json:"atlas"`
	Azure AzureWorld `json:"azure"`
}

// AtlasWorld: the Azure subscription Atlas hosts its private link services in, and clusters by name.
type AtlasWorld struct {
	SubscriptionID string              `json:"subscriptionId"`
	Clusters       map[string]*Cluster `json:"clusters"`
	// Registrations: what Atlas reports for the registration of a private endpoint (registration.go).
	Registrations map[string]*Registration `json:"registrations"`
}

// Cluster is one Atlas cluster as the advanced cluster data source reports it.
type Cluster struct {
	// ProjectID: the cluster belongs to this project only (other projects do not see it: a
	// cluster of that name there is generated); empty means every project.
	ProjectID      string   `json:"projectId"`
	Exists         *bool    `json:"exists"`
	Publishes      *bool    `json:"publishes"`
	Hash           string   `json:"hash"`
	InstanceSize   string   `json:"instanceSize"`
	ProviderName   string   `json:"providerName"`
	ClusterType    string   `json:"clusterType"`
	Regions        []string `json:"regions"`
	ReplicaSetName string   `json:"replicaSetName"`
	Ports          []int    `json:"ports"`
	MongoDBVersion string   `json:"mongoDbVersion"`
	// RegionPorts: the member ports (mongos ports for a sharded cluster) of one region's
	// nodes behind that region's endpoint, keyed by region in either form; overrides Ports.
	RegionPorts map[string][]int `json:"regionPorts"`
}

// AzureWorld: the default subscription, the address ranges of subnets (by ARM id or name), and
// the regions of the subnets whose region the simulation should enforce.
type AzureWorld struct {
	SubscriptionID string            `json:"subscriptionId"`
	Subnets        map[string]string `json:"subnets"`
	SubnetRegions  map[string]string `json:"subnetRegions"`
	// PrivateEndpointConnections: Azure's state of a private endpoint's connection (connection.go).
	PrivateEndpointConnections map[string]*EndpointConnection `json:"privateEndpointConnections"`
}

var worldFields = map[string][]string{
	"":                               {"_about", "atlas", "azure"},
	"atlas":                          {"subscriptionId", "clusters", "registrations"},
	"azure":                          {"subscriptionId", "subnets", "subnetRegions", "privateEndpointConnections"},
	"atlas.registrations.<endpoint>": {"status", "errorMessage"},
	"azure.privateEndpointConnections.<endpoint>": {"status", "requestResponse"},
	"atlas.clusters.<name>":                       {"projectId", "exists", "publishes", "hash", "instanceSize", "providerName", "clusterType", "regions", "replicaSetName", "ports", "regionPorts", "mongoDbVersion"},
}

var (
	uuidPattern     = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	hashPattern     = regexp.MustCompile(`^[a-z0-9]{5}$`)
	projectPattern  = regexp.MustCompile(`^[0-9a-f]{24}$`)
	instancePattern = regexp.MustCompile(`^(M0|M2|M5|FLEX|SERVERLESS|M[1-9][0-9]*|R[1-9][0-9]*)(_NVME)?$`)
	rsPattern       = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
	versionPattern  = regexp.MustCompile(`^[0-9]+\.[0-9]+(\.[0-9]+)?$`)
)

// LoadWorld reads the world file; "" means no file (everything generated).
func LoadWorld(file string) (*World, error) {
	w := &World{}
	if file == "" {
		return w, nil
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("replay world %s (ATLAS_PL_REPLAY_WORLD): %v", file, err)
	}
	var generic map[string]any
	if err := json.Unmarshal(raw, &generic); err != nil {
		return nil, fmt.Errorf("replay world %s: not a JSON object: %v", file, err)
	}
	if err := checkFields(generic); err != nil {
		return nil, fmt.Errorf("replay world %s: %v", file, err)
	}
	// Clusters one by one, so that a type error names the cluster it is in.
	var shell struct {
		Atlas struct {
			SubscriptionID string                     `json:"subscriptionId"`
			Clusters       map[string]json.RawMessage `json:"clusters"`
			Registrations  map[string]json.RawMessage `json:"registrations"`
		} `json:"atlas"`
		Azure struct {
			SubscriptionID             string                     `json:"subscriptionId"`
			Subnets                    map[string]string          `json:"subnets"`
			SubnetRegions              map[string]string          `json:"subnetRegions"`
			PrivateEndpointConnections map[string]json.RawMessage `json:"privateEndpointConnections"`
		} `json:"azure"`
	}
	if err := json.Unmarshal(raw, &shell); err != nil {
		return nil, fmt.Errorf("replay world %s: %v", file, jsonFieldError("", err))
	}
	w.Atlas.SubscriptionID = shell.Atlas.SubscriptionID
	w.Azure = AzureWorld{SubscriptionID: shell.Azure.SubscriptionID, Subnets: shell.Azure.Subnets, SubnetRegions: shell.Azure.SubnetRegions}
	if w.Azure.PrivateEndpointConnections, err = decodeEntries[EndpointConnection](shell.Azure.PrivateEndpointConnections, func(k string) string { return fmt.Sprintf("azure.privateEndpointConnections[%q].", k) }); err != nil {
		return nil, fmt.Errorf("replay world %s: %v", file, err)
	}
	if w.Atlas.Registrations, err = decodeEntries[Registration](shell.Atlas.Registrations, func(k string) string { return fmt.Sprintf("atlas.registrations[%q].", k) }); err != nil {
		return nil, fmt.Errorf("replay world %s: %v", file, err)
	}
	if w.Atlas.Clusters, err = decodeEntries[Cluster](shell.Atlas.Clusters, func(k string) string { return "atlas.clusters." + k + "." }); err != nil {
		return nil, fmt.Errorf("replay world %s: %v", file, err)
	}
	if err := w.validate(); err != nil {
		return nil, fmt.Errorf("replay world %s: %v", file, err)
	}
	return w, nil
}

func checkFields(doc map[string]any) error {
	check := func(where string, obj any, allowed []string) error {
		m, ok := obj.(map[string]any)
		if !ok {
			if obj == nil {
				return nil
			}
			return fmt.Errorf("%s: must be an object", strings.TrimPrefix(where, "."))
		}
		for _, k := range sortedKeys(m) {
			if !contains(allowed, k) {
				return fmt.Errorf("%s: unknown field (expected one of %s)", strings.TrimPrefix(where+"."+k, "."), strings.Join(allowed, ", "))
			}
		}
		return nil
	}
	if err := check("", doc, worldFields[""]); err != nil {
		return err
	}
	for _, part := range []string{"atlas", "azure"} {
		if err := check(part, doc[part], worldFields[part]); err != nil {
			return err
		}
	}
	atlas, _ := doc["atlas"].(map[string]any)
	clusters, _ := atlas["clusters"].(map[string]any)
	for _, name := range sortedKeys(clusters) {
		if err := check("atlas.clusters."+name, clusters[name], worldFields["atlas.clusters.<name>"]); err != nil {
			return err
		}
	}
	registrations, _ := atlas["registrations"].(map[string]any)
	for _, key := range sortedKeys(registrations) {
		if err := check(fmt.Sprintf("atlas.registrations[%q]", key), registrations[key], worldFields["atlas.registrations.<endpoint>"]); err != nil {
			return err
		}
	}
	azure, _ := doc["azure"].(map[string]any)
	connections, _ := azure["privateEndpointConnections"].(map[string]any)
	for _, key := range sortedKeys(connections) {
		if err := check(fmt.Sprintf("azure.privateEndpointConnections[%q]", key), connections[key], worldFields["azure.privateEndpointConnections.<endpoint>"]); err != nil {
			return err
		}
	}
	return nil
}

func jsonFieldError(prefix string, err error) error {
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		return fmt.Errorf("%s%s: expected %s, got a JSON %s", prefix, te.Field, te.Type, te.Value)
	}
	return err
}

func (w *World) validate() error {
	for _, s := range []struct{ field, value string }{{"atlas.subscriptionId", w.Atlas.SubscriptionID}, {"azure.subscriptionId", w.Azure.SubscriptionID}} {
		if s.value != "" && !uuidPattern.MatchString(s.value) {
			return fmt.Errorf("%s: %q is not a subscription id (lower-case UUID)", s.field, s.value)
		}
	}
	for _, key := range sortedKeys(w.Azure.Subnets) {
		if err := checkSubnetRange(w.Azure.Subnets[key]); err != nil {
			return fmt.Errorf("azure.subnets[%q]: %v", key, err)
		}
	}
	for _, key := range sortedKeys(w.Azure.SubnetRegions) {
		if azure, _, ok := regionForms(w.Azure.SubnetRegions[key]); !ok || azure != w.Azure.SubnetRegions[key] {
			return fmt.Errorf("azure.subnetRegions[%q]: %q is not an Azure region name such as eastus2", key, w.Azure.SubnetRegions[key])
		}
	}
	for _, name := range sortedKeys(w.Atlas.Clusters) {
		if err := w.Atlas.Clusters[name].validate("atlas.clusters." + name); err != nil {
			return err
		}
	}
	for _, key := range sortedKeys(w.Atlas.Registrations) {
		if err := checkEndpointKey("atlas.registrations", key); err != nil {
			return err
		}
		if err := w.Atlas.Registrations[key].validate(fmt.Sprintf("atlas.registrations[%q]", key)); err != nil {
			return err
		}
	}
	for _, key := range sortedKeys(w.Azure.PrivateEndpointConnections) {
		if err := checkEndpointKey("azure.privateEndpointConnections", key); err != nil {
			return err
		}
		if err := w.Azure.PrivateEndpointConnections[key].validate(fmt.Sprintf("azure.privateEndpointConnections[%q]", key)); err != nil {
			return err
		}
	}
	return nil
}

func (c *Cluster) validate(where string) error {
	if c == nil {
		return fmt.Errorf("%s: must be an object", where)
	}
	if c.ProjectID != "" && !projectPattern.MatchString(c.ProjectID) {
		return fmt.Errorf("%s.projectId: %q is not an Atlas project id (24 hex digits)", where, c.ProjectID)
	}
	if c.Hash != "" && !hashPattern.MatchString(c.Hash) {
		return fmt.Errorf("%s.hash: %q is not 5 lower-case letters or digits (the <hash> of <hash>.mongodb.net)", where, c.Hash)
	}
	if c.InstanceSize != "" && !instancePattern.MatchString(c.InstanceSize) {
		return fmt.Errorf("%s.instanceSize: %q is not an Atlas tier such as M10, M0, FLEX or SERVERLESS", where, c.InstanceSize)
	}
	if c.ProviderName != "" && !contains([]string{"AZURE", "AWS", "GCP", "TENANT", "FLEX", "SERVERLESS"}, c.ProviderName) {
		return fmt.Errorf("%s.providerName: %q is not AZURE, AWS, GCP, TENANT, FLEX or SERVERLESS", where, c.ProviderName)
	}
	if c.ClusterType != "" && !contains([]string{"REPLICASET", "SHARDED", "GEOSHARDED"}, c.ClusterType) {
		return fmt.Errorf("%s.clusterType: %q is not REPLICASET, SHARDED or GEOSHARDED", where, c.ClusterType)
	}
	for i, r := range c.Regions {
		if _, _, ok := regionForms(r); !ok {
			return fmt.Errorf("%s.regions[%d]: %q is not an Azure region Atlas offers (e.g. eastus2 or US_EAST_2)", where, i, r)
		}
	}
	if c.ReplicaSetName != "" && !rsPattern.MatchString(c.ReplicaSetName) {
		return fmt.Errorf("%s.replicaSetName: %q is not a replica set name such as atlas-x7k2qp-shard-0", where, c.ReplicaSetName)
	}
	if err := checkPorts(where+".ports", c.Ports); err != nil {
		return err
	}
	for _, key := range sortedKeys(c.RegionPorts) {
		at := fmt.Sprintf("%s.regionPorts[%q]", where, key)
		azure, _, ok := regionForms(key)
		if !ok {
			return fmt.Errorf("%s: %q is not an Azure region Atlas offers (e.g. westus2 or US_WEST_2)", at, key)
		}
		if c.Regions != nil && !containsRegion(c.Regions, azure) {
			return fmt.Errorf("%s: the cluster has no nodes in %s (regions: %s)", at, key, strings.Join(c.Regions, ", "))
		}
		if len(c.RegionPorts[key]) == 0 {
			return fmt.Errorf("%s: must list at least one port (one per node of the region)", at)
		}
		if err := checkPorts(at, c.RegionPorts[key]); err != nil {
			return err
		}
	}
	if c.MongoDBVersion != "" && !versionPattern.MatchString(c.MongoDBVersion) {
		return fmt.Errorf("%s.mongoDbVersion: %q is not a MongoDB version such as 8.0.4 (major.minor[.patch])", where, c.MongoDBVersion)
	}
	return nil
}

func checkPorts(where string, ports []int) error {
	seen := map[int]bool{}
	for i, p := range ports {
		if p < 1 || p > 65535 {
			return fmt.Errorf("%s[%d]: %d is not a port (1-65535)", where, i, p)
		}
		if seen[p] {
			return fmt.Errorf("%s[%d]: port %d is listed twice (each node has its own port on the endpoint)", where, i, p)
		}
		seen[p] = true
	}
	return nil
}

func containsRegion(regions []string, azure string) bool {
	for _, r := range regions {
		if a, _, _ := regionForms(r); a == azure {
			return true
		}
	}
	return false
}

// ClusterFacts is a cluster with every default filled in.
type ClusterFacts struct {
	Name, ProjectID, Hash, InstanceSize, ProviderName, ClusterType, ReplicaSetName, MongoDBVersion string
	Exists, Publishes                                                                              bool
	Regions                                                                                        []string // Azure form
	Ports                                                                                          []int
	RegionPorts                                                                                    map[string][]int // Azure form -> ports
}

// Cluster returns the named cluster; regions default to the given ones (the project's endpoint regions).
func (w *World) Cluster(projectID, name string, defaultRegions []string) ClusterFacts {
	f := ClusterFacts{
		Name: name, ProjectID: projectID, Exists: true, Publishes: true,
		Hash: base36(hashOf("cluster", projectID, name), 5), InstanceSize: "M10", ProviderName: "AZURE",
		ClusterType: "REPLICASET", Ports: []int{1024, 1025, 1026}, MongoDBVersion: "8.0.4",
	}
	f.ReplicaSetName = fmt.Sprintf("atlas-%s-shard-0", base36(hashOf("replset", projectID, name), 6))
	f.Regions = append([]string{}, defaultRegions...)
	c := w.clusterIn(projectID, name)
	if c == nil {
		return f
	}
	if c.Exists != nil {
		f.Exists = *c.Exists
	}
	if c.Publishes != nil {
		f.Publishes = *c.Publishes
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&f.Hash, c.Hash)
	set(&f.InstanceSize, c.InstanceSize)
	set(&f.ProviderName, c.ProviderName)
	set(&f.ClusterType, c.ClusterType)
	set(&f.ReplicaSetName, c.ReplicaSetName)
	set(&f.MongoDBVersion, c.MongoDBVersion)
	if len(c.Ports) > 0 {
		f.Ports = c.Ports
	}
	if c.Regions != nil {
		f.Regions = nil
		for _, r := range c.Regions {
			az, _, _ := regionForms(r)
			f.Regions = append(f.Regions, az)
		}
	}
	f.RegionPorts = map[string][]int{}
	for key, ports := range c.RegionPorts {
		az, _, _ := regionForms(key)
		f.RegionPorts[az] = ports
	}
	return f
}

// PortsIn: the ports of a region's nodes behind its endpoint. Unless the world says otherwise,
// the first region holds as many nodes as Ports lists and every further region two (as
// replication_specs reports them); each region's load balancer numbers its nodes from the
// start of Ports (docs/atlas-azure-model.md: ports are per endpoint and not promised).
func (f ClusterFacts) PortsIn(region string) []int {
	if ports, ok := f.RegionPorts[region]; ok {
		return ports
	}
	if len(f.Regions) > 1 && region != f.Regions[0] && len(f.Ports) > 2 {
		return f.Ports[:2]
	}
	return f.Ports
}

// clusterIn: the world's description of a cluster of the project, nil when it has none.
func (w *World) clusterIn(projectID, name string) *Cluster {
	c := w.Atlas.Clusters[name]
	if c == nil || (c.ProjectID != "" && c.ProjectID != projectID) {
		return nil
	}
	return c
}

// AtlasSubscription hosts Atlas' private link services.
func (w *World) AtlasSubscription(projectID string) string {
	if w.Atlas.SubscriptionID != "" {
		return w.Atlas.SubscriptionID
	}
	return uuidOf("atlas-subscription", projectID)
}

// SubnetRange is the subnet's CIDR: from the world by ARM id (case-insensitive) or by name,
// else 10.<a>.<b>.0/24 derived from the id.
func (w *World) SubnetRange(subnetID string) (*net.IPNet, error) {
	if n, ok := w.NamedSubnet(subnetID); ok {
		return n, nil
	}
	h := hashOf("subnet", strings.ToLower(subnetID))
	_, n, _ := net.ParseCIDR(fmt.Sprintf("10.%d.%d.0/24", 1+h[0]%254, h[1]))
	return n, nil
}

// NamedSubnet is the subnet's range when the world file names it (by ARM id, case-insensitive, or by name).
func (w *World) NamedSubnet(subnetID string) (*net.IPNet, bool) {
	name := subnetID[strings.LastIndex(subnetID, "/")+1:]
	for _, key := range sortedKeys(w.Azure.Subnets) {
		if strings.EqualFold(key, subnetID) || key == name {
			if _, n, err := net.ParseCIDR(w.Azure.Subnets[key]); err == nil {
				return n, true
			}
		}
	}
	return nil, false
}

// SubnetRegion is the subnet's region when the world file names it (by ARM id, case-insensitive, or by name).
func (w *World) SubnetRegion(subnetID string) (string, bool) {
	name := subnetID[strings.LastIndex(subnetID, "/")+1:]
	for _, key := range sortedKeys(w.Azure.SubnetRegions) {
		if strings.EqualFold(key, subnetID) || key == name {
			return w.Azure.SubnetRegions[key], true
		}
	}
	return "", false
}

// DefaultSubscription is used for Azure resources whose configuration names no subscription.
func (w *World) DefaultSubscription() string {
	if w.Azure.SubscriptionID != "" {
		return w.Azure.SubscriptionID
	}
	return uuidOf("azure-subscription", "default")
}

func hashOf(parts ...string) []byte {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return sum[:]
}

func base36(h []byte, n int) string {
	const digits = "abcdefghijklmnopqrstuvwxyz0123456789"
	v := binary.BigEndian.Uint64(h[:8])
	out := make([]byte, n)
	for i := range out {
		out[i] = digits[v%36]
		v /= 36
	}
	return string(out)
}

func hexOf(n int, parts ...string) string {
	return fmt.Sprintf("%x", hashOf(parts...))[:n]
}

func uuidOf(parts ...string) string {
	h := fmt.Sprintf("%x", hashOf(parts...))
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedUnique(list []string) []string {
	seen := map[string]bool{}
	for _, s := range list {
		seen[s] = true
	}
	return sortedStrings(seen)
}

// decodeEntries decodes each entry of a world map on its own, so that an error names the entry
// (prefix gives the field path of a key).
func decodeEntries[T any](raw map[string]json.RawMessage, prefix func(key string) string) (map[string]*T, error) {
	out := map[string]*T{}
	for _, key := range sortedKeys(raw) {
		var v *T
		if err := json.Unmarshal(raw[key], &v); err != nil {
			return nil, jsonFieldError(prefix(key), err)
		}
		out[key] = v
	}
	return out, nil
}
