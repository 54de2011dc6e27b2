package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// A release is the GNUmakefile's VERSION (make build stamps it; a tag v<VERSION> releases
// it): CHANGELOG.md must have a section for it, in the form the Registry's providers use,
// newest first: "## 1.2.0 (Unreleased)" until release.yml's check wants "## 1.2.0 (May 4, 2027)".
func TestChangelogHasASectionForTheReleaseVersion(t *testing.T) {
	mk, err := os.ReadFile("GNUmakefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^VERSION \?= (\S+)$`).FindSubmatch(mk)
	if m == nil {
		t.Fatal("GNUmakefile sets no VERSION ?= x.y.z")
	}
	version := string(m[1])

	sections := changelogSections(t)
	if len(sections) == 0 {
		t.Fatal("CHANGELOG.md has no ## <version> (<date or Unreleased>) section")
	}
	if sections[0].version != version {
		t.Errorf("CHANGELOG.md's newest section is %s, want %s, the GNUmakefile's VERSION", sections[0].version, version)
	}
	if !slices.ContainsFunc(sections, func(s section) bool { return s.version == version }) {
		t.Errorf("CHANGELOG.md has no section for %s", version)
	}
}

func TestChangelogSectionsUseTheRegistrysHeadings(t *testing.T) {
	allowed := []string{"BREAKING CHANGES:", "NOTES:", "FEATURES:", "ENHANCEMENTS:", "BUG FIXES:", "DEPENDENCIES:"}
	for _, s := range changelogSections(t) {
		if len(s.headings) == 0 {
			t.Errorf("## %s has no FEATURES:, ENHANCEMENTS: or BUG FIXES: heading", s.version)
		}
		for _, h := range s.headings {
			if !slices.Contains(allowed, h) {
				t.Errorf("## %s: heading %q, want one of %q", s.version, h, allowed)
			}
		}
		if s.entries == 0 {
			t.Errorf("## %s lists nothing", s.version)
		}
	}
}

type section struct {
	version  string
	headings []string // FEATURES:, ... in order
	entries  int      // "* " lines
}

var (
	sectionLine = regexp.MustCompile(`^## (\d+\.\d+\.\d+) \((Unreleased|(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4})\)$`)
	headingLine = regexp.MustCompile(`^[A-Za-z][A-Za-z ]+:$`)
)

func changelogSections(t *testing.T) []section {
	t.Helper()
	data, err := os.ReadFile("CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []section
	for i, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			m := sectionLine.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("CHANGELOG.md:%d: %q, want ## x.y.z (Unreleased) or ## x.y.z (Month D, YYYY)", i+1, line)
				continue
			}
			out = append(out, section{version: m[1]})
		case len(out) == 0:
		case headingLine.MatchString(line):
			out[len(out)-1].headings = append(out[len(out)-1].headings, line)
		case strings.HasPrefix(line, "* "):
			out[len(out)-1].entries++
		}
	}
	return out
}
