package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// CI runs `scripts/docs.sh --check` (make docs-check). This proves it fails on stale docs:
// pointed at a copy of docs/ with a hand edit, it must fail with the documented message,
// show the edit in its diff, and leave the work tree's docs/ untouched.
func TestDocsCheckFailsWhenStale(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("runs scripts/docs.sh, which runs the newest Terraform CLI: set TF_ACC=1")
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	docs := filepath.Join(root, "docs")
	before := readTree(t, docs)
	if _, ok := before["index.md"]; !ok {
		t.Fatalf("%s has no index.md: run make docs first", docs)
	}

	stale := t.TempDir()
	for name, body := range before {
		if name == "index.md" {
			body += "\nA paragraph written by hand into the generated page.\n"
		}
		if err := os.MkdirAll(filepath.Join(stale, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(stale, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	cmd := exec.CommandContext(t.Context(), "bash", "scripts/docs.sh", "--check")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "WM_DOCS_DIR="+stale)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("docs.sh --check passed on stale docs:\n%s", out)
	}
	for _, want := range []string{stale + "/index.md is stale: run make docs", "-A paragraph written by hand into the generated page."} {
		if !strings.Contains(string(out), want) {
			t.Errorf("docs.sh --check output lacks %q:\n%s", want, out)
		}
	}

	after := readTree(t, docs)
	if len(after) != len(before) {
		t.Errorf("docs.sh --check changed the number of files in docs/: %d, then %d", len(before), len(after))
	}
	for name, body := range before {
		if after[name] != body {
			t.Errorf("docs.sh --check modified docs/%s", name)
		}
	}
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
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
		t.Fatal(err)
	}
	return files
}
