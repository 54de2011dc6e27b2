package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// exampleDir is an example directory, copied for `terraform validate`.
type exampleDir struct {
	// dir is its path relative to the repository root, e.g. "examples/resources/walkme_segment".
	dir string
	// query is set when it holds list resources (*.tfquery.hcl): validate them with -query.
	query bool
}

// String is the line stage prints for it: "DIR" or "DIR -query", the flag to add.
func (e exampleDir) String() string {
	if e.query {
		return e.dir + " -query"
	}
	return e.dir
}

// requiredProviders is added to a snippet that leaves the provider's source to the
// configuration it is pasted into.
const requiredProviders = `terraform {
  required_providers {
    walkme = { source = "walkme-community/walkme" }
  }
}
`

// backendOverride replaces an example's backend block: the newest Terraform built here has
// most remote-state backends left out (see scripts/clis.sh), and the backend is not the
// provider's concern.
const backendOverride = `terraform {
  backend "local" {}
}
`

var backendBlock = regexp.MustCompile(`(?m)^[ \t]*backend[ \t]+"`)

// stage copies each directory under root/examples that holds a .tf or .tfquery.hcl file to
// out/<its path relative to root>, with what `terraform validate` needs there and an
// example does not say: the provider's source and a local backend.
func stage(root, out string) ([]exampleDir, error) {
	var dirs []exampleDir
	err := filepath.WalkDir(filepath.Join(root, "examples"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		e, ok, err := stageDir(path, filepath.Join(out, rel))
		if ok {
			e.dir = filepath.ToSlash(rel)
			dirs = append(dirs, e)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("copying the examples: %w", err)
	}
	slices.SortFunc(dirs, func(a, b exampleDir) int { return strings.Compare(a.dir, b.dir) })
	return dirs, nil
}

// stageDir copies src to dst when src holds a configuration (ok), with the override files
// it needs.
func stageDir(src, dst string) (e exampleDir, ok bool, err error) {
	tf, err := filepath.Glob(filepath.Join(src, "*.tf"))
	if err != nil {
		return e, false, err
	}
	queries, err := filepath.Glob(filepath.Join(src, "*.tfquery.hcl"))
	if err != nil {
		return e, false, err
	}
	if len(tf) == 0 && len(queries) == 0 {
		return e, false, nil
	}
	e.query = len(queries) > 0
	// An example inside another was copied with it (out starts empty; the walk goes from the
	// top), and CopyFS never overwrites.
	if _, err := os.Stat(dst); errors.Is(err, fs.ErrNotExist) {
		if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
			return e, true, err
		}
	}
	hasProviders, hasBackend := false, false
	for _, f := range tf {
		body, err := os.ReadFile(f)
		if err != nil {
			return e, true, err
		}
		hasProviders = hasProviders || strings.Contains(string(body), "required_providers")
		hasBackend = hasBackend || backendBlock.Match(body)
	}
	if !hasProviders {
		if err := os.WriteFile(filepath.Join(dst, "zz_required_providers.tf"), []byte(requiredProviders), 0o600); err != nil {
			return e, true, err
		}
	}
	if hasBackend {
		// An override file's backend block replaces the configuration's.
		if err := os.WriteFile(filepath.Join(dst, "zz_backend_override.tf"), []byte(backendOverride), 0o600); err != nil {
			return e, true, err
		}
	}
	return e, true, nil
}
