package userattrs

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// Format is the layout of a users file.
type Format int

// The users file formats, chosen by the file name's extension.
const (
	FormatCSV   Format = iota // .csv: a header row, the user ID column, one column per attribute
	FormatJSONL               // .jsonl or .ndjson: one JSON object a line, typed and nested values
)

// MaxFileProblems bounds how many problems one parse reports: the first ones are enough to
// fix a file, and a broken export of a million lines must not produce a million messages.
const MaxFileProblems = 20

// FormatOf picks the format from the file name.
func FormatOf(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return FormatCSV, nil
	case ".jsonl", ".ndjson":
		return FormatJSONL, nil
	}
	return 0, fmt.Errorf("unknown format: the file name must end in .csv (a header row, then one user a row) " +
		"or .jsonl / .ndjson (one JSON object a line)")
}

// FileProblem is one problem in a users file, located by line and column (CSV) or key (JSON
// Lines). Line is 0 for a problem with the file as a whole.
type FileProblem struct {
	Line    int
	Where   string // `column 3 ("ARR")` or `key "account.tier"`, or ""
	Message string // names the offending value
}

func (p FileProblem) String() string {
	switch {
	case p.Line == 0:
		return p.Message
	case p.Where == "":
		return fmt.Sprintf("line %d: %s", p.Line, p.Message)
	}
	return fmt.Sprintf("line %d, %s: %s", p.Line, p.Where, p.Message)
}

// FileError lists a users file's problems, in file order.
type FileError struct {
	Problems []FileProblem
	Omitted  int // problems beyond MaxFileProblems
}

func (e *FileError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	s := strings.Join(lines, "\n")
	if e.Omitted > 0 {
		s += fmt.Sprintf("\n(%d more problems not listed)", e.Omitted)
	}
	return s
}

// fileParser holds what parsing checks every value against, and collects problems.
type fileParser struct {
	idProperty string
	types      map[string]Type
	users      map[string]map[string]string
	lines      map[string]int // user ID → line that declared it, for repeats; nil in a half
	hint       int            // the users the file may hold
	err        FileError
}

func (p *fileParser) problem(line int, where, format string, args ...any) {
	if len(p.err.Problems) == MaxFileProblems {
		p.err.Omitted++
		return
	}
	p.err.Problems = append(p.err.Problems, FileProblem{Line: line, Where: where, Message: fmt.Sprintf(format, args...)})
}

// ParseFile parses a users file's content by the rules of inline users: every attribute in
// attribute_types and valid for its type, at least one attribute a user, no empty user ID, no
// user twice (the error names both lines), no null. The configuration's user_id_property and
// attribute_types must be valid (Validate reports them). It returns user ID → attribute →
// value as a string, the form inline users have, so both modes plan, record and send alike.
func ParseFile(format Format, content, userIDProperty string, types map[string]string) (map[string]map[string]string, error) {
	p := &fileParser{idProperty: userIDProperty, types: make(map[string]Type, len(types))}
	for name, tn := range types {
		t, err := ParseType(tn)
		if err != nil {
			return nil, err
		}
		p.types[name] = t
	}
	content = strings.TrimPrefix(content, "\uFEFF")
	hint := strings.Count(content, "\n") + 1
	p.users = make(map[string]map[string]string, hint)
	p.hint = hint
	switch format {
	case FormatCSV:
		p.parseCSV(content)
	case FormatJSONL:
		p.parseJSONL(content)
	default:
		return nil, errors.New("unknown users file format")
	}
	if len(p.err.Problems) > 0 {
		return nil, &p.err
	}
	return p.users, nil
}

// add records one user after its values were checked.
func (p *fileParser) add(line int, id string, attrs map[string]string) {
	if p.lines == nil { // a half (inHalves): the one pass words the problem
		if _, repeated := p.users[id]; repeated {
			p.problem(line, "", "user ID %q is repeated.", id)
			return
		}
	} else if first, ok := p.lines[id]; ok {
		p.problem(line, "", "user ID %q is repeated: it is also on line %d. Each user must appear once.", id, first)
		return
	} else {
		p.lines[id] = line
	}
	if len(attrs) == 0 {
		p.problem(line, "", "user %q has no attribute values: WalkMe needs at least one attribute besides the user ID "+
			"in every record. Give it a value, or leave the user out of the file.", id)
		return
	}
	p.users[id] = attrs
}

// check validates one value of a declared attribute.
func (p *fileParser) check(line int, where, name, value string) bool {
	if err := Check(p.types[name], value); err != nil {
		p.problem(line, where, "%q: attribute %q is a %s: %v.", value, name, p.types[name], err)
		return false
	}
	return true
}

func (p *fileParser) parseCSV(content string) {
	r := csv.NewReader(strings.NewReader(content))
	r.ReuseRecord = true // fields are substrings of a fresh line string, safe to keep
	header, err := r.Read()
	if err == io.EOF {
		p.problem(0, "", "the file is empty: a CSV users file starts with a header row naming %q and the attributes.", p.idProperty)
		return
	}
	if err != nil {
		p.csvError(err)
		return
	}
	header = append([]string(nil), header...)
	idCol := -1
	seen := map[string]int{}
	for i, name := range header {
		where := fmt.Sprintf("column %d", i+1)
		if prev, ok := seen[name]; ok {
			p.problem(1, where, "header %q is repeated: it is also column %d.", name, prev+1)
			continue
		}
		seen[name] = i
		switch _, declared := p.types[name]; {
		case name == p.idProperty:
			idCol = i
		case name == "":
			p.problem(1, where, "empty header: name the column after an attribute in attribute_types.")
		case !declared:
			p.problem(1, where, "header %q is not an attribute in attribute_types (nor user_id_property %q); declare "+
				"it there with its type (%s), or drop the column.", name, p.idProperty, TypeNames)
		}
	}
	if idCol < 0 {
		p.problem(1, "", "no column is named %q (user_id_property): the header row must name the user ID column "+
			"exactly so.", p.idProperty)
	}
	if len(p.err.Problems) > 0 {
		return
	}
	rows := csvRows{header: header, types: make([]Type, len(header)), idCol: idCol}
	for i, name := range header { // looked up once, not per cell
		rows.types[i] = p.types[name]
	}
	p.lines = make(map[string]int, p.hint)
	p.parseCSVRows(r, rows)
}

// csvRows is what reading a CSV file's records needs from its header.
type csvRows struct {
	header []string
	types  []Type // each column's attribute type
	idCol  int
}

// parseCSVRows reads the records r holds.
func (p *fileParser) parseCSVRows(r *csv.Reader, rows csvRows) {
	header, colTypes, idCol := rows.header, rows.types, rows.idCol
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			p.csvError(err)
			if !errors.Is(err, csv.ErrFieldCount) {
				return // the rest cannot be read reliably
			}
			continue
		}
		line, _ := r.FieldPos(0)
		id := rec[idCol]
		if id == "" {
			p.problem(line, fmt.Sprintf("column %d (%q)", idCol+1, p.idProperty), "the user ID is empty; every record must identify its user.")
			continue
		}
		attrs := make(map[string]string, len(rec)-1)
		ok := true
		for i, v := range rec {
			if i == idCol || v == "" { // an empty cell: the user has no value for it
				continue
			}
			if err := Check(colTypes[i], v); err != nil {
				p.problem(line, fmt.Sprintf("column %d (%q)", i+1, header[i]), "%q: attribute %q is a %s: %v.", v, header[i], colTypes[i], err)
				ok = false
			}
			attrs[header[i]] = v
		}
		if ok {
			p.add(line, id, attrs)
		}
		if len(p.err.Problems) >= MaxFileProblems {
			return
		}
	}
}

func (p *fileParser) csvError(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		p.problem(pe.Line, fmt.Sprintf("column %d", pe.Column), "%v", pe.Err)
		return
	}
	p.problem(0, "", "%v", err)
}

func (p *fileParser) parseJSONL(content string) {
	if p.inHalves(content, linesSplitPoint, (*fileParser).parseJSONLines) {
		return
	}
	p.lines = make(map[string]int, p.hint)
	p.parseJSONLines(content)
}

// parseJSONLines reads the users of JSON Lines content, line by line.
func (p *fileParser) parseJSONLines(content string) {
	line := 0
	for len(content) > 0 {
		line++
		text, rest, _ := strings.Cut(content, "\n")
		content = rest
		text = strings.TrimSuffix(text, "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		p.parseJSONLine(line, text)
		if len(p.err.Problems) >= MaxFileProblems {
			return
		}
	}
}

func (p *fileParser) parseJSONLine(line int, text string) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || obj == nil {
		p.problem(line, "", "not a JSON object: %s", jsonLineError(err, text))
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		p.problem(line, "", "more than one JSON value on the line: each line holds one user's object.")
		return
	}
	flat := make(map[string]any, len(obj))
	if !p.flatten(line, "", obj, flat) {
		return
	}
	rawID, ok := flat[p.idProperty]
	if !ok {
		p.problem(line, "", "no key %q (user_id_property): every object must carry the user ID.", p.idProperty)
		return
	}
	id, isString := rawID.(string)
	switch {
	case !isString:
		p.problem(line, fmt.Sprintf("key %q", p.idProperty), "%s: the user ID must be a JSON string.", jsonText(rawID))
		return
	case id == "":
		p.problem(line, fmt.Sprintf("key %q", p.idProperty), "the user ID is empty; every record must identify its user.")
		return
	}
	attrs := make(map[string]string, len(flat)-1)
	good := true
	for name, v := range flat {
		if name == p.idProperty {
			continue
		}
		where := "key " + strconv.Quote(name)
		t, declared := p.types[name]
		if !declared {
			p.problem(line, where, "attribute %q is not in attribute_types; declare it there with its type (%s).", name, TypeNames)
			good = false
			continue
		}
		s, err := jsonValue(t, v)
		if err != nil {
			p.problem(line, where, "%s: %v", jsonText(v), err)
			good = false
			continue
		}
		if !p.check(line, where, name, s) {
			good = false
			continue
		}
		attrs[name] = s
	}
	if good {
		p.add(line, id, attrs)
	}
}

// flatten turns nested objects into dotted names, the way WalkMe reads them. A name given
// both flat ("a.b") and nested ({"a": {"b": ...}}) is a problem.
func (p *fileParser) flatten(line int, prefix string, obj map[string]any, out map[string]any) bool {
	ok := true
	for k, v := range obj {
		name := k
		if prefix != "" {
			name = prefix + "." + k
		}
		if nested, isObj := v.(map[string]any); isObj {
			ok = p.flatten(line, name, nested, out) && ok
			continue
		}
		if _, dup := out[name]; dup {
			p.problem(line, fmt.Sprintf("key %q", name), "given twice (as a dotted key and as a nested object).")
			ok = false
			continue
		}
		out[name] = v
	}
	return ok
}

// jsonValue is a typed JSON value as the string inline users would hold: numbers as their
// literal, strings and dates as they are.
func jsonValue(t Type, v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", errors.New("null is not a value: WalkMe ignores a whole request containing a null. Leave the key out " +
			"to give the user no value")
	case json.Number:
		if t != Number {
			return "", fmt.Errorf("a number, but the attribute is a %s: write it as a JSON string", t)
		}
		return string(x), nil
	case string:
		if t == Number {
			return "", errors.New("a string, but the attribute is a number: write it as a JSON number, without quotes")
		}
		return x, nil
	}
	return "", fmt.Errorf("not a %s: only strings, numbers and nested objects are values", t)
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	const maxShown = 80
	if len(b) > maxShown {
		return string(b[:maxShown]) + "…"
	}
	return string(b)
}

func jsonLineError(err error, text string) string {
	const maxShown = 80
	if len(text) > maxShown {
		text = text[:maxShown] + "…"
	}
	if err == nil {
		return fmt.Sprintf("%q", text)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%v at character %d of %q", se, se.Offset, text)
	}
	return fmt.Sprintf("%v in %q", err, text)
}
