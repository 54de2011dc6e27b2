package membership

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseIgnoresLayout(t *testing.T) {
	want := []string{"bill@walkme.com", "john@company.com", "melissa@company.com"}
	for name, file := range map[string]string{
		"plain":      "john@company.com\nmelissa@company.com\nbill@walkme.com\n",
		"reordered":  "bill@walkme.com\njohn@company.com\nmelissa@company.com",
		"crlf":       "john@company.com\r\nmelissa@company.com\r\nbill@walkme.com\r\n",
		"blank":      "\n\n  \njohn@company.com\n\t\n\nmelissa@company.com\r\n\r\nbill@walkme.com\n\n",
		"spaces":     "  john@company.com\t\n\tmelissa@company.com  \n bill@walkme.com \r\n",
		"bom":        "\uFEFFjohn@company.com\nmelissa@company.com\nbill@walkme.com",
		"no newline": "bill@walkme.com\nmelissa@company.com\njohn@company.com",
	} {
		got, err := ParseString(file)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
	}
}

func TestParseEmpty(t *testing.T) {
	for _, file := range []string{"", "\n", " \r\n\t\n"} {
		got, err := ParseString(file)
		if err != nil || len(got) != 0 {
			t.Errorf("ParseString(%q) = %q, %v; want empty set", file, got, err)
		}
	}
}

func problems(t *testing.T, err error) []string {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *membership.Error", err)
	}
	out := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p.String()
	}
	return out
}

// Real exports list a user twice: the file is a set, and the repeats are reported.
func TestParseRepeatedIDsAreASetAndListed(t *testing.T) {
	ids, rep, err := ParseWithRepeats("a@x.com\nb@x.com\n\n  a@x.com\nc@x.com\na@x.com\r\nb@x.com\n")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a@x.com", "b@x.com", "c@x.com"}; !slices.Equal(ids, want) {
		t.Errorf("ids = %q, want %q", ids, want)
	}
	want := `line 4: user ID "a@x.com" repeats line 1; line 6: user ID "a@x.com" repeats line 1; line 7: user ID "b@x.com" repeats line 2`
	if rep.Lines != 3 || rep.String() != want {
		t.Errorf("repeats = %d: %s\nwant 3: %s", rep.Lines, rep, want)
	}
	if got, err := ParseString("a\na\n"); err != nil || !slices.Equal(got, []string{"a"}) {
		t.Errorf("ParseString with a repeat = %q, %v", got, err)
	}
}

func TestParseRepeatsListsTheFirstFewAndCountsAll(t *testing.T) {
	var b strings.Builder
	for i := range 12 {
		fmt.Fprintf(&b, "u%d\nu%d\n", i, i)
	}
	_, rep, err := ParseWithRepeats(b.String())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Lines != 12 || len(rep.Listed) != MaxRepeatsListed || rep.Listed[0].Line != 2 || rep.Listed[4].Line != 10 {
		t.Fatalf("repeats %+v", rep)
	}
	if !strings.HasSuffix(rep.String(), "; and 7 more") {
		t.Errorf("String() = %s", rep)
	}
	if _, rep, _ := ParseWithRepeats("a\nb\n"); rep.Lines != 0 || rep.String() != "" {
		t.Errorf("no repeats reported as %+v", rep)
	}
}

func TestParseTooLongNamesPrefixAndLine(t *testing.T) {
	long := strings.Repeat("u", 90) + "@company.com" // 102 characters
	ok := strings.Repeat("é", 100)                   // 100 characters in 200 bytes
	ids, err := ParseString("a@x.com\n" + ok + "\n" + long + "\n")
	got := problems(t, err)
	want := []string{`line 3: user ID "` + strings.Repeat("u", 40) + `"… is 102 characters long; WalkMe allows at most 100`}
	if !slices.Equal(got, want) {
		t.Errorf("problems = %q, want %q", got, want)
	}
	if ids != nil {
		t.Errorf("IDs returned with an error: %d", len(ids))
	}
	if _, err := ParseString(ok); err != nil {
		t.Errorf("100 characters rejected: %v", err)
	}
}

func TestParseRejectsWhitespaceWalkMeWouldKeep(t *testing.T) {
	got := problems(t, func() error { _, err := ParseString("a\n\u00a0b\nc\u2003\n\xfe\nd\re\n"); return err }())
	want := []string{
		`line 2: user ID "\u00a0b" has leading or trailing whitespace or an invisible character, which WalkMe would store as part of the ID`,
		`line 3: user ID "c\u2003" has leading or trailing whitespace or an invisible character, which WalkMe would store as part of the ID`,
		`line 4: user ID "\xfe" is not valid UTF-8`,
		`line 5: user ID "d\re" contains a control character`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems = %q, want %q", got, want)
	}
}

func TestParseCollectsAllProblemsInLineOrderAndCaps(t *testing.T) {
	var b strings.Builder
	long := strings.Repeat("x", 101)
	for i := range 60 {
		// Even lines are too long; odd lines repeat line 2, which is no problem.
		if i%2 == 0 {
			b.WriteString(long + fmt.Sprint(i) + "\n")
		} else {
			b.WriteString("dup\n")
		}
	}
	_, err := ParseString(b.String())
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v", err)
	}
	// 30 too long, 20 listed.
	if len(e.Problems) != MaxProblems || e.Omitted != 30-MaxProblems {
		t.Fatalf("listed %d, omitted %d", len(e.Problems), e.Omitted)
	}
	for i, p := range e.Problems {
		if wantLine := 2*i + 1; p.Line != wantLine {
			t.Errorf("problem %d is on line %d, want %d: %s", i, p.Line, wantLine, p)
		}
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "30 invalid lines:\n  line 1: ") || !strings.HasSuffix(msg, "\n  ... and 10 more") {
		t.Errorf("message = %s", msg)
	}
}

func TestReadFileThenParse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "members.txt")
	ids := testIDs(30000, 3)
	if err := os.WriteFile(path, []byte(fileOf(ids)), 0o600); err != nil {
		t.Fatal(err)
	}
	content, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseString(content)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, Normalize(slices.Clone(ids))) {
		t.Error("ReadFile + ParseString differs from the sorted input")
	}
	_, err = ReadFile(filepath.Join(t.TempDir(), "missing.txt"))
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("missing file: %v", err)
	}
}

func TestRawDigestSeesEveryByte(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.txt")
	if err := os.WriteFile(path, []byte("a\nb\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	content, err := ReadFile(path)
	if err != nil || content != "a\nb\n" {
		t.Fatalf("ReadFile = %q, %v", content, err)
	}
	// Same membership, different bytes: a different raw digest (the plan then parses).
	if RawDigest(content) == RawDigest("b\na\n") || RawDigest(content) != RawDigest("a\nb\n") {
		t.Error("RawDigest does not reflect the bytes")
	}
	if RawDigest("") != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Error("RawDigest is not SHA-256")
	}
}
