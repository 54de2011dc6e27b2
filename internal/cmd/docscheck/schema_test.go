package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadObjectsListsEveryKindThenName(t *testing.T) {
	root := writeTree(t, with(cleanTree, map[string]string{
		"schema.json": strings.Replace(schemaJSON, `"walkme_segment": {"version": 0, "block": {}}},
      "data_source_schemas"`, `"walkme_user_attributes": {"version": 0, "block": {}}, "walkme_segment": {"version": 0, "block": {}}},
      "data_source_schemas"`, 1),
	}))
	got := objectsOf(t, root)
	want := []object{
		{"resources", "walkme_segment"},
		{"resources", "walkme_user_attributes"},
		{"data-sources", "walkme_segments"},
		{"ephemeral-resources", "walkme_access_token"},
		{"actions", "walkme_send_notification"},
		{"list-resources", "walkme_segment"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("objects:\n got %v\nwant %v", got, want)
	}
}

// Terraform before 1.14 prints a schema without actions and list resources; tfplugindocs
// would then drop their pages without a word.
func TestReadObjectsFailsWithoutActions(t *testing.T) {
	root := writeTree(t, map[string]string{
		"schema.json": strings.Replace(schemaJSON, `"action_schemas"`, `"unknown_schemas"`, 1),
	})
	path := filepath.Join(root, "schema.json")
	_, err := readObjects(path)
	want := "the schema " + path + " shows no actions: read it with Terraform 1.14 or later (older ones leave actions and list resources out, and tfplugindocs would drop their pages)"
	if err == nil || err.Error() != want {
		t.Errorf("error:\n got %v\nwant %s", err, want)
	}
}

func TestReadObjectsFailsOnAnUnreadableSchema(t *testing.T) {
	root := writeTree(t, map[string]string{"schema.json": `{"provider_schemas": {}}`})
	_, err := readObjects(filepath.Join(root, "schema.json"))
	if err == nil || !strings.Contains(err.Error(), "format version is missing") {
		t.Errorf("error: got %v, want one about the missing format version", err)
	}
}
