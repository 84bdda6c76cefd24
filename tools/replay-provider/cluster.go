package main

import (
	"fmt"
	"strings"
)

// atlasAdvancedCluster answers the cluster data source from the world and the simulated cloud:
// its private-endpoint connection strings name the endpoints registered in the project, and
// appear only once every region with nodes has one (as Atlas publishes them). A replica set in
// a project with regional mode on cannot exist (§M1.2): that read is an error.
func atlasAdvancedCluster(c *shapeCtx) (*shape, error) {
	project, name := str(c.config, "project_id"), str(c.config, "name")
	endpoints := registeredEndpoints(c.world, c.records, project)
	f := c.world.Cluster(project, name, declaredRegions(c.records, project))
	if !f.Exists {
		return nil, atlasError("GET", fmt.Sprintf("/groups/%s/clusters/%s", project, name), 404, "CLUSTER_NOT_FOUND",
			fmt.Sprintf("No cluster named %s exists in group %s.", name, project))
	}
	if err := replicaSetUnderRegionalMode(f, c.records); err != nil {
		return nil, err
	}
	domain := f.Hash + ".mongodb.net"
	return &shape{id: hexOf(24, "cluster", project, name), values: map[string]any{
		"cluster_type":           f.ClusterType,
		"state_name":             "IDLE",
		"mongo_db_version":       f.MongoDBVersion,
		"mongo_db_major_version": f.MongoDBVersion[:strings.LastIndex(f.MongoDBVersion, ".")],
		"version_release_system": "LTS",
		"root_cert_type":         "ISRGROOTX1",
		"replication_specs":      replicationSpecs(f),
		"connection_strings": []any{map[string]any{
			"standard":         standardString(f, domain),
			"standard_srv":     fmt.Sprintf("mongodb+srv://%s.%s", f.Name, domain),
			"private_endpoint": privateEndpointStrings(f, domain, endpoints, regionalMode(c.records, project)),
		}},
	}}, nil
}

type registered struct {
	id     string
	region string // Azure form
}

// registeredEndpoints: the project's AVAILABLE registrations (as Atlas reports them now: the
// world may say otherwise than at create) in creation order, with their service's region.
func registeredEndpoints(w *World, records []*Record, project string) []registered {
	var out []registered
	for _, r := range ofType(records, "mongodbatlas_privatelink_endpoint_service") {
		if str(r.State, "project_id") != project || registrationStatus(w, r) != "AVAILABLE" {
			continue
		}
		service := serviceByLinkID(records, project, str(r.State, "private_link_id"))
		if service == nil {
			continue
		}
		out = append(out, registered{id: str(r.State, "endpoint_service_id"), region: regionOf(service)})
	}
	return out
}

// regionOf: the Azure form of an Atlas service's region.
func regionOf(service *Record) string {
	azure, _, _ := regionForms(str(service.State, "region"))
	return azure
}

func regionalMode(records []*Record, project string) bool {
	for _, r := range ofType(records, "mongodbatlas_private_endpoint_regional_mode") {
		if enabled, _ := r.State["enabled"].(bool); enabled && str(r.State, "project_id") == project {
			return true
		}
	}
	return false
}

func dedicated(f ClusterFacts) bool {
	return f.ProviderName != "TENANT" && f.ProviderName != "FLEX" && f.ProviderName != "SERVERLESS" &&
		!contains([]string{"M0", "M2", "M5", "FLEX", "SERVERLESS"}, f.InstanceSize)
}

// replicationSpecs: one zone; each region's electable node count is the number of its ports.
func replicationSpecs(f ClusterFacts) []any {
	var regions []any
	for i, region := range f.Regions {
		_, atlas, _ := regionForms(region)
		nodes := len(f.PortsIn(region))
		provider, backing := f.ProviderName, ""
		if !dedicated(f) {
			provider, backing = "TENANT", "AZURE"
		}
		regions = append(regions, map[string]any{
			"provider_name":         provider,
			"backing_provider_name": backing,
			"region_name":           atlas,
			"priority":              7 - i,
			"electable_specs":       []any{map[string]any{"instance_size": f.InstanceSize, "node_count": nodes, "disk_size_gb": 10}},
			"read_only_specs":       []any{map[string]any{"instance_size": f.InstanceSize, "node_count": 0, "disk_size_gb": 10}},
			"analytics_specs":       []any{map[string]any{"instance_size": f.InstanceSize, "node_count": 0, "disk_size_gb": 10}},
		})
	}
	return []any{map[string]any{
		"id": hexOf(24, "replication-spec", f.ProjectID, f.Name), "zone_id": hexOf(24, "zone", f.ProjectID, f.Name),
		"zone_name": "Zone 1", "num_shards": 1, "container_id": map[string]any{}, "region_configs": regions,
	}}
}

func standardString(f ClusterFacts, domain string) string {
	var hosts []string
	for i := 0; i < len(f.Ports); i++ {
		hosts = append(hosts, fmt.Sprintf("%s-shard-00-%02d.%s:27017", f.Name, i, domain))
	}
	return fmt.Sprintf("mongodb://%s/?ssl=true&authSource=admin&replicaSet=%s", strings.Join(hosts, ","), f.ReplicaSetName)
}

// privateEndpointStrings publishes the private-endpoint connection strings as
// docs/atlas-azure-model.md says: nothing until every region with nodes has an endpoint
// (§M5.1), never for shared tiers (§M2.6); one host per region and endpoint with one port per
// member (§M4.1); a string per n-th endpoint spanning every region (§M3.1, §M3.3, §M3.5, §M3.7);
// with regional mode, a string per endpoint for multi-region sharded clusters only (§M3.6,
// §M1.3). Tests: cluster_model_test.go.
func privateEndpointStrings(f ClusterFacts, domain string, endpoints []registered, regional bool) []any {
	byRegion := map[string][]string{}
	for _, e := range endpoints {
		if contains(f.Regions, e.region) {
			byRegion[e.region] = append(byRegion[e.region], e.id)
		}
	}
	if !dedicated(f) || len(f.Regions) == 0 || !f.Publishes {
		return []any{}
	}
	for _, r := range f.Regions {
		if len(byRegion[r]) == 0 {
			return []any{} // not until every region with nodes has an endpoint
		}
	}
	out := []any{}
	if regional && sharded(f) && len(f.Regions) > 1 {
		// Each regional endpoint reaches the mongos of its own region, under its own SRV name.
		for _, r := range f.Regions {
			for n, id := range byRegion[r] {
				out = append(out, endpointEntry(f, domain, fmt.Sprintf("%s-pl-%d-%s", f.Name, n, r), []string{r}, n, []string{id}))
			}
		}
		return out
	}
	// Otherwise entry n spans every region: region r's hosts are pl-<n>-<r> on its n-th endpoint.
	for n := 0; ; n++ {
		var ids []string
		for _, r := range f.Regions {
			if n >= len(byRegion[r]) {
				return out
			}
			ids = append(ids, byRegion[r][n])
		}
		out = append(out, endpointEntry(f, domain, fmt.Sprintf("%s-pl-%d", f.Name, n), f.Regions, n, ids))
	}
}

func sharded(f ClusterFacts) bool { return f.ClusterType == "SHARDED" || f.ClusterType == "GEOSHARDED" }

func endpointEntry(f ClusterFacts, domain, srvHost string, regions []string, n int, ids []string) map[string]any {
	var hostPorts []string
	var endpoints []any
	for i, r := range regions {
		for _, p := range f.PortsIn(r) {
			hostPorts = append(hostPorts, fmt.Sprintf("pl-%d-%s.%s:%d", n, r, domain, p))
		}
		_, atlas, _ := regionForms(r)
		endpoints = append(endpoints, map[string]any{"endpoint_id": ids[i], "provider_name": "AZURE", "region": atlas})
	}
	options, kind := "ssl=true&authSource=admin&replicaSet="+f.ReplicaSetName, "MONGOD"
	if sharded(f) {
		options, kind = "ssl=true&authSource=admin", "MONGOS"
	}
	return map[string]any{
		"type":                                  kind,
		"connection_string":                     fmt.Sprintf("mongodb://%s/?%s", strings.Join(hostPorts, ","), options),
		"srv_connection_string":                 fmt.Sprintf("mongodb+srv://%s.%s", srvHost, domain),
		"srv_shard_optimized_connection_string": "",
		"endpoints":                             endpoints,
	}
}
