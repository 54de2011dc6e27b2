package main

import (
	"slices"
	"testing"
)

func TestMissingExamples(t *testing.T) {
	for _, tc := range []struct {
		name    string
		changes map[string]string
		want    []string
	}{
		{name: "every object has one"},
		{
			name: "resource without an example",
			// Another file in its directory is not its example.
			changes: map[string]string{"examples/resources/walkme_segment/resource.tf": ""},
			want:    []string{"walkme_segment has no example: write examples/resources/walkme_segment/resource.tf"},
		},
		{
			name: "an example's name may go on after the kind",
			changes: map[string]string{
				"examples/actions/walkme_send_notification/action.tf":       "",
				"examples/actions/walkme_send_notification/action-apply.tf": "action {}\n",
			},
		},
		{
			name: "list resource with a .tf instead of a .tfquery.hcl",
			changes: map[string]string{
				"examples/list-resources/walkme_segment/list-resource.tfquery.hcl": "",
				"examples/list-resources/walkme_segment/list-resource.tf":          "list {}\n",
			},
			want: []string{"walkme_segment has no example: write examples/list-resources/walkme_segment/list-resource.tfquery.hcl"},
		},
		{
			name: "two missing, both reported",
			changes: map[string]string{
				"examples/data-sources/walkme_segments/data-source.tf":                   "",
				"examples/ephemeral-resources/walkme_access_token/ephemeral-resource.tf": "",
			},
			want: []string{
				"walkme_segments has no example: write examples/data-sources/walkme_segments/data-source.tf",
				"walkme_access_token has no example: write examples/ephemeral-resources/walkme_access_token/ephemeral-resource.tf",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := writeTree(t, with(cleanTree, tc.changes))
			got, err := missingExamples(root, objectsOf(t, root))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
