// Command benchchart draws the performance guide's chart from the figures `make bench`
// writes (scripts/bench-data.sh): one panel per resource, the no-op plan time against the
// number of user IDs or users, one line per input, and the floor.
//
//	go run ./internal/cmd/benchchart -o docs/images/performance.svg docs/images/bench-*.csv
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
)

func main() {
	out := flag.String("o", "docs/images/performance.svg", "the SVG file to write")
	flag.Parse()
	if err := run(*out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "benchchart:", err)
		os.Exit(1)
	}
}

func run(out string, files []string) error {
	if len(files) == 0 {
		return fmt.Errorf("no data files: pass the CSV files make bench wrote")
	}
	rows, err := readFiles(files)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := render(&buf, rows); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the chart: %w", err)
	}
	return nil
}

// readFiles reads the rows of every file, in the order given.
func readFiles(files []string) ([]row, error) {
	var rows []row
	for _, name := range files {
		fh, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("reading bench data: %w", err)
		}
		rs, err := readRows(name, fh)
		_ = fh.Close() // read only: nothing to lose
		if err != nil {
			return nil, err
		}
		rows = append(rows, rs...)
	}
	return rows, nil
}
