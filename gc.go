package main

import (
	"os"
	"runtime/debug"
)

// Large users files and memberships allocate millions of small objects that the provider
// keeps until the RPC ends, and a provider process lives for one plan or one apply. At Go's
// default (a collection each time the heap doubles) the collector took a fifth of the CPU
// of a 100,000-user plan, and at 5x growth still a quarter of a one-user apply's CPU at
// 100,000 users (GODEBUG=gctrace=1): with gcPercent off, Go collects only as gcMemoryLimit
// nears, as often as needed there, so that a million users stay within the 1.5 GiB the
// provider aims at.
const (
	gcPercent     = -1
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
