// Package regularfile reads files that configuration names, such as a segment's
// membership file: only regular files, and only up to a size cap. A named pipe
// would block a plan until something writes to it, and a device such as
// /dev/zero never ends; neither is a file a user means to point at.
package regularfile

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// Read returns the content of the regular file at path (symbolic links
// followed), which must be at most maxBytes long. It checks the file's type
// before opening it, since opening a named pipe blocks, checks it again on the
// opened file, and never reads more than maxBytes+1 bytes, so a file that grows
// meanwhile is reported rather than read without end. The content is read
// straight into one strings.Builder: callers slice it without copying.
func Read(path string, maxBytes int64) (string, error) {
	var b strings.Builder
	err := each(path, maxBytes, func(size int64) io.Writer {
		b.Grow(int(size) + 1)
		return &b
	})
	if err != nil {
		return "", err
	}
	return b.String(), nil
}

// FileDigest is Digest of what Read would return, read in pieces: a caller that only
// compares digests holds none of the file in memory.
func FileDigest(path string, maxBytes int64) (string, error) {
	h := sha256.New()
	if err := each(path, maxBytes, func(int64) io.Writer { return h }); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Digest is the hex SHA-256 of content: what a configuration's file held, by which a plan
// tells whether the file changed since it was last applied.
func Digest(content string) string {
	h := sha256.New()
	buf := make([]byte, 64<<10) // hashed in pieces: no copy of a file of megabytes
	for len(content) > 0 {
		n := copy(buf, content)
		h.Write(buf[:n])
		content = content[n:]
	}
	return hex.EncodeToString(h.Sum(nil))
}

// each copies the regular file at path, checked as Read says, to the writer to returns
// for the file's size.
func each(path string, maxBytes int64, to func(size int64) io.Writer) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if err := check(path, info, maxBytes); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }() // read-only: a close error loses nothing
	if info, err = f.Stat(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := check(path, info, maxBytes); err != nil { // replaced since the first check
		return err
	}
	n, err := io.Copy(to(info.Size()), io.LimitReader(f, maxBytes+1))
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if n > maxBytes {
		return tooLarge(path, n, maxBytes)
	}
	return nil
}

func check(path string, info fs.FileInfo, maxBytes int64) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is %s, not a regular file", path, kind(info.Mode()))
	}
	if info.Size() > maxBytes {
		return tooLarge(path, info.Size(), maxBytes)
	}
	return nil
}

func tooLarge(path string, size, maxBytes int64) error {
	return fmt.Errorf("%s is larger than %s (at least %d bytes): the limit guards memory; split the file or check that it is the one meant", path, human(maxBytes), size)
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

func human(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
