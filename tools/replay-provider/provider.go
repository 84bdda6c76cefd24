package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Server serves one recorded provider schema and simulates its resources' lifecycle.
type Server struct {
	schema    *ProviderSchema
	schemaErr error
	world     *World
	worldErr  error
	store     *Store
	declared  declarations
	getenv    func(string) string // os.Getenv; tests substitute their own environment
	// subscription is this provider configuration's (one process per alias): azurerm's
	// subscription_id, else ARM_SUBSCRIPTION_ID, set by ConfigureProvider (subscription.go).
	subscription string
}

func errDiags(summary string, err error) []*tfprotov6.Diagnostic {
	return []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError, Summary: summary, Detail: err.Error()}}
}

func (s *Server) resource(name string) (*Schema, []*tfprotov6.Diagnostic) {
	return s.typeSchema("resource type", name, s.schema.Resource)
}

func (s *Server) dataSource(name string) (*Schema, []*tfprotov6.Diagnostic) {
	return s.typeSchema("data source", name, s.schema.DataSource)
}

// typeSchema is the recorded schema of one resource type or data source (kind), decoded on first use.
func (s *Server) typeSchema(kind, name string, lookup func(string) (*Schema, bool, error)) (*Schema, []*tfprotov6.Diagnostic) {
	if s.schemaErr != nil {
		return nil, errDiags("Replay provider: schema not loaded", s.schemaErr)
	}
	found, ok, err := lookup(name)
	if !ok {
		return nil, errDiags("Replay provider: unknown "+kind, fmt.Errorf("%s %q is not in the recorded schema %s", kind, name, s.schema.File))
	}
	if err != nil {
		return nil, errDiags("Replay provider: schema not loaded", err)
	}
	return found, nil
}

func (s *Server) GetMetadata(context.Context, *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	resp := &tfprotov6.GetMetadataResponse{ServerCapabilities: capabilities}
	if s.schemaErr != nil {
		resp.Diagnostics = errDiags("Replay provider: schema not loaded", s.schemaErr)
		return resp, nil
	}
	for _, name := range s.schema.ResourceNames() {
		resp.Resources = append(resp.Resources, tfprotov6.ResourceMetadata{TypeName: name})
	}
	for _, name := range s.schema.DataSourceNames() {
		resp.DataSources = append(resp.DataSources, tfprotov6.DataSourceMetadata{TypeName: name})
	}
	return resp, nil
}

// capabilities: GetProviderSchemaOptional, as the real providers declare it (their mux servers,
// docs/atlas-azure-model.md §M14.11): Terraform then asks one process per command for the whole
// schema and reuses it in the others, which only decode the types they serve.
var capabilities = &tfprotov6.ServerCapabilities{GetProviderSchemaOptional: true}

func (s *Server) GetProviderSchema(context.Context, *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	resp := &tfprotov6.GetProviderSchemaResponse{ServerCapabilities: capabilities}
	if s.schemaErr != nil {
		resp.Diagnostics = errDiags("Replay provider: schema not loaded", s.schemaErr)
		return resp, nil
	}
	resources, dataSources, err := s.schema.All()
	if err != nil {
		resp.Diagnostics = errDiags("Replay provider: schema not loaded", err)
		return resp, nil
	}
	resp.Provider = s.schema.Provider.Proto()
	resp.ResourceSchemas = map[string]*tfprotov6.Schema{}
	resp.DataSourceSchemas = map[string]*tfprotov6.Schema{}
	for name, r := range resources {
		resp.ResourceSchemas[name] = r.Proto()
	}
	for name, d := range dataSources {
		resp.DataSourceSchemas[name] = d.Proto()
	}
	return resp, nil
}

func (s *Server) GetResourceIdentitySchemas(context.Context, *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov6.GetResourceIdentitySchemasResponse{}, nil
}

func (s *Server) ValidateProviderConfig(_ context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return &tfprotov6.ValidateProviderConfigResponse{PreparedConfig: req.Config}, nil
}

// ConfigureProvider is where a broken world file surfaces: every plan and apply configures.
// Real credentials in the environment are refused here too (safety.go).
func (s *Server) ConfigureProvider(_ context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	if err := credentialRefusal(s.env()); err != nil {
		return &tfprotov6.ConfigureProviderResponse{Diagnostics: errDiags("Replay provider: refusing to run with real credentials in the environment", err)}, nil
	}
	if s.worldErr != nil {
		return &tfprotov6.ConfigureProviderResponse{Diagnostics: errDiags("Replay provider: invalid world file", s.worldErr)}, nil
	}
	if err := s.configureSubscription(req.Config); err != nil {
		return &tfprotov6.ConfigureProviderResponse{Diagnostics: errDiags("Replay provider: invalid subscription_id", err)}, nil
	}
	return &tfprotov6.ConfigureProviderResponse{}, nil
}

func (s *Server) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return &tfprotov6.StopProviderResponse{}, nil
}

func (s *Server) ValidateResourceConfig(_ context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	schema, diags := s.resource(req.TypeName)
	if diags == nil && req.TypeName == "mongodbatlas_privatelink_endpoint" {
		if config, err := req.Config.Unmarshal(schema.Block.ObjectType()); err == nil {
			if err := s.declared.note(s.store, knownPlain(schema.Block, config)); err != nil {
				diags = errDiags("Replay provider: state folder", err)
			}
		}
	}
	return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: diags}, nil
}

func (s *Server) ValidateDataResourceConfig(_ context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	_, diags := s.dataSource(req.TypeName)
	return &tfprotov6.ValidateDataResourceConfigResponse{Diagnostics: diags}, nil
}

func (s *Server) UpgradeResourceState(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	schema, diags := s.resource(req.TypeName)
	if diags != nil {
		return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: diags}, nil
	}
	typ := schema.Block.ObjectType()
	// Attributes of older schema versions are dropped, as a provider's upgrade would.
	val, err := req.RawState.UnmarshalWithOpts(typ, tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	if err != nil {
		return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: errDiags("Replay provider: unreadable state", fmt.Errorf("%s: %v", req.TypeName, err))}, nil
	}
	dv, err := tfprotov6.NewDynamicValue(typ, val)
	if err != nil {
		return nil, err
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &dv}, nil
}

// ReadResource answers from the simulated cloud: what apply stored, or null once it is gone.
func (s *Server) ReadResource(_ context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	schema, diags := s.resource(req.TypeName)
	if diags != nil {
		return &tfprotov6.ReadResourceResponse{Diagnostics: diags}, nil
	}
	typ := schema.Block.ObjectType()
	current, err := req.CurrentState.Unmarshal(typ)
	if err != nil {
		return nil, err
	}
	id := str(plainObject(current), "id")
	var stored map[string]any
	if err := s.store.View(func(records []*Record) error {
		if i := find(records, req.TypeName, id); i >= 0 {
			stored = records[i].State
		}
		return nil
	}); err != nil {
		return &tfprotov6.ReadResourceResponse{Diagnostics: errDiags("Replay provider: state folder", err)}, nil
	}
	var readErr error
	if stored != nil && req.TypeName == "mongodbatlas_privatelink_endpoint_service" {
		// What Atlas reports now, which may differ from what the create saw (registration.go).
		stored, readErr = registrationOnRead(s.world, stored)
	}
	if readErr != nil {
		return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private, Diagnostics: s.withWarning(errDiags(req.TypeName+": read failed", readErr))}, nil
	}
	val := tftypes.NewValue(typ, nil)
	if stored != nil {
		if val, err = fromPlain(typ, stored); err != nil {
			return &tfprotov6.ReadResourceResponse{Diagnostics: errDiags("Replay provider: stored object does not fit the schema", fmt.Errorf("%s %s: %v", req.TypeName, id, err))}, nil
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, val)
	if err != nil {
		return nil, err
	}
	return &tfprotov6.ReadResourceResponse{NewState: &dv, Private: req.Private}, nil
}

// PlanResourceChange: the proposed state, with every computed attribute the configuration
// leaves unset unknown on create (Terraform already carries prior values into updates).
func (s *Server) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	schema, diags := s.resource(req.TypeName)
	if diags != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: diags}, nil
	}
	typ := schema.Block.ObjectType()
	prior, err := req.PriorState.Unmarshal(typ)
	if err != nil {
		return nil, err
	}
	proposed, err := req.ProposedNewState.Unmarshal(typ)
	if err != nil {
		return nil, err
	}
	resp := &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: req.PriorPrivate, Diagnostics: s.withWarning(nil)}
	if proposed.IsNull() {
		return resp, nil
	}
	if !prior.IsNull() {
		resp.RequiresReplace = replacePaths(req.TypeName, knownPlain(schema.Block, prior), knownPlain(schema.Block, proposed))
		return resp, nil
	}
	planned, err := walkBlock(schema.Block, proposed, "", func(_ string, a *Attribute, v tftypes.Value) (tftypes.Value, error) {
		if a.Computed && v.IsNull() {
			return tftypes.NewValue(a.Type, tftypes.UnknownValue), nil
		}
		return v, nil
	})
	if err != nil {
		return nil, err
	}
	dv, err := tfprotov6.NewDynamicValue(typ, planned)
	if err != nil {
		return nil, err
	}
	resp.PlannedState = &dv
	return resp, nil
}

func replacePaths(typeName string, prior, proposed map[string]any) []*tftypes.AttributePath {
	var out []*tftypes.AttributePath
	for _, name := range requiresReplace[typeName] {
		a, _ := json.Marshal(prior[name])
		b, _ := json.Marshal(proposed[name])
		if string(a) != string(b) {
			out = append(out, tftypes.NewAttributePath().WithAttributeName(name))
		}
	}
	return out
}

// ApplyResourceChange creates, updates or deletes the object in the simulated cloud.
func (s *Server) ApplyResourceChange(_ context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	schema, diags := s.resource(req.TypeName)
	if diags != nil {
		return &tfprotov6.ApplyResourceChangeResponse{Diagnostics: diags}, nil
	}
	typ := schema.Block.ObjectType()
	prior, err := req.PriorState.Unmarshal(typ)
	if err != nil {
		return nil, err
	}
	planned, err := req.PlannedState.Unmarshal(typ)
	if err != nil {
		return nil, err
	}
	newState := planned
	var failAfter error
	keepState := false
	err = s.store.Update(func(records []*Record) ([]*Record, error) {
		if !prior.IsNull() {
			if i := find(records, req.TypeName, str(plainObject(prior), "id")); i >= 0 {
				records = append(records[:i], records[i+1:]...)
			}
		}
		if planned.IsNull() {
			return records, nil
		}
		config := knownPlain(schema.Block, planned)
		shaped, err := s.shapeWith(resourceShapers, req.TypeName, config, records)
		if err != nil {
			return nil, err
		}
		if shaped.failNow != nil {
			return nil, shaped.failNow
		}
		failAfter, keepState = shaped.failAfter, shaped.keepState
		if newState, err = fill(schema.Block, planned, shaped, func(v tftypes.Value) bool { return !v.IsKnown() }); err != nil {
			return nil, err
		}
		plain, err := toPlain(newState)
		if err != nil {
			return nil, fmt.Errorf("%s: value after apply: %v", req.TypeName, err)
		}
		state, _ := plain.(map[string]any)
		id := str(state, "id")
		if id == "" {
			return nil, fmt.Errorf("%s: no id after apply", req.TypeName)
		}
		if prior.IsNull() && find(records, req.TypeName, id) >= 0 {
			// What azurerm says when a create finds the object there already.
			return nil, fmt.Errorf("A resource with the ID %q already exists - to be managed via Terraform this resource needs to be imported into the State", id)
		}
		return append(records, &Record{Type: req.TypeName, ID: id, ImportIDs: shaped.importIDs, State: state}), nil
	})
	if err != nil {
		return &tfprotov6.ApplyResourceChangeResponse{Diagnostics: s.withWarning(errDiags(fmt.Sprintf("%s: the simulated API refused the change", req.TypeName), err))}, nil
	}
	if failAfter != nil && !keepState {
		// Created in the simulated cloud, unknown to Terraform: the next create meets it (409).
		return &tfprotov6.ApplyResourceChangeResponse{Diagnostics: s.withWarning(errDiags(req.TypeName+": create failed", failAfter))}, nil
	}
	dv, err := tfprotov6.NewDynamicValue(typ, newState)
	if err != nil {
		return nil, err
	}
	resp := &tfprotov6.ApplyResourceChangeResponse{NewState: &dv, Private: req.PlannedPrivate, Diagnostics: s.withWarning(nil)}
	if failAfter != nil {
		// The state goes back with the error: Terraform keeps the object, tainted.
		resp.Diagnostics = s.withWarning(errDiags(req.TypeName+": create failed", failAfter))
	}
	return resp, nil
}

// shapeWith runs the type's shaper (or the generic one) and makes its id the `id` value.
func (s *Server) shapeWith(shapers map[string]shaper, typeName string, config map[string]any, records []*Record) (*shape, error) {
	shaper := shapers[typeName]
	if shaper == nil {
		shaper = genericShape
	}
	shaped, err := shaper(&shapeCtx{world: s.world, records: records, typ: typeName, config: config, subscription: s.azureSubscription()})
	if err != nil {
		return nil, err
	}
	if _, set := shaped.values["id"]; !set {
		shaped.values["id"] = shaped.id
	}
	return shaped, nil
}

// fill replaces the computed attributes selected by pending with the shape's values (or the
// type's zero value where the shape has none).
func fill(b *Block, v tftypes.Value, shaped *shape, pending func(tftypes.Value) bool) (tftypes.Value, error) {
	return walkBlock(b, v, "", func(path string, a *Attribute, v tftypes.Value) (tftypes.Value, error) {
		if !a.Computed || !pending(v) {
			return v, nil
		}
		p, ok := shaped.values[path]
		if !ok {
			return zeroOf(a.Type), nil
		}
		out, err := fromPlain(a.Type, p)
		if err != nil {
			return v, fmt.Errorf("%s: %v", path, err)
		}
		return out, nil
	})
}

func (s *Server) ImportResourceState(_ context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	schema, diags := s.resource(req.TypeName)
	if diags != nil {
		return &tfprotov6.ImportResourceStateResponse{Diagnostics: diags}, nil
	}
	var stored map[string]any
	var known []string
	if err := s.store.View(func(records []*Record) error {
		if i := find(records, req.TypeName, req.ID); i >= 0 {
			stored = records[i].State
		}
		for _, r := range ofType(records, req.TypeName) {
			known = append(known, r.ID)
		}
		return nil
	}); err != nil {
		return &tfprotov6.ImportResourceStateResponse{Diagnostics: errDiags("Replay provider: state folder", err)}, nil
	}
	if stored == nil {
		sort.Strings(known)
		return &tfprotov6.ImportResourceStateResponse{Diagnostics: errDiags("Cannot import non-existent remote object",
			fmt.Errorf("no %s with import id %q in the simulated cloud (%s); existing ids: %v", req.TypeName, req.ID, s.store.Dir, known))}, nil
	}
	typ := schema.Block.ObjectType()
	val, err := fromPlain(typ, stored)
	if err != nil {
		return nil, err
	}
	dv, err := tfprotov6.NewDynamicValue(typ, val)
	if err != nil {
		return nil, err
	}
	return &tfprotov6.ImportResourceStateResponse{ImportedResources: []*tfprotov6.ImportedResource{{TypeName: req.TypeName, State: &dv}}}, nil
}

func (s *Server) MoveResourceState(context.Context, *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return &tfprotov6.MoveResourceStateResponse{Diagnostics: errDiags("Replay provider: moves are not simulated", fmt.Errorf("moved blocks between resource types are not supported"))}, nil
}

func (s *Server) UpgradeResourceIdentity(context.Context, *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return &tfprotov6.UpgradeResourceIdentityResponse{}, nil
}

func (s *Server) GenerateResourceConfig(context.Context, *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return &tfprotov6.GenerateResourceConfigResponse{}, nil
}

// ReadDataSource fills every computed attribute the configuration leaves unset.
func (s *Server) ReadDataSource(_ context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	schema, diags := s.dataSource(req.TypeName)
	if diags != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: diags}, nil
	}
	typ := schema.Block.ObjectType()
	config, err := req.Config.Unmarshal(typ)
	if err != nil {
		return nil, err
	}
	var state tftypes.Value
	err = s.store.View(func(records []*Record) error {
		shaped, err := s.shapeWith(dataShapers, req.TypeName, plainObject(config), records)
		if err != nil {
			return err
		}
		state, err = fill(schema.Block, config, shaped, func(v tftypes.Value) bool { return v.IsNull() || !v.IsKnown() })
		return err
	})
	if err != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: s.withWarning(errDiags(fmt.Sprintf("%s: the simulated API refused the read", req.TypeName), err))}, nil
	}
	dv, err := tfprotov6.NewDynamicValue(typ, state)
	if err != nil {
		return nil, err
	}
	return &tfprotov6.ReadDataSourceResponse{State: &dv, Diagnostics: s.withWarning(nil)}, nil
}

func (s *Server) CallFunction(context.Context, *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return &tfprotov6.CallFunctionResponse{Error: &tfprotov6.FunctionError{Text: "the replay provider serves no provider functions"}}, nil
}

func (s *Server) GetFunctions(context.Context, *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return &tfprotov6.GetFunctionsResponse{Functions: map[string]*tfprotov6.Function{}}, nil
}

func (s *Server) ValidateEphemeralResourceConfig(context.Context, *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return &tfprotov6.ValidateEphemeralResourceConfigResponse{}, nil
}

func (s *Server) OpenEphemeralResource(context.Context, *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return &tfprotov6.OpenEphemeralResourceResponse{Diagnostics: errDiags("Replay provider: ephemeral resources are not simulated", fmt.Errorf("not supported"))}, nil
}

func (s *Server) RenewEphemeralResource(context.Context, *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return &tfprotov6.RenewEphemeralResourceResponse{}, nil
}

func (s *Server) CloseEphemeralResource(context.Context, *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return &tfprotov6.CloseEphemeralResourceResponse{}, nil
}
