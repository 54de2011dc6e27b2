package main

import (
	"os"
	"runtime/debug"
)

// Large users files and memberships allocate millions of small objects that the provider
// keeps until the RPC ends; at Go's default (a collection each time the heap doubles) the
// collector took a fifth of the CPU of a 100,000-user plan. gcPercent collects less often;
// gcMemoryLimit makes Go collect as often as needed near it, so that a million users stay
// within the 1.5 GiB the provider aims at.
const (
	gcPercent     = 400
	gcMemoryLimit = 1 << 30
)

// tuneGC applies gcPercent and gcMemoryLimit unless the user set GOGC or GOMEMLIMIT.
func tuneGC() {
	_, gogc := os.LookupEnv("GOGC")
	_, limit := os.LookupEnv("GOMEMLIMIT")
	if gogc || limit {
		return
	}
	debug.SetMemoryLimit(gcMemoryLimit)
	debug.SetGCPercent(gcPercent)
}
