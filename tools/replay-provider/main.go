// Command replay-provider serves a recorded Terraform provider schema over the plugin protocol
// (v6) and simulates the lifecycle of its resources, so the real Terraform engine can init,
// validate, plan, apply, import and destroy this project's stacks where the real provider
// binaries cannot be had. See docs/engine-tests.md.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

var binaryName = regexp.MustCompile(`^terraform-provider-([a-z0-9]+)_v([0-9][0-9A-Za-z.+-]*)$`)

// identity is the provider type and version this binary stands in for: from
// ATLAS_PL_REPLAY_PROVIDER (<type>@<version>) or from its installed file name.
func identity() (string, string, error) {
	if v := os.Getenv("ATLAS_PL_REPLAY_PROVIDER"); v != "" {
		m := regexp.MustCompile(`^([a-z0-9]+)@([0-9][0-9A-Za-z.+-]*)$`).FindStringSubmatch(v)
		if m == nil {
			return "", "", fmt.Errorf("ATLAS_PL_REPLAY_PROVIDER=%q: expected <type>@<version>, e.g. azurerm@4.55.0", v)
		}
		return m[1], m[2], nil
	}
	m := binaryName.FindStringSubmatch(filepath.Base(os.Args[0]))
	if m == nil {
		return "", "", fmt.Errorf("cannot tell which provider to replay from the file name %q: install it as terraform-provider-<type>_v<version> or set ATLAS_PL_REPLAY_PROVIDER=<type>@<version>", filepath.Base(os.Args[0]))
	}
	return m[1], m[2], nil
}

// schemaDir: ATLAS_PL_PROVIDER_SCHEMAS, else the folder the binary was installed in (tools.sh
// puts <type>-<version>.json beside it in the mirror).
func schemaDir() string {
	if dir := os.Getenv("ATLAS_PL_PROVIDER_SCHEMAS"); dir != "" {
		return dir
	}
	return filepath.Dir(os.Args[0])
}

// stateDir: ATLAS_PL_REPLAY_STATE, else replay-world/ in the engine's data dir of the working directory.
func stateDir() string {
	if dir := os.Getenv("ATLAS_PL_REPLAY_STATE"); dir != "" {
		return dir
	}
	data := os.Getenv("TF_DATA_DIR")
	if data == "" {
		data = ".terraform"
	}
	return filepath.Join(data, "replay-world")
}

func newServer() (*Server, error) {
	typ, version, err := identity()
	if err != nil {
		return nil, err
	}
	s := &Server{store: &Store{Dir: stateDir(), Provider: typ}, getenv: os.Getenv}
	s.schema, s.schemaErr = LoadProviderSchema(schemaDir(), typ, version)
	s.world, s.worldErr = LoadWorld(os.Getenv("ATLAS_PL_REPLAY_WORLD"))
	if s.world == nil {
		s.world = &World{}
	}
	return s, nil
}

func main() {
	server, err := newServer()
	if err != nil {
		fmt.Fprintln(os.Stderr, "replay-provider:", err)
		os.Exit(2)
	}
	address := "registry.terraform.io/replay/unknown"
	if server.schema != nil {
		address = server.schema.Address
	}
	if err := tf6server.Serve(address, func() tfprotov6.ProviderServer { return server }); err != nil {
		fmt.Fprintln(os.Stderr, "replay-provider:", err)
		os.Exit(1)
	}
}
