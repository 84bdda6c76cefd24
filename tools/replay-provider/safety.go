package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// The replay provider answers under the real providers' addresses and versions, so nothing in
// Terraform's own output tells a simulated apply from a real one. Two guards keep it from
// passing for the real thing: it refuses to configure while the environment holds credentials
// of the real providers (someone meant to reach a real cloud), and every plan, apply and data
// source read carries a warning that nothing real was created.

// acceptCredentialsVar is the explicit opt-in for running with credentials in the environment
// (e.g. a shell that also deploys for real, where the user knows the mirror is the replay one).
const acceptCredentialsVar = "ATLAS_PL_REPLAY_ACCEPT_CREDENTIALS"

// credentialVars are the variables the real providers authenticate with (azurerm v4.55.0
// internal/provider/provider.go; mongodbatlas v1.41.1 internal/provider/provider.go and v2.16.0
// internal/config/credentials.go). Identifiers alone (ARM_SUBSCRIPTION_ID, ARM_TENANT_ID,
// MONGODB_ATLAS_ORG_ID) are not credentials and do not count.
var credentialVars = []string{
	"ARM_CLIENT_ID", "ARM_CLIENT_ID_FILE_PATH", "ARM_CLIENT_SECRET", "ARM_CLIENT_SECRET_FILE_PATH",
	"ARM_CLIENT_CERTIFICATE", "ARM_CLIENT_CERTIFICATE_PATH", "ARM_CLIENT_CERTIFICATE_PASSWORD",
	"ARM_OIDC_TOKEN", "ARM_OIDC_TOKEN_FILE_PATH", "ARM_OIDC_REQUEST_TOKEN", "ARM_OIDC_REQUEST_URL",
	"MONGODB_ATLAS_PUBLIC_API_KEY", "MONGODB_ATLAS_PUBLIC_KEY", "MCLI_PUBLIC_API_KEY",
	"MONGODB_ATLAS_PRIVATE_API_KEY", "MONGODB_ATLAS_PRIVATE_KEY", "MCLI_PRIVATE_API_KEY",
	"MONGODB_ATLAS_CLIENT_ID", "MONGODB_ATLAS_CLIENT_SECRET", "MONGODB_ATLAS_ACCESS_TOKEN",
}

// credentialSwitches turn on an ambient identity (managed identity, OIDC federation, AKS
// workload identity) that needs no secret in the environment; they count when true.
var credentialSwitches = []string{"ARM_USE_MSI", "ARM_USE_OIDC", "ARM_USE_AKS_WORKLOAD_IDENTITY"}

// credentialsInEnv names (never prints the values of) the credential variables that are set.
func credentialsInEnv(getenv func(string) string) []string {
	var found []string
	for _, name := range credentialVars {
		if getenv(name) != "" {
			found = append(found, name)
		}
	}
	for _, name := range credentialSwitches {
		switch strings.ToLower(strings.TrimSpace(getenv(name))) {
		case "", "0", "false":
		default:
			found = append(found, name)
		}
	}
	return found
}

// credentialRefusal is the configure error, nil when there is nothing to refuse.
func credentialRefusal(getenv func(string) string) error {
	found := credentialsInEnv(getenv)
	if len(found) == 0 || getenv(acceptCredentialsVar) == "1" {
		return nil
	}
	return fmt.Errorf("the environment holds credentials of the real providers (%s), but this is the REPLAY provider "+
		"(tools/replay-provider), a simulator that creates nothing in Azure or Atlas: TF_CLI_CONFIG_FILE=%q points Terraform at the replay mirror. "+
		"To deploy for real, unset TF_CLI_CONFIG_FILE and delete .terraform and .terraform.lock.hcl, then terraform init again. "+
		"To simulate anyway, unset those variables or set %s=1",
		strings.Join(found, ", "), os.Getenv("TF_CLI_CONFIG_FILE"), acceptCredentialsVar)
}

// simulationWarning goes on every plan, apply and read: Terraform prints provider warnings
// (and folds repeats into "and N more similar warnings").
func (s *Server) simulationWarning() *tfprotov6.Diagnostic {
	name := "the replay provider"
	if s.schema != nil {
		name = fmt.Sprintf("the replay provider for %s", s.schema.Address)
	}
	return &tfprotov6.Diagnostic{
		Severity: tfprotov6.DiagnosticSeverityWarning,
		Summary:  "SIMULATED: nothing real was created, changed or read (replay provider)",
		Detail: fmt.Sprintf("This run uses %s (tools/replay-provider of atlas-azure-private-link), which answers from recorded schemas and a simulated cloud in %s. "+
			"No Azure or Atlas resource exists behind these values. Never commit a .terraform.lock.hcl written in this mode: it holds the replay binary's hashes.", name, s.store.Dir),
	}
}

func (s *Server) env() func(string) string {
	if s.getenv != nil {
		return s.getenv
	}
	return os.Getenv
}

// withWarning appends the simulation warning to a response's diagnostics.
func (s *Server) withWarning(diags []*tfprotov6.Diagnostic) []*tfprotov6.Diagnostic {
	return append(diags, s.simulationWarning())
}
