package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// registry is the address pages link to each other by.
const registry = "https://registry.terraform.io/providers/walkme-community/walkme/latest/docs"

// registryLink matches a link to a page: its group is the page, e.g. "resources/segment".
var registryLink = regexp.MustCompile(regexp.QuoteMeta(registry) + `/([a-z_-]+/[a-z0-9_]+)`)

// missingPages reports each object without its page under root/docs: tfplugindocs silently
// drops the page of an object its schema does not show.
func missingPages(root string, objects []object) []string {
	var problems []string
	for _, o := range objects {
		page := filepath.Join("docs", o.kind, strings.TrimPrefix(o.name, "walkme_")+".md")
		if _, err := os.Stat(filepath.Join(root, page)); err != nil {
			problems = append(problems, fmt.Sprintf("no page %s for %s", page, o.name))
		}
	}
	return problems
}

// brokenLinks reports each registry link in a file under root/docs that names a page
// which does not exist there, once per file and page.
func brokenLinks(root string) ([]string, error) {
	files, err := readTree(filepath.Join(root, "docs"))
	if err != nil {
		return nil, err
	}
	var problems []string
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		var pages []string
		for _, m := range registryLink.FindAllStringSubmatch(files[rel], -1) {
			pages = append(pages, m[1])
		}
		slices.Sort(pages)
		for _, page := range slices.Compact(pages) {
			target := filepath.Join("docs", page+".md")
			if _, err := os.Stat(filepath.Join(root, target)); err != nil {
				problems = append(problems, fmt.Sprintf("%s links to %s/%s, but %s does not exist",
					filepath.Join("docs", rel), registry, page, target))
			}
		}
	}
	return problems, nil
}
