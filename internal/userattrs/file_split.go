package userattrs

import (
	"runtime"
	"strings"
	"sync"
)

// splitAbove is the size of records above which a users file is parsed in two halves at
// once: a plan of 100,000 users spends most of its time parsing, while Terraform waits.
const splitAbove = 1 << 20

// inHalves parses records (the file's content after any header) in two halves, each on its
// own core, with parse, and reports false, having added nothing, when it cannot: small
// records, one core, no place to split, or any problem at all. The caller then parses them
// in one pass, which alone words the problems (with the file's line numbers, and a repeated
// user named with both lines).
func (p *fileParser) inHalves(records string, split func(string) int, parse func(*fileParser, string)) bool {
	if len(records) < splitAbove || runtime.GOMAXPROCS(0) < 2 {
		return false
	}
	mid := split(records)
	if mid <= 0 {
		return false
	}
	hint := strings.Count(records[mid:], "\n") + 1
	// The halves note no lines: a repeated user is a problem, which the one pass words.
	first := &fileParser{idProperty: p.idProperty, types: p.types, users: p.users}
	second := &fileParser{idProperty: p.idProperty, types: p.types, users: make(map[string]map[string]string, hint)}
	var wg sync.WaitGroup
	wg.Go(func() { parse(second, records[mid:]) })
	parse(first, records[:mid])
	wg.Wait()
	if len(first.err.Problems) > 0 || len(second.err.Problems) > 0 {
		clear(p.users)
		return false
	}
	for id, attrs := range second.users {
		if _, repeated := p.users[id]; repeated {
			clear(p.users)
			return false
		}
		p.users[id] = attrs
	}
	return true
}

// csvSplitPoint is the offset just after a line end near the middle of records that lies
// outside any quoted field, or 0 when there is none. RFC 4180 writes a quote inside a quoted
// field as two, so a line end after an even number of quotes ends a record; in a file that
// is not valid CSV, one of the halves reports an error, and the one pass reports it again.
func csvSplitPoint(records string) int {
	half := len(records) / 2
	quotes := strings.Count(records[:half], `"`)
	for i := half; i < len(records)-1; i++ {
		switch records[i] {
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

// linesSplitPoint is the offset just after the first line end from the middle of a JSON
// Lines file on, or 0 when there is none (a JSON value holds no raw line end).
func linesSplitPoint(records string) int {
	half := len(records) / 2
	if i := strings.IndexByte(records[half:], '\n'); i >= 0 && half+i+1 < len(records) {
		return half + i + 1
	}
	return 0
}
