package main

import (
	"maps"
	"os"
	"path/filepath"
	"testing"
)

// A schema as `terraform providers schema -json` prints it, one object of each kind the
// provider has.
const schemaJSON = `{
  "format_version": "1.0",
  "provider_schemas": {
    "registry.terraform.io/walkme-community/walkme": {
      "provider": {"version": 0, "block": {}},
      "resource_schemas": {"walkme_segment": {"version": 0, "block": {}}},
      "data_source_schemas": {"walkme_segments": {"version": 0, "block": {}}},
      "ephemeral_resource_schemas": {"walkme_access_token": {"version": 0, "block": {}}},
      "action_schemas": {"walkme_send_notification": {"schema": {"version": 0, "block": {}}}},
      "list_resource_schemas": {"walkme_segment": {"version": 0, "block": {}}}
    }
  }
}`

// cleanTree is a repository with an example and a page for every object of schemaJSON, and
// a link between pages; each test breaks one thing in it.
var cleanTree = map[string]string{
	"schema.json": schemaJSON,
	"examples/resources/walkme_segment/resource.tf":                          `resource "walkme_segment" "a" {}` + "\n",
	"examples/resources/walkme_segment/import-by-identity.tf":                "import {}\n",
	"examples/data-sources/walkme_segments/data-source.tf":                   `data "walkme_segments" "a" {}` + "\n",
	"examples/ephemeral-resources/walkme_access_token/ephemeral-resource.tf": `ephemeral "walkme_access_token" "a" {}` + "\n",
	"examples/actions/walkme_send_notification/action.tf":                    `action "walkme_send_notification" "a" {}` + "\n",
	"examples/list-resources/walkme_segment/list-resource.tfquery.hcl":       `list "walkme_segment" "a" {}` + "\n",
	"docs/index.md":                            "See [walkme_segment](" + registry + "/resources/segment).\n",
	"docs/resources/segment.md":                "# walkme_segment\n",
	"docs/data-sources/segments.md":            "# walkme_segments\n",
	"docs/ephemeral-resources/access_token.md": "# walkme_access_token\n",
	"docs/actions/send_notification.md":        "# walkme_send_notification\n",
	"docs/list-resources/segment.md":           "# walkme_segment\n",
}

// writeTree writes files (path relative to a new directory: contents) and returns the
// directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// with returns a copy of files with changes applied: a path mapped to "" is removed.
func with(files map[string]string, changes map[string]string) map[string]string {
	out := maps.Clone(files)
	for k, v := range changes {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// objectsOf reads the objects of the schema in root, failing the test on an error.
func objectsOf(t *testing.T, root string) []object {
	t.Helper()
	objects, err := readObjects(filepath.Join(root, "schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	return objects
}
