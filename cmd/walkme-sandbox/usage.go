package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// usage prints the flags, the defaults a configuration of one's own uses, and the -config
// file format.
func usage(fs *flag.FlagSet) {
	w := fs.Output()
	_, _ = fmt.Fprintf(w, `Usage: walkme-sandbox [flags]

Serves a strict local WalkMe on a loopback address: WalkMe's API at the root, an index of
the inspection and fault endpoints at /_sandbox/. Stop it with Ctrl-C or SIGTERM; it saves
its state (-state) first.

Flags:
`)
	fs.PrintDefaults()
	_, _ = fmt.Fprintf(w, `
Without -config, the sandbox accepts (for the provider, set these or WALKME_* variables):
  client_id / client_secret   %s / %s (every API permission)
  system_guid                 %s
  Workstation system_id       %s
  integration_token           %s (user ID property Email; properties Status, Plan,
                              account.tier: string; ARR: number; RenewalDate: date)
  template_id                 %s (placeholders URL, OPP_NAME_ATTRIBUTE)

-config FILE is JSON; every field is optional and replaces the default of that name:
  {
    "Clients":            [{"ID": "my-client", "Secret": "my-secret",
                            "Scopes": ["segments:read", "segments:write", "endUserUpdate:write", "%s"]}],
    "TokenTTL":           "1h",
    "Systems":            ["<system GUID>", "..."],          // [] accepts any system GUID
    "Integrations":       [{"Token": "<integration token>", "UserIDProperty": "Email",
                            "Properties": {"Status": "string", "ARR": "number", "RenewalDate": "date"}}],
    "WorkstationSystems": ["<Workstation system id>"],
    "Templates":          {"<template id>": ["URL", "..."]}, // null accepts any template
    "NotificationScope":  "%s"
  }
(The // comments are not JSON: leave them out.) Unknown fields are an error. Fields for the
answers WalkMe does not document (list and create response shapes, ...) are those of the
Config type in internal/sandbox; GET /_sandbox/assumptions lists the assumptions.
`, sandbox.DefaultClientID, sandbox.DefaultClientSecret, sandbox.DefaultSystemGUID, sandbox.DefaultWorkstationSystem,
		sandbox.DefaultIntegrationToken, sandbox.DefaultTemplateID, sandbox.DefaultNotificationScope, sandbox.DefaultNotificationScope)
}

// underGoRun reports whether exe is a binary that `go run` built: go run does not pass a
// SIGTERM on to its child, so stopping it would leave the sandbox running. go run builds
// into a go-build* temporary directory, or (Go 1.24 and later) caches the binary in the
// build cache, by default .../go-build/. parent is the parent process's name where the
// system tells it (Linux), else "".
func underGoRun(exe, parent string) bool {
	for _, dir := range strings.Split(filepath.ToSlash(filepath.Dir(exe)), "/") {
		if strings.HasPrefix(dir, "go-build") {
			return true
		}
	}
	return parent == "go"
}

// parentName is the parent process's name on Linux, else "".
func parentName() string {
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", os.Getppid()))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(comm))
}

// exitWithParent returns a context that is cancelled when the process's parent (go run)
// is gone, which the sandbox sees as its parent process ID changing.
func exitWithParent(ctx context.Context) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	parent := os.Getppid()
	go func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if os.Getppid() != parent {
					cancel()
					return
				}
			}
		}
	}()
	return ctx
}
