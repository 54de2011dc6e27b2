package main

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The GitHub workflows cannot run here: `make workflows-check` runs actionlint on them, and
// this test keeps every version they use equal to the one the repository pins elsewhere, so
// that CI tests and releases what `make test` and `make release-check` do.

type workflow struct {
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]job    `yaml:"jobs"`
	file        string
}

type job struct {
	Strategy struct {
		Matrix map[string]any `yaml:"matrix"`
	} `yaml:"strategy"`
	Steps []step `yaml:"steps"`
}

type step struct {
	ID   string            `yaml:"id"`
	Uses string            `yaml:"uses"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
	Run  string            `yaml:"run"`
}

func readWorkflows(t *testing.T) map[string]workflow {
	t.Helper()
	files, err := filepath.Glob(".github/workflows/*.yml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no .github/workflows/*.yml (err %v)", err)
	}
	out := map[string]workflow{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var w workflow
		if err := yaml.Unmarshal(data, &w); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		w.file = f
		out[filepath.Base(f)] = w
	}
	return out
}

// eachStep calls fn for every step of every workflow, with where it is for messages.
func eachStep(ws map[string]workflow, fn func(where string, s step)) {
	for _, name := range slices.Sorted(maps.Keys(ws)) {
		w := ws[name]
		for _, jobName := range slices.Sorted(maps.Keys(w.Jobs)) {
			for i, s := range w.Jobs[jobName].Steps {
				fn(w.file+": jobs."+jobName+".steps["+strconv.Itoa(i)+"]", s)
			}
		}
	}
}

// readEnvFile parses KEY=VALUE lines, as the scripts and the workflows read them.
func readEnvFile(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("%s: %q is not KEY=VALUE", path, line)
		}
		vars[k] = v
	}
	return vars
}

// pinnedVersion returns the version of module that a go.mod file requires.
func pinnedVersion(t *testing.T, gomod, module string) string {
	t.Helper()
	data, err := os.ReadFile(gomod)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(module) + `\s+(v\S+)`).FindSubmatch(data)
	if m == nil {
		t.Fatalf("%s requires no %s", gomod, module)
	}
	return string(m[1])
}

var (
	pinnedAction = regexp.MustCompile(`^[\w.-]+/[\w./-]+@[0-9a-f]{40}$`)
	stepOutput   = regexp.MustCompile(`^\$\{\{ steps\.cli\.outputs\.([A-Z_]+) \}\}$`)
	makeTarget   = regexp.MustCompile(`(?m)\bmake ([a-z][\w-]*)`)
)

func TestWorkflowsUseTheRepositorysVersions(t *testing.T) {
	ws := readWorkflows(t)
	for _, want := range []string{"test.yml", "release.yml"} {
		if _, ok := ws[want]; !ok {
			t.Fatalf("no .github/workflows/%s", want)
		}
	}
	cli := readEnvFile(t, "scripts/cli-versions.env")
	semver := regexp.MustCompile(`^\d+\.\d+\.\d+$`)
	for _, k := range []string{"TERRAFORM_OLDEST_VERSION", "TERRAFORM_VERSION", "OPENTOFU_VERSION"} {
		if !semver.MatchString(cli[k]) {
			t.Errorf("scripts/cli-versions.env: %s = %q, want a version such as 1.16.4", k, cli[k])
		}
	}
	targets := makeTargets(t)
	goreleaser := pinnedVersion(t, "tools/goreleaser/go.mod", "github.com/goreleaser/goreleaser/v2")

	installed := map[string]bool{} // cli-versions.env keys that test.yml installs
	eachStep(ws, func(where string, s step) {
		if s.Uses != "" && !pinnedAction.MatchString(s.Uses) {
			t.Errorf("%s: uses %q, want owner/repo@<full commit SHA> (a tag can be moved)", where, s.Uses)
		}
		action, _, _ := strings.Cut(s.Uses, "@")
		switch action {
		case "actions/setup-go":
			// Go's version is go.mod's, the one every make target builds with.
			if s.With["go-version-file"] != "go.mod" || s.With["go-version"] != "" {
				t.Errorf("%s: setup-go with %v, want go-version-file: go.mod and no go-version", where, s.With)
			}
			for _, f := range strings.Fields(s.With["cache-dependency-path"]) {
				if _, err := os.Stat(f); err != nil {
					t.Errorf("%s: cache-dependency-path names %s: %v", where, f, err)
				}
			}
		case "hashicorp/setup-terraform", "opentofu/setup-opentofu":
			input := map[string]string{"hashicorp/setup-terraform": "terraform_version", "opentofu/setup-opentofu": "tofu_version"}[action]
			m := stepOutput.FindStringSubmatch(s.With[input])
			if m == nil {
				t.Errorf("%s: %s = %q, want ${{ steps.cli.outputs.KEY }} from scripts/cli-versions.env", where, input, s.With[input])
				break
			}
			if _, ok := cli[m[1]]; !ok {
				t.Errorf("%s: %s reads %s, which scripts/cli-versions.env does not define", where, input, m[1])
			}
			if strings.Contains(where, "/test.yml: jobs.test.") {
				installed[m[1]] = true
			}
			if s.With["terraform_wrapper"] != "false" && s.With["tofu_wrapper"] != "false" {
				t.Errorf("%s: %s's wrapper is on; it changes the CLI's output the tests read", where, action)
			}
		case "goreleaser/goreleaser-action":
			if s.With["version"] != goreleaser {
				t.Errorf("%s: goreleaser %q, want %s, the version tools/goreleaser/go.mod pins (make release-check)", where, s.With["version"], goreleaser)
			}
		}
		if s.ID == "cli" && !strings.Contains(s.Run, "scripts/cli-versions.env") {
			t.Errorf("%s: step cli does not read scripts/cli-versions.env", where)
		}
		for _, m := range makeTarget.FindAllStringSubmatch(s.Run, -1) {
			if !targets[m[1]] {
				t.Errorf("%s: runs make %s, which GNUmakefile does not define", where, m[1])
			}
		}
	})
	// The acceptance matrix runs on every CLI the project pins.
	for k := range cli {
		if !installed[k] {
			t.Errorf("test.yml's acceptance job installs no CLI at %s (%s)", k, cli[k])
		}
	}
}

func TestReleaseWorkflowSignsWhatTheRegistryVerifies(t *testing.T) {
	w := readWorkflows(t)["release.yml"]
	push, _ := w.On["push"].(map[string]any)
	if tags, _ := push["tags"].([]any); !slices.Equal(tags, []any{"v*"}) {
		t.Errorf("release.yml runs on push %v, want tags [v*]", push)
	}
	if w.Permissions["contents"] != "write" {
		t.Errorf("release.yml permissions %v, want contents: write (it creates the release)", w.Permissions)
	}
	var gpg, release *step
	eachStep(map[string]workflow{"release.yml": w}, func(_ string, s step) {
		switch {
		case strings.HasPrefix(s.Uses, "crazy-max/ghaction-import-gpg@"):
			gpg = &s
		case strings.HasPrefix(s.Uses, "goreleaser/goreleaser-action@"):
			release = &s
		}
	})
	if gpg == nil || release == nil {
		t.Fatal("release.yml must import the GPG key and run goreleaser")
	}
	if gpg.With["gpg_private_key"] != "${{ secrets.GPG_PRIVATE_KEY }}" || gpg.With["passphrase"] != "${{ secrets.PASSPHRASE }}" {
		t.Errorf("the GPG key comes from %v, want the secrets GPG_PRIVATE_KEY and PASSPHRASE", gpg.With)
	}
	want := "${{ steps." + gpg.ID + ".outputs.fingerprint }}"
	if gpg.ID == "" || release.Env["GPG_FINGERPRINT"] != want {
		t.Errorf("goreleaser's GPG_FINGERPRINT = %q, want %q", release.Env["GPG_FINGERPRINT"], want)
	}
	cfg, err := os.ReadFile(".goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(cfg), "{{ .Env.GPG_FINGERPRINT }}") {
		t.Error(".goreleaser.yml does not sign with {{ .Env.GPG_FINGERPRINT }}, the key release.yml imports")
	}
}

// makeTargets lists the targets GNUmakefile defines.
func makeTargets(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile("GNUmakefile")
	if err != nil {
		t.Fatal(err)
	}
	targets := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^([a-z][\w-]*)\s*:`).FindAllStringSubmatch(string(data), -1) {
		targets[m[1]] = true
	}
	return targets
}

// Dependabot proposes updates for every Go module of the repository (the provider and each
// tool under tools/) and for the actions the workflows pin.
func TestDependabotCoversEveryModuleAndTheActions(t *testing.T) {
	data, err := os.ReadFile(".github/dependabot.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Updates []struct {
			Ecosystem string `yaml:"package-ecosystem"`
			Directory string `yaml:"directory"`
		} `yaml:"updates"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatalf(".github/dependabot.yml: %v", err)
	}
	covered := map[string]bool{}
	for _, u := range cfg.Updates {
		covered[u.Ecosystem+" "+u.Directory] = true
	}
	mods, err := filepath.Glob("tools/*/go.mod")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"gomod /", "github-actions /"}
	for _, m := range mods {
		want = append(want, "gomod /"+filepath.ToSlash(filepath.Dir(m)))
	}
	for _, w := range want {
		if !covered[w] {
			t.Errorf(".github/dependabot.yml has no update entry %q", w)
		}
	}
}
