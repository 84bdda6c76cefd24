package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every recorded version loads, with the counts its README states.
func TestEveryRecordedVersionLoads(t *testing.T) {
	want := map[string][2]int{
		"mongodbatlas@1.41.1": {62, 114}, "mongodbatlas@2.16.0": {75, 141},
		"azurerm@4.55.0": {1127, 399}, "azurerm@4.81.0": {1141, 399},
	}
	for key, counts := range want {
		typ, version, _ := strings.Cut(key, "@")
		ps := providerSchemaAt(t, typ, version)
		if len(ps.ResourceNames()) != counts[0] || len(ps.DataSourceNames()) != counts[1] {
			t.Errorf("%s: %d resources / %d data sources, want %d / %d", key, len(ps.ResourceNames()), len(ps.DataSourceNames()), counts[0], counts[1])
		}
	}
}

// On mongodbatlas 2.x the cluster data source declares connection_strings and electable_specs
// as single objects: the same shaper's lists of one come out as objects there, lists on 1.x.
func TestClusterValuesTakeTheShapeOfTheServedSchema(t *testing.T) {
	world := &World{Atlas: AtlasWorld{Clusters: map[string]*Cluster{"cluster0": {Hash: "abc12", Regions: []string{"eastus2"}}}}}
	for _, version := range []string{"1.41.1", "2.16.0"} {
		s := &Server{schema: providerSchemaAt(t, "mongodbatlas", version), world: world, store: &Store{Dir: t.TempDir(), Provider: "mongodbatlas"}}
		registerEndpoint(t, s, "eastus2", "pe-atlas-eastus2")
		state, diags := readData(t, s, "mongodbatlas_advanced_cluster", map[string]any{"project_id": project, "name": "cluster0"})
		if diags != nil {
			t.Fatalf("%s: %s: %s", version, diags[0].Summary, diags[0].Detail)
		}
		conn := state["connection_strings"]
		spec := state["replication_specs"].([]any)[0].(map[string]any)["region_configs"].([]any)[0].(map[string]any)["electable_specs"]
		if version == "1.41.1" {
			list, ok := conn.([]any)
			if !ok || len(list) != 1 {
				t.Fatalf("1.41.1 connection_strings = %#v, want a list of one", conn)
			}
			conn = list[0]
			specs, ok := spec.([]any)
			if !ok || len(specs) != 1 {
				t.Fatalf("1.41.1 electable_specs = %#v, want a list of one", spec)
			}
			spec = specs[0]
		}
		obj, ok := conn.(map[string]any)
		if !ok {
			t.Fatalf("%s connection_strings = %#v, want an object", version, conn)
		}
		pe, _ := obj["private_endpoint"].([]any)
		if len(pe) != 1 || pe[0].(map[string]any)["srv_connection_string"] != "mongodb+srv://cluster0-pl-0.abc12.mongodb.net" {
			t.Errorf("%s private_endpoint = %#v", version, obj["private_endpoint"])
		}
		if es, ok := spec.(map[string]any); !ok || es["instance_size"] != "M10" {
			t.Errorf("%s electable_specs = %#v, want an object with instance_size M10", version, spec)
		}
	}
}

func TestShapingBetweenListsOfOneAndObjects(t *testing.T) {
	obj := mustDataSource(t, providerSchemaAt(t, "mongodbatlas", "2.16.0"), "mongodbatlas_advanced_cluster").Block.Attributes["connection_strings"].Type
	if v, err := fromPlain(obj, []any{}); err != nil || !v.IsNull() {
		t.Errorf("an empty list where an object is declared must be null, got %v %v", v, err)
	}
	if _, err := fromPlain(obj, []any{map[string]any{}, map[string]any{}}); err == nil || !strings.Contains(err.Error(), "expected an object, got a list of 2") {
		t.Errorf("two elements where an object is declared must be an error, got %v", err)
	}
	list := mustDataSource(t, providerSchemaAt(t, "mongodbatlas", "1.41.1"), "mongodbatlas_advanced_cluster").Block.Attributes["connection_strings"].Type
	v, err := fromPlain(list, map[string]any{"standard": "mongodb://x"})
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := toPlain(v); len(p.([]any)) != 1 {
		t.Errorf("an object where a list is declared must become a list of one, got %v", p)
	}
}

// The repository's compressed schemas are the recorded ones: when ../shared/provider-schemas
// exists beside the repository (the project's own machines), every file there has an identical
// copy in schemas/ and nothing else is kept. ATLAS_PL_SHARED_SCHEMAS names that folder for a
// checkout elsewhere (a git worktree).
func TestRepositorySchemasMatchTheSharedRecording(t *testing.T) {
	shared := os.Getenv("ATLAS_PL_SHARED_SCHEMAS")
	if shared == "" {
		shared = filepath.Join("..", "..", "..", "shared", "provider-schemas")
	}
	files, _ := filepath.Glob(filepath.Join(shared, "*-*.json"))
	if len(files) == 0 {
		t.Skipf("no recorded schemas in %s: nothing to compare (the repository's copies are used)", shared)
	}
	kept, _ := filepath.Glob(filepath.Join("schemas", "*.json.gz"))
	if len(kept) != len(files) {
		t.Errorf("schemas/ holds %d files, %s holds %d", len(kept), shared, len(files))
	}
	for _, file := range files {
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		gz := filepath.Join("schemas", filepath.Base(file)+".gz")
		f, err := os.Open(gz)
		if err != nil {
			t.Errorf("%s has no copy: gzip -9 -n < %s > tools/replay-provider/%s", file, file, gz)
			continue
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s: %v", gz, err)
		}
		got, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", gz, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s: gzip -9 -n < %s > tools/replay-provider/%s", gz, file, file, gz)
		}
	}
}
