package main

import (
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"os"
	"slices"

	tfjson "github.com/hashicorp/terraform-json"
)

// object is one thing the provider documents: a resource, a data source, an action...
type object struct {
	// kind is its directory under docs/ and examples/, e.g. "data-sources".
	kind string
	// name is its type name, e.g. "walkme_segment".
	name string
}

// kinds lists, per kind, the name its examples start with and the extension they have, as
// tfplugindocs looks for them.
var kinds = map[string]struct{ example, ext string }{
	"resources":           {"resource", ".tf"},
	"data-sources":        {"data-source", ".tf"},
	"ephemeral-resources": {"ephemeral-resource", ".tf"},
	"actions":             {"action", ".tf"},
	"list-resources":      {"list-resource", ".tfquery.hcl"},
	"functions":           {"function", ".tf"},
}

// readObjects lists the objects the schema file (`terraform providers schema -json`)
// shows, by kind, then by name. The schema must show actions: Terraform before 1.14 leaves
// actions and list resources out, and tfplugindocs would then silently drop their pages.
func readObjects(path string) ([]object, error) {
	body, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	var schemas tfjson.ProviderSchemas
	if err := json.Unmarshal(body, &schemas); err != nil {
		return nil, fmt.Errorf("reading the schema %s: %w", path, err)
	}
	var objects []object
	actions := false
	add := func(kind string, names iter.Seq[string]) {
		for _, n := range slices.Sorted(names) {
			objects = append(objects, object{kind: kind, name: n})
		}
	}
	for _, p := range schemas.Schemas {
		add("resources", maps.Keys(p.ResourceSchemas))
		add("data-sources", maps.Keys(p.DataSourceSchemas))
		add("ephemeral-resources", maps.Keys(p.EphemeralResourceSchemas))
		add("actions", maps.Keys(p.ActionSchemas))
		add("list-resources", maps.Keys(p.ListResourceSchemas))
		add("functions", maps.Keys(p.Functions))
		actions = actions || len(p.ActionSchemas) > 0
	}
	if !actions {
		return nil, fmt.Errorf("the schema %s shows no actions: read it with Terraform 1.14 or later (older ones leave actions and list resources out, and tfplugindocs would drop their pages)", path)
	}
	return objects, nil
}
