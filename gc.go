package main

import (
	"os"
	"runtime/debug"
)

// gcMemoryLimit is the heap the provider lets grow before collecting garbage. Large users
// files and memberships allocate millions of small objects the provider keeps until the RPC
// ends; at Go's default (a collection each time the heap doubles) the collector spent more
// time than the work itself. Below the limit nothing is collected; near it, Go collects as
// often as needed, so a million users stay within the 1.5 GiB the provider aims at.
const gcMemoryLimit = 1 << 30

// tuneGC applies gcMemoryLimit unless the user set GOGC or GOMEMLIMIT.
func tuneGC() {
	_, gogc := os.LookupEnv("GOGC")
	_, limit := os.LookupEnv("GOMEMLIMIT")
	if gogc || limit {
		return
	}
	debug.SetMemoryLimit(gcMemoryLimit)
	debug.SetGCPercent(-1)
}
