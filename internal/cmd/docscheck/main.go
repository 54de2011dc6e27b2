// Command docscheck holds the checks of `make docs` and `make docs-check` that need no
// external program, so that they have unit tests; scripts/docs.sh runs Terraform and
// tfplugindocs around them.
//
//	docscheck examples SCHEMA ROOT  every documented object has an example under ROOT/examples
//	docscheck pages SCHEMA ROOT     every documented object has its page under ROOT/docs, and
//	                                every registry link in ROOT/docs names a page that exists
//	docscheck stale DOCS GENERATED  DOCS holds what `make docs` generated into GENERATED
//	docscheck stage ROOT OUT        copies every example directory under ROOT/examples into OUT,
//	                                ready for `terraform validate`
//
// SCHEMA is the output of `terraform providers schema -json`. The checks print each problem
// on stderr and their number on stdout, so that the script reports every problem before it
// fails; they exit non-zero only when they cannot check (then nothing is printed on stdout).
// stage prints the directories it copied, one a line (see stage.go).
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: docscheck examples SCHEMA ROOT
       docscheck pages SCHEMA ROOT
       docscheck stale DOCS GENERATED
       docscheck stage ROOT OUT`

// run runs one command and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) != 3 {
		_, _ = fmt.Fprintln(stderr, usage)
		return 2
	}
	a, b := args[1], args[2]
	var problems []string
	var err error
	switch args[0] {
	case "examples":
		problems, err = checkExamples(a, b)
	case "pages":
		problems, err = checkPages(a, b)
	case "stale":
		var diff string
		problems, diff, err = stale(a, b)
		_, _ = io.WriteString(stderr, diff)
	case "stage":
		var dirs []exampleDir
		if dirs, err = stage(a, b); err == nil {
			for _, d := range dirs {
				_, _ = fmt.Fprintln(stdout, d)
			}
			return 0
		}
	default:
		_, _ = fmt.Fprintln(stderr, usage)
		return 2
	}
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "error:", err)
		return 1
	}
	for _, p := range problems {
		_, _ = fmt.Fprintln(stderr, "error:", p)
	}
	_, _ = fmt.Fprintln(stdout, len(problems))
	return 0
}

func checkExamples(schema, root string) ([]string, error) {
	objects, err := readObjects(schema)
	if err != nil {
		return nil, err
	}
	return missingExamples(root, objects)
}

func checkPages(schema, root string) ([]string, error) {
	objects, err := readObjects(schema)
	if err != nil {
		return nil, err
	}
	problems := missingPages(root, objects)
	broken, err := brokenLinks(root)
	if err != nil {
		return nil, err
	}
	return append(problems, broken...), nil
}
