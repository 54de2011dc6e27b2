//go:build unix

package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/walkme-community/terraform-provider-walkme/internal/membership"
)

// TestMembershipFileMustBeRegular: user_ids_file pointing at a named pipe (which
// would block the plan), a device such as /dev/zero (which never ends) or a file
// beyond the size cap fails at plan with an error on user_ids_file that names
// the path and what is wrong.
func TestMembershipFileMustBeRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	huge := filepath.Join(dir, "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: no disk space used, but its size is over the cap.
	if err := f.Truncate(membership.MaxFileBytes + 1); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	cases := []struct{ name, file, want string }{
		{"fifo", fifo, "is a named pipe (FIFO), not a regular file"},
		{"dev_zero", "/dev/zero", "is a device, not a regular file"},
		{"directory", dir, "is a directory, not a regular file"},
		{"too_large", huge, "is larger than 256 MiB"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			config := &segmentModel{
				UserIDs:     userIDsValue{SetValue: types.SetNull(types.StringType)},
				UserIDsFile: types.StringValue(tc.file),
			}
			var diags diag.Diagnostics
			(&segmentResource{}).planMembership(context.Background(), &segmentModel{}, config, nil, nil, &diags)
			if len(diags) != 1 {
				t.Fatalf("diagnostics: %v", diags)
			}
			d, ok := diags[0].(diag.DiagnosticWithPath)
			if !ok || !d.Path().Equal(path.Root("user_ids_file")) {
				t.Errorf("diagnostic not on user_ids_file: %v", diags[0])
			}
			if msg := diags[0].Detail(); !strings.Contains(msg, `user_ids_file "`+tc.file+`"`) || !strings.Contains(msg, tc.want) {
				t.Errorf("detail %q, want the attribute, the path and %q", msg, tc.want)
			}
		})
	}
}

// TestUsersFileMustBeRegular: users_file follows the same rule as user_ids_file: a named
// pipe must not block the plan (opening one waits for a writer), a device or a directory
// is refused, and the error names the attribute, the path and what is wrong.
func TestUsersFileMustBeRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "users.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	cases := []struct{ name, file, want string }{
		{"fifo", fifo, "is a named pipe (FIFO), not a regular file"},
		{"dev_zero", "/dev/zero", "is a device, not a regular file"},
		{"directory", dir, "is a directory, not a regular file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := uaReadFile(tc.file)
			if err == nil {
				t.Fatal("the file was read")
			}
			if msg := err.Error(); !strings.Contains(msg, `users_file "`+tc.file+`"`) || !strings.Contains(msg, tc.want) {
				t.Errorf("error %q, want the attribute, the path and %q", msg, tc.want)
			}
		})
	}
}
