package membership

import (
	"fmt"
	"strings"

	"github.com/walkme-community/terraform-provider-walkme/internal/regularfile"
)

// MaxProblems caps the problems an Error lists; the rest are only counted.
const MaxProblems = 20

const bom = "\uFEFF"

// Problem is one invalid line of a membership file.
type Problem struct {
	Line    int    // 1-based line number
	Message string // what is wrong, naming the value (cut to a prefix when long)
}

func (p Problem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Message) }

// Error lists every problem found in a membership file (up to MaxProblems).
type Error struct {
	Problems []Problem // in line order
	Omitted  int       // problems found beyond MaxProblems
}

func (e *Error) Error() string {
	var b strings.Builder
	total := len(e.Problems) + e.Omitted
	if total == 1 {
		b.WriteString("1 invalid line:")
	} else {
		fmt.Fprintf(&b, "%d invalid lines:", total)
	}
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "\n  ... and %d more", e.Omitted)
	}
	return b.String()
}

// ReadFile returns a membership file's content: a regular file of at most
// MaxFileBytes (see regularfile.Read). It reads straight into a strings.Builder: the
// IDs ParseString returns are substrings of its one buffer, so a million IDs cost one
// allocation for the text and one for the slice.
func ReadFile(path string) (string, error) {
	content, err := regularfile.Read(path, MaxFileBytes)
	if err != nil {
		return "", fmt.Errorf("reading membership file: %w", err)
	}
	return content, nil
}

// RawDigest is the hex SHA-256 of a membership file's bytes as they are. Identical bytes
// parse to the identical membership, so comparing it with the one recorded at the last
// apply lets a plan skip parsing and sorting an unchanged file.
func RawDigest(content string) string { return regularfile.Digest(content) }

// Parse parses a membership file's content; see ParseString.
func Parse(data []byte) ([]string, error) { return ParseString(string(data)) }

// MaxRepeatsListed caps the repeated lines a Repeats lists; the rest are only counted.
const MaxRepeatsListed = 5

// Repeats describes the lines of a membership file that repeat an ID of an earlier line.
// Real exports often list a user twice; the file is a set, so each ID counts once.
type Repeats struct {
	Lines  int       // lines that repeat an earlier line
	Listed []Problem // the first MaxRepeatsListed of them, in line order
}

func (r Repeats) String() string {
	if r.Lines == 0 {
		return ""
	}
	var b strings.Builder
	for i, p := range r.Listed {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	if more := r.Lines - len(r.Listed); more > 0 {
		fmt.Fprintf(&b, "; and %d more", more)
	}
	return b.String()
}

// ParseString parses a membership file: one user ID per line. Blank lines, spaces and
// tabs around an ID, CRLF line ends and a UTF-8 byte order mark are ignored, and so is an
// ID repeated on another line (ParseWithRepeats reports those). An ID over MaxIDLength
// characters, invalid UTF-8 and other whitespace around an ID are errors naming the value
// and the line; all problems are collected (up to MaxProblems) in an *Error. It returns
// the IDs as a sorted set.
func ParseString(s string) ([]string, error) {
	ids, _, err := ParseWithRepeats(s)
	return ids, err
}

// ParseWithRepeats is ParseString that also reports the lines repeating an earlier ID.
func ParseWithRepeats(s string) ([]string, Repeats, error) {
	s = strings.TrimPrefix(s, bom)
	ids := make([]string, 0, strings.Count(s, "\n")+1)
	var problems []Problem
	omitted := 0
	eachLine(s, func(line int, id string) {
		if msg := checkID(id); msg != "" {
			if len(problems) < MaxProblems {
				problems = append(problems, Problem{Line: line, Message: "user ID " + Quote(id) + " " + msg})
			} else {
				omitted++
			}
			return
		}
		ids = append(ids, id)
	})
	if len(problems) > 0 {
		return nil, Repeats{}, &Error{Problems: problems, Omitted: omitted}
	}
	ids = sortIDs(ids)
	var dups map[string]int // repeated ID → line of its first occurrence (0 until seen)
	w := 0
	for i, id := range ids {
		if i > 0 && id == ids[w-1] {
			if dups == nil {
				dups = make(map[string]int)
			}
			dups[id] = 0
			continue
		}
		ids[w] = id
		w++
	}
	var rep Repeats
	if dups != nil {
		rep.Lines = len(ids) - w
		// Rare: a second pass finds the first repeated lines.
		eachLine(s, func(line int, id string) {
			first, ok := dups[id]
			switch {
			case !ok || len(rep.Listed) == MaxRepeatsListed:
			case first == 0:
				dups[id] = line
			default:
				rep.Listed = append(rep.Listed, Problem{Line: line, Message: fmt.Sprintf("user ID %s repeats line %d", Quote(id), first)})
			}
		})
	}
	clear(ids[w:]) // let the GC see only the substrings still in use
	return ids[:w], rep, nil
}

// eachLine calls fn with the 1-based number and trimmed content of every non-blank line.
func eachLine(s string, fn func(line int, id string)) {
	line := 0
	for len(s) > 0 {
		line++
		var raw string
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			raw, s = s[:i], s[i+1:]
		} else {
			raw, s = s, ""
		}
		if id := trimLine(raw); id != "" {
			fn(line, id)
		}
	}
}

// trimLine removes spaces, tabs and carriage returns around a line; any other
// whitespace is left for checkID to reject, because WalkMe would keep it.
func trimLine(s string) string {
	i, j := 0, len(s)
	for i < j && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
		i++
	}
	for j > i && (s[j-1] == ' ' || s[j-1] == '\t' || s[j-1] == '\r') {
		j--
	}
	return s[i:j]
}
