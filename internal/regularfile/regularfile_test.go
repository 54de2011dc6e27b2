package regularfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadRegularFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.txt")
	if err := os.WriteFile(path, []byte("a\nb\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := Read(path, 4)
	if err != nil || got != "a\nb\n" {
		t.Errorf("Read = %q, %v", got, err)
	}
	if _, err := Read(path, 3); err == nil || !strings.Contains(err.Error(), "larger than 3 bytes") {
		t.Errorf("over the cap: %v", err)
	}
	if _, err := Read(t.TempDir(), 10); err == nil || !strings.Contains(err.Error(), "is a directory, not a regular file") {
		t.Errorf("directory: %v", err)
	}
	if _, err := Read(filepath.Join(t.TempDir(), "missing"), 10); !os.IsNotExist(err) {
		t.Errorf("missing: %v", err)
	}
}
