package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// The columns scripts/bench-data.sh writes, in order. A bench adds rows, never columns.
var header = []string{"resource", "case", "input", "n", "command", "seconds", "cli"}

// floorInput marks the trivial one-element configuration every figure is compared with.
const floorInput = "floor"

// row is one measured figure: the median wall time of one command on one configuration.
type row struct {
	Resource string  // Terraform resource type, one chart panel each
	Case     string  // the bench script's name for the configuration
	Input    string  // the attribute holding the data (one line per input), or floorInput
	N        int     // user IDs or users in the configuration
	Command  string  // plan, create, change, ...
	Seconds  float64 // median wall time
	CLI      string  // e.g. "terraform 1.11.4"
}

// readRows parses one bench data file; name is used in errors.
func readRows(name string, r io.Reader) ([]row, error) {
	cr := csv.NewReader(r) // every row has as many fields as the header
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: reading the header: %w", name, err)
	}
	if !slices.Equal(head, header) {
		return nil, fmt.Errorf("%s: header is %q, want %q", name, strings.Join(head, ","), strings.Join(header, ","))
	}
	var rows []row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		n, err := strconv.Atoi(rec[3])
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%s:%d: n = %q, want a positive whole number", name, line, rec[3])
		}
		secs, err := strconv.ParseFloat(rec[5], 64)
		if err != nil || secs < 0 {
			return nil, fmt.Errorf("%s:%d: seconds = %q, want a number of seconds", name, line, rec[5])
		}
		for i, col := range header {
			if rec[i] == "" {
				return nil, fmt.Errorf("%s:%d: %s is empty", name, line, col)
			}
		}
		rows = append(rows, row{
			Resource: rec[0], Case: rec[1], Input: rec[2], N: n, Command: rec[4], Seconds: secs, CLI: rec[6],
		})
	}
}
