// The GC-heavy variant of the web service, for latency captures where GC lands inside requests:
//
//	-live-mb N   keeps N MiB of small pointer objects alive for the whole run, so every GC cycle has a live
//	             heap to mark (which takes milliseconds);
//	-alloc-kb K  makes every request build K KiB of short-lived objects while it is served, so the heap fills,
//	             cycles start, and mark assists and the stop-the-world pauses land inside requests.
//
// Kept apart from main.go so that the lines of the tutorial's service (and the goroutine profiles captured
// from it, which name them) stay where they are.
package main

import (
	"flag"
	"fmt"
)

var (
	allocKB = flag.Int("alloc-kb", 0, "KiB of short-lived 64-byte objects each request allocates (GC-heavy variant)")
	liveMB  = flag.Int("live-mb", 0, "MiB of 64-byte objects kept alive for the whole run (GC-heavy variant)")
)

// node is one 64-byte object of the live heap or of a request's garbage: a pointer for the collector to trace,
// and padding to the 64-byte size class.
type node struct {
	next *node
	_    [56]byte
}

// live is the retained heap of -live-mb: a chain, so marking it is pointer chasing. A package variable: it stays
// reachable for the whole run.
var live *node

// buildChain allocates n nodes linked in a chain and returns its head.
func buildChain(n int) *node {
	var head *node
	for i := 0; i < n; i++ {
		head = &node{next: head}
	}
	return head
}

// chainLen walks a chain (so the garbage is used, not optimised away).
func chainLen(n *node) int {
	k := 0
	for ; n != nil; n = n.next {
		k++
	}
	return k
}

// startGCHeavy builds the live heap of -live-mb (after flag.Parse) and describes the settings for the log.
func startGCHeavy() string {
	live = buildChain(*liveMB << 20 / 64)
	if *allocKB == 0 && *liveMB == 0 {
		return ""
	}
	return fmt.Sprintf(" alloc-kb=%d live-mb=%d (live objects %d)", *allocKB, *liveMB, chainLen(live))
}

// makeGarbage builds and drops a request's -alloc-kb of objects.
func makeGarbage() {
	if n := *allocKB << 10 / 64; n > 0 && chainLen(buildChain(n)) != n {
		panic("lost objects")
	}
}
