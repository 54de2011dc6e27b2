package main

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
)

// stale compares the docs with what `make docs` generated into generated. It reports each
// file that differs, is missing, or would be removed, and returns a unified diff of each
// (from docs to generated, so that a hand edit shows as a removed line).
func stale(docs, generated string) (problems []string, diff string, err error) {
	have, err := readTree(docs)
	if err != nil {
		return nil, "", err
	}
	want, err := readTree(generated)
	if err != nil {
		return nil, "", err
	}
	var b strings.Builder
	names := slices.Sorted(maps.Keys(have))
	for name := range want {
		if _, ok := have[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		h, inDocs := have[name]
		w, generatedToo := want[name]
		if inDocs && generatedToo && h == w {
			continue
		}
		path := filepath.Join(docs, name)
		switch {
		case !inDocs:
			problems = append(problems, fmt.Sprintf("%s is missing: run make docs", path))
		case !generatedToo:
			problems = append(problems, fmt.Sprintf("%s is stale, make docs no longer writes it: run make docs", path))
		default:
			problems = append(problems, fmt.Sprintf("%s is stale: run make docs", path))
		}
		// generated is a temporary copy: the label says where the new side comes from.
		b.WriteString(udiff.Unified(path, path+" (make docs)", h, w))
	}
	return problems, b.String(), nil
}

// readTree reads every file under dir, by its path relative to dir; a missing dir holds none.
func readTree(dir string) (map[string]string, error) {
	files := map[string]string{}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return files, nil
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		files[rel] = string(body)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading the docs: %w", err)
	}
	return files, nil
}
