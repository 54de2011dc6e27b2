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

// TestFileDigest: Digest of what Read returns, under Read's checks.
func TestFileDigest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.txt")
	if err := os.WriteFile(path, []byte("a\nb\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("a\nb\n"))
	if d := Digest("a\nb\n"); d != hex.EncodeToString(sum[:]) {
		t.Errorf("Digest = %q", d)
	}
	big := strings.Repeat("0123456789abcdef", 10000) // more than one piece
	if sum := sha256.Sum256([]byte(big)); Digest(big) != hex.EncodeToString(sum[:]) {
		t.Error("Digest of several pieces")
	}
	if got, err := FileDigest(path, 4); err != nil || got != Digest("a\nb\n") {
		t.Errorf("FileDigest = %q, %v", got, err)
	}
	if _, err := FileDigest(path, 3); err == nil || !strings.Contains(err.Error(), "larger than 3 bytes") {
		t.Errorf("over the cap: %v", err)
	}
	if _, err := FileDigest(t.TempDir(), 10); err == nil || !strings.Contains(err.Error(), "is a directory, not a regular file") {
		t.Errorf("directory: %v", err)
	}
}
