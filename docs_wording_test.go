package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docsFiles are the texts a user reads: the generated docs, their templates and examples,
// the README and DESIGN.md.
func docsFiles(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, root := range []string{"docs", "templates", "examples"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if ext := filepath.Ext(p); ext != ".md" && ext != ".tmpl" && ext != ".tf" {
				return nil
			}
			b, err := os.ReadFile(p)
			out[p] = string(b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"README.md", "DESIGN.md"} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = string(b)
	}
	return out
}

// The docs never state what WalkMe does not document as WalkMe's behaviour (they say what
// the provider assumes), and describe the End User Update integration's place the same way
// everywhere: Console → Data Integrations, older accounts Insights → Integrations.
func TestDocsWording(t *testing.T) {
	space := regexp.MustCompile(`\s+`)
	banned := []string{
		"a repeated delete answers",          // undocumented: the provider assumes it
		"WalkMe silently ignores properties", // undocumented: the provider assumes it
		"unknown fields are ignored",         // says nothing about who ignores them
	}
	oldPlace := regexp.MustCompile(`Insights\s*(#\s*)?→\s*(\*\*)?Integrations`)
	for p, text := range docsFiles(t) {
		flat := space.ReplaceAllString(strings.ReplaceAll(text, "\n#", "\n"), " ")
		for _, b := range banned {
			if strings.Contains(strings.ToLower(flat), strings.ToLower(b)) {
				t.Errorf("%s: states an assumption as WalkMe's behaviour: %q", p, b)
			}
		}
		for _, loc := range oldPlace.FindAllStringIndex(flat, -1) {
			before := flat[max(0, loc[0]-200):loc[0]]
			if !strings.Contains(before, "Data Integrations") || !strings.Contains(before, "older accounts") {
				t.Errorf("%s: the integration's place without Console → Data Integrations first: %q", p, flat[max(0, loc[0]-200):loc[1]])
			}
		}
	}
}

// The notification pages say what the Workstation system_id is and how it differs from a
// segment's system_guid.
func TestDocsNotificationSystemID(t *testing.T) {
	files := docsFiles(t)
	for _, p := range []string{"docs/resources/notification.md", "docs/actions/send_notification.md"} {
		flat := strings.Join(strings.Fields(files[p]), " ")
		for _, want := range []string{"the system of the Workstation app", "**not** the `system_guid` of `walkme_segment`", "ask your WalkMe administrator or WalkMe support"} {
			if !strings.Contains(flat, want) {
				t.Errorf("%s lacks %q", p, want)
			}
		}
	}
}
