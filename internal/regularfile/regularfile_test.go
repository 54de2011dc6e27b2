package regularfile

import (
	"crypto/sha256"
	"encoding/hex"
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

// TestSHA256: the digest of what Read returns, under Read's checks.
func TestSHA256(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.txt")
	if err := os.WriteFile(path, []byte("a\nb\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("a\nb\n"))
	if got, err := SHA256(path, 4); err != nil || got != hex.EncodeToString(sum[:]) {
		t.Errorf("SHA256 = %q, %v", got, err)
	}
	if _, err := SHA256(path, 3); err == nil || !strings.Contains(err.Error(), "larger than 3 bytes") {
		t.Errorf("over the cap: %v", err)
	}
	if _, err := SHA256(t.TempDir(), 10); err == nil || !strings.Contains(err.Error(), "is a directory, not a regular file") {
		t.Errorf("directory: %v", err)
	}
}
