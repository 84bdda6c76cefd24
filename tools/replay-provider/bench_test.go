package main

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// What one provider process pays before it answers Terraform: newServer (schema and world),
// then either the whole schema (GetProviderSchema: the first process of an engine command, and
// every process before the replay declared GetProviderSchemaOptional) or the one type a later
// process needs. `npm run bench` prints both and their ratio (scripts/bench.sh).
func BenchmarkStartup(b *testing.B) {
	for _, v := range []struct{ typ, version, resource string }{
		{"azurerm", "4.55.0", "azurerm_private_endpoint"}, {"azurerm", "4.81.0", "azurerm_private_endpoint"},
		{"mongodbatlas", "1.41.1", "mongodbatlas_privatelink_endpoint"}, {"mongodbatlas", "2.16.0", "mongodbatlas_privatelink_endpoint"},
	} {
		b.Setenv("ATLAS_PL_REPLAY_PROVIDER", v.typ+"@"+v.version)
		b.Setenv("ATLAS_PL_PROVIDER_SCHEMAS", recordedSchemas(b))
		start := func(b *testing.B) *Server {
			s, err := newServer()
			if err != nil || s.schemaErr != nil {
				b.Fatal(err, s.schemaErr)
			}
			return s
		}
		b.Run(v.typ+"@"+v.version+"/one-type", func(b *testing.B) {
			for b.Loop() {
				if _, diags := start(b).resource(v.resource); diags != nil {
					b.Fatal(diags[0].Detail)
				}
			}
		})
		b.Run(v.typ+"@"+v.version+"/whole-schema", func(b *testing.B) {
			for b.Loop() {
				resp, _ := start(b).GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
				if len(resp.Diagnostics) > 0 || len(resp.ResourceSchemas) == 0 {
					b.Fatal(resp.Diagnostics)
				}
			}
		})
	}
}
