package main

import (
	"fmt"
	"path/filepath"
)

// missingExamples reports each object without an example: tfplugindocs puts
// examples/<kind>/<name>/<kind, singular>*.tf (.tfquery.hcl for list resources) on its page.
func missingExamples(root string, objects []object) ([]string, error) {
	var problems []string
	for _, o := range objects {
		k := kinds[o.kind]
		dir := filepath.Join("examples", o.kind, o.name)
		found, err := filepath.Glob(filepath.Join(root, dir, k.example+"*"+k.ext))
		if err != nil {
			return nil, fmt.Errorf("looking for the example of %s: %w", o.name, err)
		}
		if len(found) == 0 {
			problems = append(problems, fmt.Sprintf("%s has no example: write %s", o.name, filepath.Join(dir, k.example+k.ext)))
		}
	}
	return problems, nil
}
