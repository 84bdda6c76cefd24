package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The recorded `terraform providers schema -json` format, only the parts the protocol needs.
// Each resource's and data source's schema stays raw JSON until a request needs it: an engine
// command starts the provider several times, and most processes serve a handful of the ~1500
// azurerm types (decoding them all took most of a process's start-up).
type jsonSchemaFile struct {
	FormatVersion   string                         `json:"format_version"`
	ProviderSchemas map[string]*jsonProviderSchema `json:"provider_schemas"`
}

type jsonProviderSchema struct {
	Provider          *jsonSchema                `json:"provider"`
	ResourceSchemas   map[string]json.RawMessage `json:"resource_schemas"`
	DataSourceSchemas map[string]json.RawMessage `json:"data_source_schemas"`
}

type jsonSchema struct {
	Version int64      `json:"version"`
	Block   *jsonBlock `json:"block"`
}

type jsonBlock struct {
	Attributes  map[string]*jsonAttribute   `json:"attributes"`
	BlockTypes  map[string]*jsonNestedBlock `json:"block_types"`
	Description string                      `json:"description"`
	Deprecated  bool                        `json:"deprecated"`
}

type jsonAttribute struct {
	Type        json.RawMessage `json:"type"`
	NestedType  *jsonNestedType `json:"nested_type"`
	Description string          `json:"description"`
	Required    bool            `json:"required"`
	Optional    bool            `json:"optional"`
	Computed    bool            `json:"computed"`
	Sensitive   bool            `json:"sensitive"`
	Deprecated  bool            `json:"deprecated"`
	WriteOnly   bool            `json:"write_only"`
}

type jsonNestedType struct {
	Attributes  map[string]*jsonAttribute `json:"attributes"`
	NestingMode string                    `json:"nesting_mode"`
}

type jsonNestedBlock struct {
	Block       *jsonBlock `json:"block"`
	NestingMode string     `json:"nesting_mode"`
	MinItems    int64      `json:"min_items"`
	MaxItems    int64      `json:"max_items"`
}

// Block is the schema of an object: what the planner and the value generators walk.
type Block struct {
	Attributes map[string]*Attribute
	Blocks     map[string]*NestedBlock
	proto      *tfprotov6.SchemaBlock
}

// Attribute is one attribute; Nested is set for nested attributes (protocol v6 nested_type).
type Attribute struct {
	Type     tftypes.Type
	Required bool
	Optional bool
	Computed bool
	Nested   *Block
	Nesting  string
}

// NestedBlock is a block type; Nesting is single, group, list, set or map.
type NestedBlock struct {
	Block   *Block
	Nesting string
}

// Schema is one resource's or data source's schema.
type Schema struct {
	Version int64
	Block   *Block
}

// ProviderSchema is what one recorded provider serves. Resource and data source schemas are
// decoded on first use (Resource, DataSource, All) and kept; requests arrive concurrently.
type ProviderSchema struct {
	Address  string
	File     string
	Provider *Schema
	raw      map[string]map[string]json.RawMessage // "resource_schemas"/"data_source_schemas" -> type -> JSON
	mu       sync.Mutex
	decoded  map[string]map[string]*Schema
}

const (
	resourceSchemas   = "resource_schemas"
	dataSourceSchemas = "data_source_schemas"
)

// Resource is a resource type's schema; ok is false when the recording has no such type.
func (p *ProviderSchema) Resource(name string) (s *Schema, ok bool, err error) {
	return p.lookup(resourceSchemas, name)
}

// DataSource is a data source's schema; ok is false when the recording has no such type.
func (p *ProviderSchema) DataSource(name string) (s *Schema, ok bool, err error) {
	return p.lookup(dataSourceSchemas, name)
}

// ResourceNames and DataSourceNames list the recorded types, sorted.
func (p *ProviderSchema) ResourceNames() []string   { return sortedKeys(p.raw[resourceSchemas]) }
func (p *ProviderSchema) DataSourceNames() []string { return sortedKeys(p.raw[dataSourceSchemas]) }

func (p *ProviderSchema) lookup(kind, name string) (*Schema, bool, error) {
	raw, ok := p.raw[kind][name]
	if !ok {
		return nil, false, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if s := p.decoded[kind][name]; s != nil {
		return s, true, nil
	}
	var js jsonSchema
	if err := json.Unmarshal(raw, &js); err != nil {
		return nil, true, fmt.Errorf("provider schema %s: %s.%s: %v", p.File, kind, name, err)
	}
	s, err := convertSchema(&js, kind+"."+name)
	if err != nil {
		return nil, true, fmt.Errorf("provider schema %s: %v", p.File, err)
	}
	p.decoded[kind][name] = s
	return s, true, nil
}

// All decodes every resource and data source schema (GetProviderSchema serves them all).
func (p *ProviderSchema) All() (resources, dataSources map[string]*Schema, err error) {
	resources, dataSources = map[string]*Schema{}, map[string]*Schema{}
	for _, kind := range []struct {
		name string
		out  map[string]*Schema
	}{{resourceSchemas, resources}, {dataSourceSchemas, dataSources}} {
		for _, name := range sortedKeys(p.raw[kind.name]) {
			if kind.out[name], _, err = p.lookup(kind.name, name); err != nil {
				return nil, nil, err
			}
		}
	}
	return resources, dataSources, nil
}

// readSchemaFile reads <dir>/<type>-<version>.json, else the gzip-compressed .json.gz the
// repository keeps (tools/replay-provider/schemas); it returns the file it read.
func readSchemaFile(dir, providerType, version string) (string, []byte, error) {
	file := filepath.Join(dir, fmt.Sprintf("%s-%s.json", providerType, version))
	raw, err := os.ReadFile(file)
	if err == nil || !os.IsNotExist(err) {
		return file, raw, err
	}
	gz, gzErr := os.ReadFile(file + ".gz")
	if os.IsNotExist(gzErr) {
		return file, nil, fmt.Errorf("neither %s nor %s.gz exists", filepath.Base(file), filepath.Base(file))
	}
	if gzErr != nil {
		return file + ".gz", nil, gzErr
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return file + ".gz", nil, fmt.Errorf("not gzip data: %v", err)
	}
	// Sized from the gzip trailer (the uncompressed size, mod 2^32; capped, as the trailer may lie):
	// growing a buffer to 5.6 MB step by step took twice the memory a lazy start-up needs.
	size := min(int(binary.LittleEndian.Uint32(gz[len(gz)-4:])), 64<<20)
	out := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	_, err = out.ReadFrom(zr)
	return file + ".gz", out.Bytes(), err
}

// LoadProviderSchema reads <dir>/<type>-<version>.json(.gz) and converts the provider block, keeping
// the types' schemas raw until used; every error names the file and the field.
func LoadProviderSchema(dir, providerType, version string) (*ProviderSchema, error) {
	file, raw, err := readSchemaFile(dir, providerType, version)
	if err != nil {
		return nil, fmt.Errorf("provider schema %s: %v (set ATLAS_PL_PROVIDER_SCHEMAS to the folder of recorded schemas)", file, err)
	}
	var doc jsonSchemaFile
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("provider schema %s: not a `providers schema -json` document: %v", file, err)
	}
	if len(doc.ProviderSchemas) != 1 {
		return nil, fmt.Errorf("provider schema %s: provider_schemas must hold exactly one provider, found %d", file, len(doc.ProviderSchemas))
	}
	out := &ProviderSchema{File: file, decoded: map[string]map[string]*Schema{resourceSchemas: {}, dataSourceSchemas: {}}}
	for address, ps := range doc.ProviderSchemas {
		out.Address = address
		if filepath.Base(address) != providerType {
			return nil, fmt.Errorf("provider schema %s: provider_schemas names %q, expected .../%s", file, address, providerType)
		}
		if ps.Provider == nil {
			return nil, fmt.Errorf("provider schema %s: provider_schemas[%q].provider is missing", file, address)
		}
		if out.Provider, err = convertSchema(ps.Provider, fmt.Sprintf("provider_schemas[%q].provider", address)); err != nil {
			return nil, fmt.Errorf("provider schema %s: %v", file, err)
		}
		out.raw = map[string]map[string]json.RawMessage{resourceSchemas: ps.ResourceSchemas, dataSourceSchemas: ps.DataSourceSchemas}
	}
	return out, nil
}

func convertSchema(s *jsonSchema, where string) (*Schema, error) {
	if s == nil || s.Block == nil {
		return nil, fmt.Errorf("%s.block is missing", where)
	}
	b, err := convertBlock(s.Block, where+".block")
	if err != nil {
		return nil, err
	}
	b.proto.Version = s.Version
	return &Schema{Version: s.Version, Block: b}, nil
}

func convertBlock(jb *jsonBlock, where string) (*Block, error) {
	b := &Block{Attributes: map[string]*Attribute{}, Blocks: map[string]*NestedBlock{}, proto: &tfprotov6.SchemaBlock{
		Description: jb.Description, Deprecated: jb.Deprecated,
	}}
	for _, name := range sortedKeys(jb.Attributes) {
		attr, proto, err := convertAttribute(name, jb.Attributes[name], where+".attributes."+name)
		if err != nil {
			return nil, err
		}
		b.Attributes[name] = attr
		b.proto.Attributes = append(b.proto.Attributes, proto)
	}
	for _, name := range sortedKeys(jb.BlockTypes) {
		nb := jb.BlockTypes[name]
		at := where + ".block_types." + name
		if nb == nil || nb.Block == nil {
			return nil, fmt.Errorf("%s.block is missing", at)
		}
		inner, err := convertBlock(nb.Block, at+".block")
		if err != nil {
			return nil, err
		}
		mode, ok := blockNesting[nb.NestingMode]
		if !ok {
			return nil, fmt.Errorf("%s.nesting_mode: %q is not single, group, list, set or map", at, nb.NestingMode)
		}
		b.Blocks[name] = &NestedBlock{Block: inner, Nesting: nb.NestingMode}
		b.proto.BlockTypes = append(b.proto.BlockTypes, &tfprotov6.SchemaNestedBlock{
			TypeName: name, Block: inner.proto, Nesting: mode, MinItems: nb.MinItems, MaxItems: nb.MaxItems,
		})
	}
	return b, nil
}

var blockNesting = map[string]tfprotov6.SchemaNestedBlockNestingMode{
	"single": tfprotov6.SchemaNestedBlockNestingModeSingle,
	"group":  tfprotov6.SchemaNestedBlockNestingModeGroup,
	"list":   tfprotov6.SchemaNestedBlockNestingModeList,
	"set":    tfprotov6.SchemaNestedBlockNestingModeSet,
	"map":    tfprotov6.SchemaNestedBlockNestingModeMap,
}

var objectNesting = map[string]tfprotov6.SchemaObjectNestingMode{
	"single": tfprotov6.SchemaObjectNestingModeSingle,
	"list":   tfprotov6.SchemaObjectNestingModeList,
	"set":    tfprotov6.SchemaObjectNestingModeSet,
	"map":    tfprotov6.SchemaObjectNestingModeMap,
}

func convertAttribute(name string, ja *jsonAttribute, where string) (*Attribute, *tfprotov6.SchemaAttribute, error) {
	if ja == nil {
		return nil, nil, fmt.Errorf("%s is null", where)
	}
	if !ja.Required && !ja.Optional && !ja.Computed {
		return nil, nil, fmt.Errorf("%s: none of required, optional, computed is set", where)
	}
	attr := &Attribute{Required: ja.Required, Optional: ja.Optional, Computed: ja.Computed}
	proto := &tfprotov6.SchemaAttribute{
		Name: name, Description: ja.Description, Required: ja.Required, Optional: ja.Optional,
		Computed: ja.Computed, Sensitive: ja.Sensitive, Deprecated: ja.Deprecated, WriteOnly: ja.WriteOnly,
	}
	switch {
	case ja.NestedType != nil:
		inner := &jsonBlock{Attributes: ja.NestedType.Attributes}
		nested, err := convertBlock(inner, where+".nested_type")
		if err != nil {
			return nil, nil, err
		}
		mode, ok := objectNesting[ja.NestedType.NestingMode]
		if !ok {
			return nil, nil, fmt.Errorf("%s.nested_type.nesting_mode: %q is not single, list, set or map", where, ja.NestedType.NestingMode)
		}
		attr.Nested, attr.Nesting = nested, ja.NestedType.NestingMode
		attr.Type = nestedType(nested, ja.NestedType.NestingMode)
		proto.NestedType = &tfprotov6.SchemaObject{Attributes: nested.proto.Attributes, Nesting: mode}
	case len(ja.Type) > 0:
		t, err := parseType(ja.Type)
		if err != nil {
			return nil, nil, fmt.Errorf("%s.type: %v", where, err)
		}
		attr.Type, proto.Type = t, t
	default:
		return nil, nil, fmt.Errorf("%s: neither type nor nested_type is set", where)
	}
	return attr, proto, nil
}

func nestedType(b *Block, nesting string) tftypes.Type {
	obj := b.ObjectType()
	switch nesting {
	case "list":
		return tftypes.List{ElementType: obj}
	case "set":
		return tftypes.Set{ElementType: obj}
	case "map":
		return tftypes.Map{ElementType: obj}
	}
	return obj
}

// ObjectType is the value type of an object of this block, as Terraform builds it.
func (b *Block) ObjectType() tftypes.Object {
	types := map[string]tftypes.Type{}
	for name, a := range b.Attributes {
		types[name] = a.Type
	}
	for name, nb := range b.Blocks {
		obj := nb.Block.ObjectType()
		switch nb.Nesting {
		case "list":
			types[name] = tftypes.List{ElementType: obj}
		case "set":
			types[name] = tftypes.Set{ElementType: obj}
		case "map":
			types[name] = tftypes.Map{ElementType: obj}
		default:
			types[name] = obj
		}
	}
	return tftypes.Object{AttributeTypes: types}
}

// Proto is the block in the plugin protocol's form.
func (s *Schema) Proto() *tfprotov6.Schema {
	return &tfprotov6.Schema{Version: s.Version, Block: s.Block.proto}
}

// parseType reads a cty JSON type expression: "string", ["list","string"], ["object",{...}], ...
func parseType(raw json.RawMessage) (tftypes.Type, error) {
	var name string
	if json.Unmarshal(raw, &name) == nil {
		switch name {
		case "string":
			return tftypes.String, nil
		case "number":
			return tftypes.Number, nil
		case "bool":
			return tftypes.Bool, nil
		case "dynamic":
			return tftypes.DynamicPseudoType, nil
		}
		return nil, fmt.Errorf("unknown primitive type %q", name)
	}
	var parts []json.RawMessage
	if err := json.Unmarshal(raw, &parts); err != nil || len(parts) < 2 {
		return nil, fmt.Errorf("not a type expression: %s", string(raw))
	}
	if err := json.Unmarshal(parts[0], &name); err != nil {
		return nil, fmt.Errorf("not a type expression: %s", string(raw))
	}
	switch name {
	case "list", "set", "map":
		elem, err := parseType(parts[1])
		if err != nil {
			return nil, err
		}
		switch name {
		case "list":
			return tftypes.List{ElementType: elem}, nil
		case "set":
			return tftypes.Set{ElementType: elem}, nil
		}
		return tftypes.Map{ElementType: elem}, nil
	case "object":
		var attrs map[string]json.RawMessage
		if err := json.Unmarshal(parts[1], &attrs); err != nil {
			return nil, fmt.Errorf("object attributes: %v", err)
		}
		types := map[string]tftypes.Type{}
		for k, v := range attrs {
			t, err := parseType(v)
			if err != nil {
				return nil, fmt.Errorf("object attribute %s: %v", k, err)
			}
			types[k] = t
		}
		obj := tftypes.Object{AttributeTypes: types}
		if len(parts) > 2 {
			var optional []string
			if err := json.Unmarshal(parts[2], &optional); err != nil {
				return nil, fmt.Errorf("object optional attributes: %v", err)
			}
			obj.OptionalAttributes = map[string]struct{}{}
			for _, o := range optional {
				obj.OptionalAttributes[o] = struct{}{}
			}
		}
		return obj, nil
	case "tuple":
		var elems []json.RawMessage
		if err := json.Unmarshal(parts[1], &elems); err != nil {
			return nil, fmt.Errorf("tuple elements: %v", err)
		}
		tuple := tftypes.Tuple{}
		for _, e := range elems {
			t, err := parseType(e)
			if err != nil {
				return nil, err
			}
			tuple.ElementTypes = append(tuple.ElementTypes, t)
		}
		return tuple, nil
	}
	return nil, fmt.Errorf("unknown type constructor %q", name)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
