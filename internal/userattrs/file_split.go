package userattrs

import (
	"encoding/csv"
	"runtime"
	"strings"
	"sync"
)

// splitCSVAbove is the size of records above which a CSV file is parsed in two halves at
// once: a plan of 100,000 users spends most of its time here, while Terraform waits.
const splitCSVAbove = 1 << 20

// parseCSVHalves parses the records after the header r has read in two halves, each on its
// own core, and reports false, having added nothing, when it cannot: a small file, one core,
// no place to split, or any problem at all. The caller then parses them in one pass, which
// alone words the problems (the first lines, and a repeated user named with both lines).
//
// Splitting needs a line end outside quotes. RFC 4180 writes a quote inside a quoted field
// as two, so a line end after an even number of quotes ends a record; in a file that is not
// valid CSV, one of the halves reports an error, and the one pass reports it again.
func (p *fileParser) parseCSVHalves(content string, r *csv.Reader, rows csvRows) bool {
	start := int(r.InputOffset())
	body := content[start:]
	if len(body) < splitCSVAbove || runtime.GOMAXPROCS(0) < 2 {
		return false
	}
	mid := splitPoint(body)
	if mid <= 0 {
		return false
	}
	// The halves' line numbers are their own: a problem in either is reported by the one
	// pass, with the file's.
	hint := strings.Count(body[mid:], "\n") + 1
	reader := func(s string) *csv.Reader {
		hr := csv.NewReader(strings.NewReader(s))
		hr.ReuseRecord = true
		hr.FieldsPerRecord = len(rows.header) // as the header set it for the whole file
		return hr
	}
	first := &fileParser{idProperty: p.idProperty, types: p.types, users: p.users, lines: p.lines}
	second := &fileParser{idProperty: p.idProperty, types: p.types,
		users: make(map[string]map[string]string, hint), lines: make(map[string]int, hint)}
	var wg sync.WaitGroup
	wg.Go(func() { second.parseCSVRows(reader(body[mid:]), rows) })
	first.parseCSVRows(reader(body[:mid]), rows)
	wg.Wait()
	if len(first.err.Problems) > 0 || len(second.err.Problems) > 0 {
		clear(p.users)
		clear(p.lines)
		return false
	}
	for id, attrs := range second.users {
		if _, repeated := p.users[id]; repeated {
			clear(p.users)
			clear(p.lines)
			return false
		}
		p.users[id] = attrs
	}
	return true
}

// splitPoint is the offset just after a line end near the middle of body that lies outside
// any quoted field, or 0 when there is none.
func splitPoint(body string) int {
	half := len(body) / 2
	quotes := strings.Count(body[:half], `"`)
	for i := half; i < len(body)-1; i++ {
		switch body[i] {
		case '"':
			quotes++
		case '\n':
			if quotes%2 == 0 {
				return i + 1
			}
		}
	}
	return 0
}
