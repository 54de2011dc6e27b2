package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// scripts/docs.sh counts the problems from stdout and shows stderr: each problem there, on
// a line of its own.
func TestRunReportsProblemsAndTheirNumber(t *testing.T) {
	root := writeTree(t, with(cleanTree, map[string]string{
		"docs/actions/send_notification.md": "",
		"docs/index.md":                     "[x](" + registry + "/guides/nowhere)\n",
	}))
	for _, tc := range []struct {
		args           []string
		stdout, stderr string
	}{
		{
			args:   []string{"examples", filepath.Join(root, "schema.json"), root},
			stdout: "0\n",
		},
		{
			args:   []string{"pages", filepath.Join(root, "schema.json"), root},
			stdout: "2\n",
			stderr: "error: no page docs/actions/send_notification.md for walkme_send_notification\n" +
				"error: docs/index.md links to " + registry + "/guides/nowhere, but docs/guides/nowhere.md does not exist\n",
		},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tc.args, &stdout, &stderr); code != 0 {
			t.Errorf("%s: exit status %d, want 0; stderr:\n%s", tc.args[0], code, &stderr)
		}
		if stdout.String() != tc.stdout || stderr.String() != tc.stderr {
			t.Errorf("%s:\nstdout %q, want %q\nstderr %q, want %q", tc.args[0], &stdout, tc.stdout, &stderr, tc.stderr)
		}
	}
}

func TestRunStalePrintsTheDiffThenTheProblems(t *testing.T) {
	docs := writeTree(t, map[string]string{"index.md": "hand\n"})
	gen := writeTree(t, map[string]string{"index.md": "generated\n"})
	var stdout, stderr bytes.Buffer
	if code := run([]string{"stale", docs, gen}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", code, &stderr)
	}
	if stdout.String() != "1\n" {
		t.Errorf("stdout %q, want the number of problems, 1", &stdout)
	}
	wantEnd := "-hand\n+generated\nerror: " + filepath.Join(docs, "index.md") + " is stale: run make docs\n"
	if !strings.HasSuffix(stderr.String(), wantEnd) {
		t.Errorf("stderr:\n%s\nwant it to end with:\n%s", &stderr, wantEnd)
	}
}

func TestRunStagePrintsTheDirectories(t *testing.T) {
	root := writeTree(t, cleanTree)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"stage", root, t.TempDir()}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", code, &stderr)
	}
	want := `examples/actions/walkme_send_notification
examples/data-sources/walkme_segments
examples/ephemeral-resources/walkme_access_token
examples/list-resources/walkme_segment -query
examples/resources/walkme_segment
`
	if stdout.String() != want || stderr.String() != "" {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr: %q", &stdout, want, &stderr)
	}
}

// When a check cannot run, the script must stop: a non-zero status and no count.
func TestRunFailsWhenItCannotCheck(t *testing.T) {
	root := t.TempDir()
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"examples", filepath.Join(root, "schema.json"), root}, 1, "error: reading the schema: open " + filepath.Join(root, "schema.json")},
		{[]string{"pages"}, 2, "usage: docscheck examples SCHEMA ROOT"},
		{[]string{"validate", "a", "b"}, 2, "usage: docscheck examples SCHEMA ROOT"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tc.args, &stdout, &stderr); code != tc.code {
			t.Errorf("%v: exit status %d, want %d", tc.args, code, tc.code)
		}
		if stdout.String() != "" || !strings.HasPrefix(stderr.String(), tc.stderr) {
			t.Errorf("%v:\nstdout %q, want none\nstderr %q, want it to start with %q", tc.args, &stdout, &stderr, tc.stderr)
		}
	}
}
