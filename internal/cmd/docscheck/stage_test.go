package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestStage(t *testing.T) {
	root := writeTree(t, map[string]string{
		// A snippet: validate needs the provider's source.
		"examples/resources/walkme_segment/resource.tf":           `resource "walkme_segment" "a" {}` + "\n",
		"examples/resources/walkme_segment/segments/churn.txt":    "u1\n",
		"examples/list-resources/walkme_segment/list.tfquery.hcl": `list "walkme_segment" "a" {}` + "\n",
		// A whole configuration, with a backend validate cannot use here.
		"examples/guides/gitops/main.tf":           "terraform {\n  required_providers {}\n  backend \"s3\" {}\n}\n",
		"examples/guides/gitops/crm/customers.csv": "id\n",
		// Not a configuration: no directory of its own.
		"examples/resources/walkme_segment/import.sh": "terraform import\n",
		"examples/README.md":                          "# Examples\n",
	})
	out := filepath.Join(t.TempDir(), "validate")
	dirs, err := stage(root, out)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, d := range dirs {
		lines = append(lines, d.String())
	}
	want := []string{
		"examples/guides/gitops",
		"examples/list-resources/walkme_segment -query",
		"examples/resources/walkme_segment",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("directories:\n got %q\nwant %q", lines, want)
	}

	for path, body := range map[string]string{
		"examples/resources/walkme_segment/resource.tf":                   `resource "walkme_segment" "a" {}` + "\n",
		"examples/resources/walkme_segment/segments/churn.txt":            "u1\n",
		"examples/resources/walkme_segment/zz_required_providers.tf":      requiredProviders,
		"examples/list-resources/walkme_segment/zz_required_providers.tf": requiredProviders,
		"examples/guides/gitops/crm/customers.csv":                        "id\n",
		"examples/guides/gitops/zz_backend_override.tf":                   backendOverride,
	} {
		got, err := os.ReadFile(filepath.Join(out, path))
		if err != nil {
			t.Errorf("staged copy: %v", err)
		} else if string(got) != body {
			t.Errorf("%s:\n got %q\nwant %q", path, got, body)
		}
	}
	for _, path := range []string{
		"examples/guides/gitops/zz_required_providers.tf",
		"examples/resources/walkme_segment/zz_backend_override.tf",
	} {
		if _, err := os.Stat(filepath.Join(out, path)); err == nil {
			t.Errorf("%s was written, but the example does not need it", path)
		}
	}
}

// An example directory inside another is copied with it, and once.
func TestStageNested(t *testing.T) {
	root := writeTree(t, map[string]string{
		"examples/demo/main.tf":        "terraform {\n  required_providers {}\n}\n",
		"examples/demo/module/main.tf": "variable \"x\" {}\n",
	})
	dirs, err := stage(root, filepath.Join(t.TempDir(), "validate"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) != 2 || dirs[0].dir != "examples/demo" || dirs[1].dir != "examples/demo/module" {
		t.Errorf("directories: got %v, want examples/demo and examples/demo/module", dirs)
	}
}
