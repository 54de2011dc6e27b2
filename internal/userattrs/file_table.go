package userattrs

import (
	"encoding/csv"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// ParseTable is ParseFile's users as a Table. A valid CSV file is read straight into the
// table, in two halves at once when it is large; JSON Lines, and any CSV file with a
// problem, go through ParseFile, which alone words the problems (with the file's line
// numbers, and a repeated user named with both lines).
func ParseTable(format Format, content, userIDProperty string, types map[string]string) (*Table, error) {
	if format == FormatCSV {
		if t, ok := csvTable(content, userIDProperty, types); ok {
			return t, nil
		}
	}
	users, err := ParseFile(format, content, userIDProperty, types)
	if err != nil {
		return nil, err
	}
	return TableOf(users), nil
}

// csvColumns is what reading a CSV file's records into a table needs from its header.
type csvColumns struct {
	fields int    // per record
	idCol  int    // the user ID's field
	col    []int  // each field's table column (the ID's: unused)
	types  []Type // each field's attribute type
	k      int    // table columns
}

// csvTable reads a CSV users file into a table, or reports false at the first problem of
// any kind: ParseFile then reads the file again to word it.
func csvTable(content, idProperty string, types map[string]string) (*Table, bool) {
	content = strings.TrimPrefix(content, "\uFEFF")
	r := csv.NewReader(strings.NewReader(content))
	header, err := r.Read()
	if err != nil {
		return nil, false
	}
	cols := csvColumns{fields: len(header), idCol: -1, col: make([]int, len(header)), types: make([]Type, len(header))}
	var names []string
	for i, name := range header {
		if name == idProperty {
			if cols.idCol >= 0 {
				return nil, false
			}
			cols.idCol = i
			continue
		}
		tn, declared := types[name]
		if !declared {
			return nil, false
		}
		if cols.types[i], err = ParseType(tn); err != nil {
			return nil, false
		}
		names = append(names, name)
	}
	slices.Sort(names)
	if cols.idCol < 0 || len(slices.Compact(slices.Clone(names))) != len(names) {
		return nil, false
	}
	cols.k = len(names)
	for i, name := range header {
		if i != cols.idCol {
			cols.col[i], _ = slices.BinarySearch(names, name)
		}
	}
	records := content[r.InputOffset():]
	all := strings.Count(records, "\n") + 1 // the first part holds room for all: no copy when joined
	var first, second rows
	var okFirst bool
	okSecond := true // no second half unless the file is split
	if mid := csvSplitPoint(records); len(records) >= splitAbove && runtime.GOMAXPROCS(0) >= 2 && mid > 0 {
		var wg sync.WaitGroup
		wg.Go(func() { second, okSecond = cols.read(records[mid:], strings.Count(records[mid:], "\n")+1) })
		first, okFirst = cols.read(records[:mid], all)
		wg.Wait()
	} else {
		first, okFirst = cols.read(records, all)
	}
	if !okFirst || !okSecond {
		return nil, false
	}
	joined, ok := merge(first, second, cols.k)
	if !ok {
		return nil, false
	}
	return &Table{names: names, ids: joined.ids, vals: joined.vals, has: joined.has}, true
}

// read reads records into rows (room made for hint of them) sorted by ID, checking each
// value as ParseFile does; false at the first problem, or an ID repeated.
func (cols csvColumns) read(records string, hint int) (rows, bool) {
	r := csv.NewReader(strings.NewReader(records))
	r.ReuseRecord = true // fields are substrings of a fresh line string, safe to keep
	r.FieldsPerRecord = cols.fields
	p := rows{ids: make([]string, 0, hint), vals: make([]string, 0, hint*cols.k), has: make([]bool, 0, hint*cols.k)}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return p.sorted(cols.k) // in this half's goroutine
		}
		id := ""
		if err == nil {
			id = rec[cols.idCol]
		}
		if id == "" {
			return rows{}, false
		}
		base := len(p.vals)
		p.vals, p.has = slices.Grow(p.vals, cols.k)[:base+cols.k], slices.Grow(p.has, cols.k)[:base+cols.k]
		values := 0
		for i, v := range rec {
			if i == cols.idCol || v == "" { // an empty cell: the user has no value for it
				continue
			}
			if Check(cols.types[i], v) != nil {
				return rows{}, false
			}
			p.vals[base+cols.col[i]], p.has[base+cols.col[i]] = v, true
			values++
		}
		if values == 0 {
			return rows{}, false
		}
		p.ids = append(p.ids, id)
	}
}
