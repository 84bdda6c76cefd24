package main

import (
	"fmt"
	"strings"
	"time"
)

// Registration is what Atlas reports for one private endpoint's registration
// (`mongodbatlas_privatelink_endpoint_service`), world field atlas.registrations.<endpoint>:
// keyed by the Azure private endpoint's ARM id (case-insensitive) or its name. It applies at
// create and on every later read, so a world edited after a green apply is what a refresh
// (`terraform apply -refresh-only`) shows, as when a connection is rejected later.
type Registration struct {
	Status       string `json:"status"`
	ErrorMessage string `json:"errorMessage"`
}

// The registration create's wait (TPF v1.41.1 and v2.16.0, model §M5.3): these statuses keep
// it waiting, these end it. Atlas' API lists only INITIATING, AVAILABLE, FAILED and DELETING
// for Azure (model §M7.3); the others are the wait's, shared with AWS and GCP.
var (
	registrationPending = []string{"NONE", "INITIATING", "PENDING_ACCEPTANCE", "PENDING", "DELETING", "VERIFIED"}
	registrationTarget  = []string{"AVAILABLE", "REJECTED", "DELETED", "FAILED"}
)

// registrationStatuses a world file may name: DELETED is the wait's word for a 404, not a status.
func registrationStatuses() []string {
	return append(append([]string{}, registrationPending...), "AVAILABLE", "REJECTED", "FAILED")
}

func (r *Registration) validate(where string) error {
	if r == nil {
		return fmt.Errorf("%s: must be an object", where)
	}
	if !contains(registrationStatuses(), r.Status) {
		return fmt.Errorf("%s.status: %q is not a registration status (expected one of %s)", where, r.Status, strings.Join(registrationStatuses(), ", "))
	}
	return nil
}

// checkEndpointKey refuses a world key (of field) that is neither a private endpoint's ARM id nor a name.
func checkEndpointKey(field, key string) error {
	if strings.TrimSpace(key) == "" || strings.Contains(key, "/") && !strings.Contains(strings.ToLower(key), "/providers/microsoft.network/privateendpoints/") {
		return fmt.Errorf("%s[%q]: expected an Azure private endpoint's ARM id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateEndpoints/<name>) or its name", field, key)
	}
	return nil
}

// entryForEndpoint is the entry of a world map keyed by private endpoint (ARM id in any case, or
// name) for this endpoint, nil when it has none.
func entryForEndpoint[T any](entries map[string]*T, endpointID string) *T {
	name := endpointID[strings.LastIndex(endpointID, "/")+1:]
	for _, key := range sortedKeys(entries) {
		if strings.EqualFold(key, endpointID) || key == name {
			return entries[key]
		}
	}
	return nil
}

// RegistrationFor is the world's entry for the registration of this private endpoint, nil when it has none.
func (w *World) RegistrationFor(endpointID string) *Registration {
	return entryForEndpoint(w.Atlas.Registrations, endpointID)
}

// registrationStatus: what Atlas reports now for a stored registration (the world's word wins).
func registrationStatus(w *World, r *Record) string {
	if reg := w.RegistrationFor(str(r.State, "endpoint_service_id")); reg != nil {
		return reg.Status
	}
	return str(r.State, "azure_status")
}

// registrationAtCreate: what the create does with the world's status (model §M5.3, §M14.9).
// A status that ends the wait is stored as reported; an error message then fails the read that
// ends the create, and the registration is kept (tainted). A status that keeps it waiting runs
// into the create timeout, answered at once: 1.x leaves the registration in Atlas, 2.x deletes it
// unless delete_on_create_timeout is false.
func registrationAtCreate(c *shapeCtx, s *shape, endpoint, link string, canDelete bool) {
	reg := c.world.RegistrationFor(endpoint)
	if reg == nil {
		return
	}
	s.values["azure_status"], s.values["error_message"] = reg.Status, reg.ErrorMessage
	if contains(registrationPending, reg.Status) {
		timeout := 2 * time.Hour
		if d, err := time.ParseDuration(str(firstObject(c.config, "timeouts"), "create")); err == nil {
			timeout = d
		}
		err := fmt.Sprintf("error adding MongoDB Private Service Endpoint Connection(%s) to a Private Endpoint (%s): timeout while waiting for state to become '%s' (last state: '%s', timeout: %s)",
			endpoint, link, strings.Join(registrationTarget, ", "), reg.Status, timeout)
		if !canDelete {
			s.failAfter = fmt.Errorf("%s", err)
			return
		}
		if del, set := c.config["delete_on_create_timeout"].(bool); set && !del {
			s.failAfter = fmt.Errorf("%s\ncleanup won't be run because delete_on_create_timeout is false", err)
			return
		}
		s.failNow = fmt.Errorf("%s\nwill run cleanup because delete_on_create_timeout is true. If you suspect a transient error, wait before retrying to allow resource deletion to finish", err)
		return
	}
	if reg.ErrorMessage != "" {
		s.failAfter, s.keepState = registrationFailed(reg), true
	}
}

// registrationFailed: the read's error when Atlas reports an error message, whatever the status.
func registrationFailed(reg *Registration) error {
	return fmt.Errorf("privatelink endpoint service is in a failed state: %s", reg.ErrorMessage)
}

// registrationOnRead overlays what Atlas reports now on the stored registration.
func registrationOnRead(w *World, stored map[string]any) (map[string]any, error) {
	reg := w.RegistrationFor(str(stored, "endpoint_service_id"))
	if reg == nil {
		return stored, nil
	}
	out := map[string]any{}
	for k, v := range stored {
		out[k] = v
	}
	out["azure_status"], out["error_message"] = reg.Status, reg.ErrorMessage
	if reg.ErrorMessage != "" {
		return out, registrationFailed(reg)
	}
	return out, nil
}

// firstObject: a list block's first element, or the object of a single nested block (timeouts).
func firstObject(m map[string]any, key string) map[string]any {
	if obj, ok := m[key].(map[string]any); ok {
		return obj
	}
	return firstElement(m, key)
}
