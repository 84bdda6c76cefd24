package main

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Subscriptions, as azurerm 4.x has them: each provider configuration (each alias runs in its own
// provider process) works in one subscription, its `subscription_id`, else ARM_SUBSCRIPTION_ID.
// Azure creates what it is asked to in that subscription, and a private endpoint only in the
// subscription and region of its virtual network (docs/atlas-azure-model.md §M9.1, §M9.6).

// configureSubscription reads the provider block's subscription_id (azurerm only; mongodbatlas
// has none), else ARM_SUBSCRIPTION_ID.
func (s *Server) configureSubscription(config *tfprotov6.DynamicValue) error {
	if s.schema == nil || s.schema.Provider == nil || config == nil {
		return nil
	}
	if _, ok := s.schema.Provider.Block.Attributes["subscription_id"]; !ok {
		return nil
	}
	value, err := config.Unmarshal(s.schema.Provider.Block.ObjectType())
	if err != nil {
		return err
	}
	field, sub := "subscription_id", str(knownPlain(s.schema.Provider.Block, value), "subscription_id")
	if sub == "" {
		field, sub = "ARM_SUBSCRIPTION_ID", strings.TrimSpace(s.env()("ARM_SUBSCRIPTION_ID"))
	}
	if sub == "" {
		return nil
	}
	if !uuidPattern.MatchString(strings.ToLower(sub)) {
		return fmt.Errorf("%s: %q is not a subscription id (a UUID such as 8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b)", field, sub)
	}
	s.subscription = strings.ToLower(sub)
	return nil
}

// azureSubscription is where this provider creates: its configured subscription, else
// ARM_SUBSCRIPTION_ID, else "" (not known). The real azurerm 4.x refuses to configure without one
// ("subscription ID could not be determined and was not specified"); the simulation keeps such
// configurations applying: a private endpoint then follows its subnet, the rest the world's default.
func (s *Server) azureSubscription() string {
	if s.subscription != "" {
		return s.subscription
	}
	if env := strings.ToLower(strings.TrimSpace(s.env()("ARM_SUBSCRIPTION_ID"))); uuidPattern.MatchString(env) {
		return env
	}
	return ""
}

// sub is the subscription resources are created in: the provider's, else the world's default.
func (c *shapeCtx) sub() string {
	if c.subscription != "" {
		return c.subscription
	}
	return c.world.DefaultSubscription()
}

// checkPlacement refuses a private endpoint outside its VNet's subscription, or (when the world
// knows the subnet's region) outside its region, the way Azure's network API does: the VNet is
// looked up beside the endpoint and is "not found" (InvalidResourceReference).
func checkPlacement(c *shapeCtx, subnet, endpointID string) error {
	vnet := subnet
	if i := strings.Index(strings.ToLower(subnet), "/subnets/"); i >= 0 {
		vnet = subnet[:i]
	}
	refused := func(why string) error {
		return fmt.Errorf("InvalidResourceReference: Resource %s referenced by resource %s was not found. "+
			"Please make sure that the referenced resource exists, and that both resources are in the same region. "+
			"(simulated by the replay provider: %s; a private endpoint must be in the subscription and region of its virtual network)", vnet, endpointID, why)
	}
	if got := strings.ToLower(subscriptionOf(subnet)); c.subscription != "" && got != c.subscription {
		return refused(fmt.Sprintf("the subnet is in subscription %s, this azurerm provider creates in subscription %s", got, c.subscription))
	}
	region, known := c.world.SubnetRegion(subnet)
	location, _, ok := regionForms(str(c.config, "location"))
	if known && ok && region != location {
		return refused(fmt.Sprintf("the subnet is in %s, the endpoint's location is %s", region, location))
	}
	return nil
}
