package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestStale(t *testing.T) {
	generated := map[string]string{
		"index.md":             "# WalkMe Provider\n\nUse it.\n",
		"resources/segment.md": "# walkme_segment\n",
	}
	for _, tc := range []struct {
		name string
		// changes to generated that give the docs the check reads
		changes map[string]string
		want    []string
		// lines the diff shows, in order
		diff []string
	}{
		{name: "docs are what make docs writes"},
		{
			name:    "a page edited by hand",
			changes: map[string]string{"index.md": "# WalkMe Provider\n\nUse it.\nA paragraph written by hand.\n"},
			want:    []string{"DOCS/index.md is stale: run make docs"},
			diff:    []string{"--- DOCS/index.md", "+++ DOCS/index.md (make docs)", "@@ -1,4 +1,3 @@", " Use it.", "-A paragraph written by hand."},
		},
		{
			name:    "a page make docs no longer writes",
			changes: map[string]string{"resources/old.md": "# walkme_old\n"},
			want:    []string{"DOCS/resources/old.md is stale, make docs no longer writes it: run make docs"},
			diff:    []string{"--- DOCS/resources/old.md", "+++ DOCS/resources/old.md (make docs)", "-# walkme_old"},
		},
		{
			name:    "a page not generated yet",
			changes: map[string]string{"resources/segment.md": ""},
			want:    []string{"DOCS/resources/segment.md is missing: run make docs"},
			diff:    []string{"+# walkme_segment"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs := writeTree(t, with(generated, tc.changes))
			gen := writeTree(t, generated)
			problems, diff, err := stale(docs, gen)
			if err != nil {
				t.Fatal(err)
			}
			names := strings.NewReplacer(docs, "DOCS", gen, "GENERATED")
			for i, p := range problems {
				problems[i] = names.Replace(p)
			}
			if !slices.Equal(problems, tc.want) {
				t.Errorf("problems:\n got %q\nwant %q", problems, tc.want)
			}
			diff = names.Replace(diff)
			if len(tc.diff) == 0 && diff != "" {
				t.Errorf("diff of equal trees:\n%s", diff)
			}
			lines := strings.Split(diff, "\n")
			at := 0
			for _, want := range tc.diff {
				i := slices.Index(lines[at:], want)
				if i < 0 {
					t.Fatalf("diff lacks %q after line %d:\n%s", want, at, diff)
				}
				at += i + 1
			}
		})
	}
}

// A tree without docs/ (a fresh clone before make docs) is stale in every page.
func TestStaleWithoutDocs(t *testing.T) {
	gen := writeTree(t, map[string]string{"index.md": "# WalkMe Provider\n"})
	docs := filepath.Join(t.TempDir(), "docs")
	problems, _, err := stale(docs, gen)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(docs, "index.md") + " is missing: run make docs"}
	if !slices.Equal(problems, want) {
		t.Errorf("problems:\n got %q\nwant %q", problems, want)
	}
}
