package main

import (
	"fmt"
	"sort"
	"strings"
)

// Atlas' project-wide rules on regional mode and on how many private endpoints may sit where,
// as docs/atlas-azure-model.md states them (model §M1, §M2). Atlas documents the rules but not
// the error codes it answers with: the toggle's API operation lists 409 Conflict among its
// responses, so the refusals are 409s with codes of our own naming (marked "assumed" in the
// model rows of the report and of docs/engine-tests.md).
const (
	codeEnableWithReplicaSets = "CANNOT_ENABLE_REGIONALIZED_PRIVATE_ENDPOINTS_WITH_REPLICA_SETS" // assumed
	codeDisable               = "CANNOT_DISABLE_REGIONALIZED_PRIVATE_ENDPOINTS"                  // assumed
	codeLayoutNeedsRegional   = "REGIONALIZED_PRIVATE_ENDPOINTS_REQUIRED"                        // assumed
	codeReplicaSetInRegional  = "CANNOT_CREATE_REPLICA_SET_WITH_REGIONALIZED_PRIVATE_ENDPOINTS"  // assumed
)

// atlasRegionalMode toggles the project's regional mode (PATCH .../privateEndpoint/regionalMode).
func atlasRegionalMode(c *shapeCtx) (*shape, error) {
	project := str(c.config, "project_id")
	enabled, _ := c.config["enabled"].(bool)
	path := "/groups/" + project + "/privateEndpoint/regionalMode"
	if enabled {
		// Model §M1.2: only in a project without replica sets.
		if rs := worldReplicaSets(c.world, project); len(rs) > 0 {
			return nil, atlasError("PATCH", path, 409, codeEnableWithReplicaSets, fmt.Sprintf(
				"Regionalized private endpoints can be enabled only when every cluster in the project is a sharded cluster; project %s has the replica set(s) %s.",
				project, strings.Join(rs, ", ")))
		}
	} else if layout := endpointLayout(c.records, project); needsRegionalMode(layout) {
		// Model §M1.4: not while the endpoints are laid out as only regional mode allows (§M2.2).
		return nil, atlasError("PATCH", path, 409, codeDisable, fmt.Sprintf(
			"Regionalized private endpoints cannot be disabled while the project has more than one private endpoint in a region and private endpoints in more than one region (%s).",
			describeLayout(layout)))
	}
	return &shape{id: project, values: map[string]any{"enabled": enabled}}, nil
}

// checkEndpointLayout refuses a registration in region that would leave the project with
// several endpoints in a region and endpoints in another region without regional mode
// (model §M2.2). Atlas documents the rule, not the operation that enforces it: assumed here.
func checkEndpointLayout(c *shapeCtx, project, region, path string) error {
	if regionalMode(c.records, project) {
		return nil
	}
	layout := endpointLayout(c.records, project)
	layout[region]++
	if !needsRegionalMode(layout) {
		return nil
	}
	return atlasError("POST", path, 409, codeLayoutNeedsRegional, fmt.Sprintf(
		"A project without regionalized private endpoints can have several private endpoints in one region or one private endpoint in each of several regions, not both (project %s would have %s).",
		project, describeLayout(layout)))
}

// atlasClusterResource refuses creating a replica set while regional mode is on (model §M1.2);
// any other cluster gets the generic Atlas-shaped id.
func atlasClusterResource(c *shapeCtx) (*shape, error) {
	project, kind := str(c.config, "project_id"), str(c.config, "cluster_type")
	if regionalMode(c.records, project) && (kind == "REPLICASET" || kind == "") {
		return nil, atlasError("POST", "/groups/"+project+"/clusters", 400, codeReplicaSetInRegional, fmt.Sprintf(
			"Cannot create replica set %s: project %s has regionalized private endpoints enabled, which allow only sharded clusters.", str(c.config, "name"), project))
	}
	return genericShape(c)
}

// replicaSetUnderRegionalMode: a replica set read in a project with regional mode on cannot
// exist in Atlas (§M1.2), so the world (or its defaults) is inconsistent; say how to fix it.
func replicaSetUnderRegionalMode(f ClusterFacts, records []*Record) error {
	if f.ClusterType != "REPLICASET" || !regionalMode(records, f.ProjectID) {
		return nil
	}
	return fmt.Errorf("replay world: cluster %s is a replica set (clusterType REPLICASET, the default for a cluster the world file does not describe) "+
		"in project %s, where regional mode is on: Atlas enables regional mode only in projects without replica sets and refuses creating replica sets "+
		"while it is on (docs/atlas-azure-model.md §M1.2). Describe the cluster as SHARDED or GEOSHARDED in ATLAS_PL_REPLAY_WORLD, or leave regional mode off", f.Name, f.ProjectID)
}

// worldReplicaSets: the clusters of the world that exist as replica sets in the project.
func worldReplicaSets(w *World, project string) []string {
	var out []string
	for _, name := range sortedKeys(w.Atlas.Clusters) {
		if w.clusterIn(project, name) == nil {
			continue // another project's cluster
		}
		if f := w.Cluster(project, name, nil); f.Exists && f.ClusterType == "REPLICASET" {
			out = append(out, name)
		}
	}
	return out
}

// endpointLayout counts the project's registered endpoints per region (Azure form).
func endpointLayout(records []*Record, project string) map[string]int {
	layout := map[string]int{}
	for _, r := range ofType(records, "mongodbatlas_privatelink_endpoint_service") {
		if str(r.State, "project_id") != project {
			continue
		}
		if service := serviceByLinkID(records, project, str(r.State, "private_link_id")); service != nil {
			azure, _, _ := regionForms(str(service.State, "region"))
			layout[azure]++
		}
	}
	return layout
}

// needsRegionalMode: several endpoints in some region while endpoints exist in more than one
// region, the one layout §M2.2 allows only with regional mode.
func needsRegionalMode(layout map[string]int) bool {
	regions, crowded := 0, false
	for _, n := range layout {
		if n > 0 {
			regions++
		}
		crowded = crowded || n > 1
	}
	return regions > 1 && crowded
}

func describeLayout(layout map[string]int) string {
	regions := make([]string, 0, len(layout))
	for region := range layout {
		regions = append(regions, region)
	}
	sort.Strings(regions)
	parts := make([]string, len(regions))
	for i, region := range regions {
		parts[i] = fmt.Sprintf("%d in %s", layout[region], region)
	}
	return strings.Join(parts, ", ")
}
