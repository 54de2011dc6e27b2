package main

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The Terraform Registry accepts a release only if its files are named and built as it
// expects (https://developer.hashicorp.com/terraform/registry/providers/publishing).
// `make release-check` runs `goreleaser check`, which validates the file's syntax; this test
// checks, cheaply and on every `make test`, the keys the Registry itself depends on.
func TestGoreleaserConfigMeetsRegistryRequirements(t *testing.T) {
	var cfg struct {
		Version int `yaml:"version"`
		Builds  []struct {
			Env     []string `yaml:"env"`
			Flags   []string `yaml:"flags"`
			Ldflags []string `yaml:"ldflags"`
			Goos    []string `yaml:"goos"`
			Goarch  []string `yaml:"goarch"`
			Binary  string   `yaml:"binary"`
		} `yaml:"builds"`
		Archives []struct {
			Formats      []string `yaml:"formats"`
			NameTemplate string   `yaml:"name_template"`
		} `yaml:"archives"`
		Checksum struct {
			NameTemplate string      `yaml:"name_template"`
			Algorithm    string      `yaml:"algorithm"`
			ExtraFiles   []extraFile `yaml:"extra_files"`
		} `yaml:"checksum"`
		Signs []struct {
			Artifacts string `yaml:"artifacts"`
		} `yaml:"signs"`
		Release struct {
			ExtraFiles []extraFile `yaml:"extra_files"`
		} `yaml:"release"`
	}
	data, err := os.ReadFile(".goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatalf(".goreleaser.yml: %v", err)
	}

	if cfg.Version != 2 {
		t.Errorf("version = %d, want 2 (goreleaser v2 configuration)", cfg.Version)
	}
	if len(cfg.Builds) != 1 {
		t.Fatalf("%d builds, want 1", len(cfg.Builds))
	}
	b := cfg.Builds[0]
	wants := []struct {
		what string
		list []string
		want string
	}{
		{"builds[0].env", b.Env, "CGO_ENABLED=0"},
		{"builds[0].flags", b.Flags, "-trimpath"},
		{"builds[0].goos", b.Goos, "linux"},
		{"builds[0].goos", b.Goos, "darwin"},
		{"builds[0].goos", b.Goos, "windows"},
		{"builds[0].goarch", b.Goarch, "amd64"},
		{"builds[0].goarch", b.Goarch, "arm64"},
	}
	for _, w := range wants {
		if !slices.Contains(w.list, w.want) {
			t.Errorf("%s = %q, want it to contain %q", w.what, w.list, w.want)
		}
	}
	if !slices.ContainsFunc(b.Ldflags, func(s string) bool { return strings.Contains(s, "-X main.version={{ .Version }}") }) {
		t.Errorf("builds[0].ldflags = %q, want -X main.version={{ .Version }}", b.Ldflags)
	}
	if b.Binary != "{{ .ProjectName }}_v{{ .Version }}" {
		t.Errorf("builds[0].binary = %q, want {{ .ProjectName }}_v{{ .Version }}", b.Binary)
	}
	if len(cfg.Archives) != 1 || !slices.Equal(cfg.Archives[0].Formats, []string{"zip"}) ||
		cfg.Archives[0].NameTemplate != "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}" {
		t.Errorf("archives = %+v, want one zip archive named {{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}", cfg.Archives)
	}
	if cfg.Checksum.NameTemplate != "{{ .ProjectName }}_{{ .Version }}_SHA256SUMS" || cfg.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum = %+v, want sha256 in {{ .ProjectName }}_{{ .Version }}_SHA256SUMS", cfg.Checksum)
	}
	manifest := extraFile{Glob: "terraform-registry-manifest.json", NameTemplate: "{{ .ProjectName }}_{{ .Version }}_manifest.json"}
	if !slices.Contains(cfg.Checksum.ExtraFiles, manifest) {
		t.Errorf("checksum.extra_files = %+v, want the registry manifest %+v", cfg.Checksum.ExtraFiles, manifest)
	}
	if !slices.Contains(cfg.Release.ExtraFiles, manifest) {
		t.Errorf("release.extra_files = %+v, want the registry manifest %+v", cfg.Release.ExtraFiles, manifest)
	}
	if len(cfg.Signs) != 1 || cfg.Signs[0].Artifacts != "checksum" {
		t.Errorf("signs = %+v, want the checksum file signed (the Registry verifies it)", cfg.Signs)
	}

	// The manifest declares the protocol main.go serves (providerserver.Serve: protocol 6).
	var m struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	data, err = os.ReadFile("terraform-registry-manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("terraform-registry-manifest.json: %v", err)
	}
	if m.Version != 1 || !slices.Equal(m.Metadata.ProtocolVersions, []string{"6.0"}) {
		t.Errorf("terraform-registry-manifest.json = %+v, want version 1 and protocol_versions [6.0]", m)
	}

	// -X main.version only takes effect if main.go declares that variable as a string.
	if !declaresStringVar(t, "main.go", "version") {
		t.Error("main.go declares no string variable version for -X main.version to set")
	}
}

type extraFile struct {
	Glob         string `yaml:"glob"`
	NameTemplate string `yaml:"name_template"`
}

func declaresStringVar(t *testing.T, file, name string) bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.VAR {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, id := range vs.Names {
				if id.Name != name {
					continue
				}
				if ident, ok := vs.Type.(*ast.Ident); ok && ident.Name == "string" {
					return true
				}
				if vs.Type == nil && i < len(vs.Values) {
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						return true
					}
				}
			}
		}
	}
	return false
}
