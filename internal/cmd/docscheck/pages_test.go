package main

import (
	"slices"
	"testing"
)

func TestMissingPages(t *testing.T) {
	for _, tc := range []struct {
		name    string
		changes map[string]string
		want    []string
	}{
		{name: "every object has one"},
		{
			name:    "action without its page",
			changes: map[string]string{"docs/actions/send_notification.md": ""},
			want:    []string{"no page docs/actions/send_notification.md for walkme_send_notification"},
		},
		{
			name: "page under the full type name",
			changes: map[string]string{
				"docs/list-resources/segment.md":        "",
				"docs/list-resources/walkme_segment.md": "# walkme_segment\n",
			},
			want: []string{"no page docs/list-resources/segment.md for walkme_segment"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := writeTree(t, with(cleanTree, tc.changes))
			if got := missingPages(root, objectsOf(t, root)); !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestBrokenLinks(t *testing.T) {
	for _, tc := range []struct {
		name    string
		changes map[string]string
		want    []string
	}{
		{name: "every link names a page"},
		{
			name: "links to a page that does not exist, reported once per file",
			changes: map[string]string{
				"docs/guides/gitops.md": "[a](" + registry + "/resources/segments) and [b](" + registry + "/resources/segments#members), " +
					"[c](" + registry + "/data-sources/segments), [d](" + registry + "/data-sources/segment).\n",
				"docs/resources/segment.md": "See [e](" + registry + "/data-sources/segment).\n",
			},
			want: []string{
				"docs/guides/gitops.md links to " + registry + "/data-sources/segment, but docs/data-sources/segment.md does not exist",
				"docs/guides/gitops.md links to " + registry + "/resources/segments, but docs/resources/segments.md does not exist",
				"docs/resources/segment.md links to " + registry + "/data-sources/segment, but docs/data-sources/segment.md does not exist",
			},
		},
		{
			name:    "the page linked to is gone",
			changes: map[string]string{"docs/resources/segment.md": ""},
			want:    []string{"docs/index.md links to " + registry + "/resources/segment, but docs/resources/segment.md does not exist"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := writeTree(t, with(cleanTree, tc.changes))
			got, err := brokenLinks(root)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
