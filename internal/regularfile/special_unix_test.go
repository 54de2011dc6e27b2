//go:build unix

package regularfile

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadRejectsSpecialFiles: a named pipe is refused before it is opened (which
// would block until a writer appears), a device such as /dev/zero before it is
// read (it never ends).
func TestReadRejectsSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if _, err := Read(fifo, 1<<20); err == nil || !strings.Contains(err.Error(), "is a named pipe (FIFO), not a regular file") {
		t.Errorf("FIFO: %v", err)
	}
	if _, err := FileDigest(fifo, 1<<20); err == nil || !strings.Contains(err.Error(), "is a named pipe (FIFO), not a regular file") {
		t.Errorf("FIFO, FileDigest: %v", err)
	}
	if _, err := Read("/dev/zero", 1<<20); err == nil || !strings.Contains(err.Error(), "/dev/zero is a device, not a regular file") {
		t.Errorf("/dev/zero: %v", err)
	}
}
