package main

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Plain values (what the store and the generators use): nil, string, bool, json.Number,
// []any, map[string]any. They convert to and from tftypes.Value given the schema's type.

func toPlain(v tftypes.Value) (any, error) {
	if !v.IsKnown() {
		return nil, fmt.Errorf("value of type %s is unknown", v.Type())
	}
	if v.IsNull() {
		return nil, nil
	}
	t := v.Type()
	switch {
	case t.Is(tftypes.String):
		var s string
		err := v.As(&s)
		return s, err
	case t.Is(tftypes.Bool):
		var b bool
		err := v.As(&b)
		return b, err
	case t.Is(tftypes.Number):
		var f big.Float
		if err := v.As(&f); err != nil {
			return nil, err
		}
		return json.Number(f.Text('g', -1)), nil
	case t.Is(tftypes.List{}), t.Is(tftypes.Set{}), t.Is(tftypes.Tuple{}):
		var elems []tftypes.Value
		if err := v.As(&elems); err != nil {
			return nil, err
		}
		out := make([]any, 0, len(elems))
		for _, e := range elems {
			p, err := toPlain(e)
			if err != nil {
				return nil, err
			}
			out = append(out, p)
		}
		return out, nil
	case t.Is(tftypes.Map{}), t.Is(tftypes.Object{}):
		var fields map[string]tftypes.Value
		if err := v.As(&fields); err != nil {
			return nil, err
		}
		out := map[string]any{}
		for k, e := range fields {
			p, err := toPlain(e)
			if err != nil {
				return nil, err
			}
			out[k] = p
		}
		return out, nil
	}
	return nil, nil // dynamic values are not kept
}

// fromPlain builds a value of type t. Object attributes that p lacks get the zero value of
// their type, as the real providers return "" / 0 / false / [] for unset computed fields.
// The schema decides between a list of one object and a single object: shapers build the
// 1.x form (`connection_strings = [{...}]`, `electable_specs = [{...}]`), and where the
// served schema declares an object (mongodbatlas 2.x nested attributes) the one element is
// returned as that object; an object given where a list is declared becomes a list of one.
func fromPlain(t tftypes.Type, p any) (tftypes.Value, error) {
	if p == nil || t.Is(tftypes.DynamicPseudoType) {
		return tftypes.NewValue(t, nil), nil
	}
	if items, ok := p.([]any); ok && t.Is(tftypes.Object{}) {
		switch len(items) {
		case 0:
			return tftypes.NewValue(t, nil), nil
		case 1:
			p = items[0]
		default:
			return tftypes.Value{}, fmt.Errorf("expected an object, got a list of %d", len(items))
		}
	}
	if obj, ok := p.(map[string]any); ok && (t.Is(tftypes.List{}) || t.Is(tftypes.Set{})) && elementType(t).Is(tftypes.Object{}) {
		p = []any{obj}
	}
	switch {
	case t.Is(tftypes.String):
		s, ok := p.(string)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("expected a string, got %T", p)
		}
		return tftypes.NewValue(t, s), nil
	case t.Is(tftypes.Bool):
		b, ok := p.(bool)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("expected a bool, got %T", p)
		}
		return tftypes.NewValue(t, b), nil
	case t.Is(tftypes.Number):
		f, err := toBigFloat(p)
		if err != nil {
			return tftypes.Value{}, err
		}
		return tftypes.NewValue(t, f), nil
	case t.Is(tftypes.List{}), t.Is(tftypes.Set{}):
		items, ok := p.([]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("expected a list, got %T", p)
		}
		elemType := elementType(t)
		elems := make([]tftypes.Value, 0, len(items))
		for i, item := range items {
			e, err := fromPlain(elemType, item)
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("[%d]: %v", i, err)
			}
			elems = append(elems, e)
		}
		return tftypes.NewValue(t, elems), nil
	case t.Is(tftypes.Tuple{}):
		items, _ := p.([]any)
		types := t.(tftypes.Tuple).ElementTypes
		elems := make([]tftypes.Value, len(types))
		for i, et := range types {
			var item any
			if i < len(items) {
				item = items[i]
			}
			e, err := fromPlain(et, item)
			if err != nil {
				return tftypes.Value{}, err
			}
			elems[i] = e
		}
		return tftypes.NewValue(t, elems), nil
	case t.Is(tftypes.Map{}):
		items, ok := p.(map[string]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("expected a map, got %T", p)
		}
		elemType := t.(tftypes.Map).ElementType
		out := map[string]tftypes.Value{}
		for k, item := range items {
			e, err := fromPlain(elemType, item)
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("[%q]: %v", k, err)
			}
			out[k] = e
		}
		return tftypes.NewValue(t, out), nil
	case t.Is(tftypes.Object{}):
		items, ok := p.(map[string]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("expected an object, got %T", p)
		}
		out := map[string]tftypes.Value{}
		for k, at := range t.(tftypes.Object).AttributeTypes {
			item, present := items[k]
			if !present {
				out[k] = zeroOf(at)
				continue
			}
			e, err := fromPlain(at, item)
			if err != nil {
				return tftypes.Value{}, fmt.Errorf(".%s: %v", k, err)
			}
			out[k] = e
		}
		return tftypes.NewValue(t, out), nil
	}
	return tftypes.Value{}, fmt.Errorf("unsupported type %s", t)
}

func elementType(t tftypes.Type) tftypes.Type {
	if l, ok := t.(tftypes.List); ok {
		return l.ElementType
	}
	return t.(tftypes.Set).ElementType
}

func toBigFloat(p any) (*big.Float, error) {
	switch n := p.(type) {
	case json.Number:
		f, _, err := big.ParseFloat(string(n), 10, 512, big.ToNearestEven)
		return f, err
	case float64:
		return big.NewFloat(n), nil
	case int:
		return new(big.Float).SetInt64(int64(n)), nil
	case int64:
		return new(big.Float).SetInt64(n), nil
	}
	return nil, fmt.Errorf("expected a number, got %T", p)
}

// zeroOf is what an SDK provider reports for a computed field it did not set.
func zeroOf(t tftypes.Type) tftypes.Value {
	switch {
	case t.Is(tftypes.String):
		return tftypes.NewValue(t, "")
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, false)
	case t.Is(tftypes.Number):
		return tftypes.NewValue(t, new(big.Float))
	case t.Is(tftypes.List{}), t.Is(tftypes.Set{}):
		return tftypes.NewValue(t, []tftypes.Value{})
	case t.Is(tftypes.Map{}):
		return tftypes.NewValue(t, map[string]tftypes.Value{})
	case t.Is(tftypes.Object{}):
		v, _ := fromPlain(t, map[string]any{})
		return v
	case t.Is(tftypes.Tuple{}):
		v, _ := fromPlain(t, []any{})
		return v
	}
	return tftypes.NewValue(t, nil)
}

// attrVisitor sees every attribute of an object (path without element indexes: "a.b.c")
// and returns its replacement.
type attrVisitor func(path string, a *Attribute, v tftypes.Value) (tftypes.Value, error)

// walkBlock applies fn to every attribute of the object v, recursing into nested attributes
// and nested blocks whose values are known and not null.
func walkBlock(b *Block, v tftypes.Value, prefix string, fn attrVisitor) (tftypes.Value, error) {
	if !v.IsKnown() || v.IsNull() {
		return v, nil
	}
	var shared map[string]tftypes.Value
	if err := v.As(&shared); err != nil {
		return v, err
	}
	// As hands out the value's own map: copy it so the caller's value stays as it was.
	fields := make(map[string]tftypes.Value, len(shared))
	for k, e := range shared {
		fields[k] = e
	}
	for name, a := range b.Attributes {
		path := prefix + name
		nv, err := fn(path, a, fields[name])
		if err != nil {
			return v, err
		}
		if a.Nested != nil {
			if nv, err = walkElements(a.Nested, a.Nesting, nv, path, fn); err != nil {
				return v, err
			}
		}
		fields[name] = nv
	}
	for name, nb := range b.Blocks {
		nv, err := walkElements(nb.Block, nb.Nesting, fields[name], prefix+name, fn)
		if err != nil {
			return v, err
		}
		fields[name] = nv
	}
	return tftypes.NewValue(v.Type(), fields), nil
}

func walkElements(b *Block, nesting string, v tftypes.Value, path string, fn attrVisitor) (tftypes.Value, error) {
	if !v.IsKnown() || v.IsNull() {
		return v, nil
	}
	switch nesting {
	case "list", "set":
		var shared []tftypes.Value
		if err := v.As(&shared); err != nil {
			return v, err
		}
		elems := append([]tftypes.Value{}, shared...)
		for i := range elems {
			e, err := walkBlock(b, elems[i], path+".", fn)
			if err != nil {
				return v, err
			}
			elems[i] = e
		}
		return tftypes.NewValue(v.Type(), elems), nil
	case "map":
		var shared map[string]tftypes.Value
		if err := v.As(&shared); err != nil {
			return v, err
		}
		elems := make(map[string]tftypes.Value, len(shared))
		for k, e := range shared {
			elems[k] = e
		}
		for _, k := range sortedKeys(elems) {
			e, err := walkBlock(b, elems[k], path+".", fn)
			if err != nil {
				return v, err
			}
			elems[k] = e
		}
		return tftypes.NewValue(v.Type(), elems), nil
	}
	return walkBlock(b, v, path+".", fn)
}

// plainObject is v as a map, for reading configured values by name.
func plainObject(v tftypes.Value) map[string]any {
	p, err := toPlain(v)
	if err != nil {
		return map[string]any{}
	}
	m, _ := p.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// knownPlain is like plainObject but tolerates unknown values (they read as nil).
func knownPlain(b *Block, v tftypes.Value) map[string]any {
	clean, _ := walkBlock(b, v, "", func(_ string, a *Attribute, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsKnown() {
			return tftypes.NewValue(a.Type, nil), nil
		}
		return v, nil
	})
	return plainObject(clean)
}

// str reads a string field of a plain object ("" when absent); dotted paths walk into the first element of lists.
func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func sortedStrings(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
