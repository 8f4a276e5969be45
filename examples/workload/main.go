// Command workload allocates at a steady rate while keeping a steady live heap, for the GC chapters.
// Run it under GODEBUG=gctrace=1 (and gcpacertrace=1, scavtrace=1) at several GOGC / GOMEMLIMIT
// settings; at exit it prints the runtime's own MemStats as one JSON line on stdout, so the trace on
// stderr can be checked against what the runtime recorded (cycle count, forced cycles, pauses).
//
// With -reuse the allocating code is fixed: each item is built in a buffer taken from a small ring
// that is reused, instead of a new 1 KiB object per item; the work done per item is the same. With
// -memprofile FILE it writes the allocation profile (runtime/pprof "allocs", text form) at exit,
// which names the allocating line.
//
// Usage: workload [-rate MB/s] [-live MB] [-duration d] [-gc-every d] [-free-every d] [-shrink-at d]
//
//	[-reuse] [-memprofile file]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"time"
)

// liveNode is one object of the live heap: a pointer (so the collector has something to trace)
// and padding to the 64-byte size class.
type liveNode struct {
	next *liveNode
	_    [56]byte
}

// garbage is one short-lived allocation of 1 KiB; it holds a pointer like most real objects do
// (always nil here: a chain between garbage objects would keep them all alive).
type garbage struct {
	next *garbage
	_    [1016]byte
}

const garbageBytes = 1024

// sink keeps the last few garbage objects reachable so the compiler cannot elide the allocations;
// everything older is garbage.
var sink [16]*garbage

// ring is the reused buffers of -reuse: as many as sink holds, so a buffer is reused only once
// nothing refers to its previous contents any more.
var ring [len(sink)]garbage

// newItem builds item n in a fresh 1 KiB object: the allocation the profile names.
func newItem(n int) *garbage {
	return &garbage{}
}

// reuseItem builds item n in a buffer of the ring, cleared as a fresh object would be: no allocation.
func reuseItem(n int) *garbage {
	g := &ring[n%len(ring)]
	*g = garbage{}
	return g
}

func main() {
	rateMB := flag.Float64("rate", 100, "allocation rate in MB/s (MiB of short-lived 1 KiB objects per second)")
	liveMB := flag.Float64("live", 40, "live heap to keep in MB (MiB of 64-byte objects)")
	duration := flag.Duration("duration", 5*time.Second, "how long to allocate")
	gcEvery := flag.Duration("gc-every", 0, "call runtime.GC() this often (0: never); gctrace marks these cycles (forced)")
	freeEvery := flag.Duration("free-every", 0, "call debug.FreeOSMemory() this often (0: never): a forced GC plus a forced scavenge")
	shrinkAt := flag.Duration("shrink-at", 0, "at this time drop the live heap to a quarter (0: never), so the scavenger has memory to return")
	reuse := flag.Bool("reuse", false, "the fix: build each item in a reused buffer instead of allocating a new one")
	memProfile := flag.String("memprofile", "", "write the allocation profile (pprof allocs, text) to this file at exit")
	flag.Parse()
	if *rateMB <= 0 || *liveMB < 0 || *duration <= 0 || *gcEvery < 0 || *freeEvery < 0 || *shrinkAt < 0 {
		fmt.Fprintln(os.Stderr, "workload: -rate and -duration must be > 0; -live, -gc-every, -free-every, -shrink-at must be >= 0")
		os.Exit(2)
	}
	start := time.Now()

	// Each live object costs 64 bytes plus its 8-byte slot in the index slice.
	live := make([]*liveNode, int(*liveMB*(1<<20)/(64+8)))
	for i := range live {
		live[i] = &liveNode{}
		if i > 0 {
			live[i].next = live[i-1]
		}
	}

	bytesPerSec := *rateMB * (1 << 20)
	var allocated float64
	n := 0
	lastGC, lastFree := time.Duration(0), time.Duration(0)
	shrunk := false
	begin := time.Now()
	for {
		elapsed := time.Since(begin)
		if elapsed >= *duration {
			break
		}
		// Catch up to the target rate, then sleep: the rate stays steady without spinning a CPU.
		for target := bytesPerSec * elapsed.Seconds(); allocated < target; allocated += garbageBytes {
			if *reuse {
				sink[n%len(sink)] = reuseItem(n)
			} else {
				sink[n%len(sink)] = newItem(n)
			}
			n++
		}
		if *gcEvery > 0 && elapsed-lastGC >= *gcEvery {
			runtime.GC()
			lastGC = elapsed
		}
		if *freeEvery > 0 && elapsed-lastFree >= *freeEvery {
			debug.FreeOSMemory()
			lastFree = elapsed
		}
		if *shrinkAt > 0 && !shrunk && elapsed >= *shrinkAt {
			// Nodes point only to lower indexes, so the kept quarter holds nothing of the rest.
			keep := len(live) / 4
			for i := keep; i < len(live); i++ {
				live[i] = nil
			}
			live = live[:keep]
			shrunk = true
		}
		time.Sleep(time.Millisecond)
	}
	allocSec := time.Since(begin).Seconds()
	runtime.KeepAlive(live)
	for i := range sink {
		sink[i] = nil
	}

	// Let a cycle that is still marking finish (its gctrace line is printed after the world restarts),
	// so every cycle counted in NumGC also has its line on stderr.
	time.Sleep(100 * time.Millisecond)
	if *memProfile != "" {
		writeAllocs(*memProfile)
	}
	report(start, allocSec, map[string]any{
		"rateMB": *rateMB, "liveMB": *liveMB, "duration": duration.String(),
		"gcEvery": gcEvery.String(), "freeEvery": freeEvery.String(), "shrinkAt": shrinkAt.String(),
		"reuse": *reuse,
	})
}

// writeAllocs writes the allocation profile as text (debug=1: one record per allocating stack, with
// in-use and total objects and bytes, sampled every runtime.MemProfileRate bytes). It holds the
// allocations up to the last completed GC cycle (runtime/pprof: the heap profile is as of the most
// recently completed garbage collection); no extra cycle is forced, so the trace is unchanged.
func writeAllocs(path string) {
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 1)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "workload:", err)
		os.Exit(1)
	}
}

// pause is one entry of MemStats' PauseNs/PauseEnd rings, with the cycle number it belongs to.
type pause struct {
	GC         uint32  `json:"gc"`
	PauseNs    uint64  `json:"pauseNs"`
	PauseEndMs float64 `json:"pauseEndUnixMs"`
}

// report prints the runtime's MemStats as one JSON line on stdout.
func report(start time.Time, allocSec float64, flags map[string]any) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	// The rings hold the last 256 cycles: cycle k (1-based) is at index (k-1) % 256 (runtime/mstats.go).
	first := uint32(1)
	if m.NumGC > uint32(len(m.PauseNs)) {
		first = m.NumGC - uint32(len(m.PauseNs)) + 1
	}
	pauses := []pause{}
	for k := first; k <= m.NumGC; k++ {
		i := (k - 1) % uint32(len(m.PauseNs))
		pauses = append(pauses, pause{GC: k, PauseNs: m.PauseNs[i], PauseEndMs: unixMs(m.PauseEnd[i])})
	}
	gogc := debug.SetGCPercent(-1) // reads the current setting; restored on the next line
	debug.SetGCPercent(gogc)
	// gomemlimit is null when no limit is set (the runtime's "no limit" is math.MaxInt64);
	// a negative argument reads the limit without changing it.
	var memLimit any
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		memLimit = limit
	}
	out := map[string]any{
		"goVersion":     runtime.Version(),
		"gomaxprocs":    runtime.GOMAXPROCS(0),
		"numCPU":        runtime.NumCPU(),
		"gogc":          gogc,
		"gomemlimit":    memLimit,
		"flags":         flags,
		"startUnixMs":   unixMs(uint64(start.UnixNano())),
		"elapsedSec":    time.Since(start).Seconds(),
		"allocatingSec": allocSec,
		"numGC":         m.NumGC,
		"numForcedGC":   m.NumForcedGC,
		"pauseTotalNs":  m.PauseTotalNs,
		"pauses":        pauses,
		"heapAlloc":     m.HeapAlloc,
		"heapInuse":     m.HeapInuse,
		"heapIdle":      m.HeapIdle,
		"heapReleased":  m.HeapReleased,
		"heapSys":       m.HeapSys,
		"sys":           m.Sys,
		"stackInuse":    m.StackInuse,
		"nextGC":        m.NextGC,
		"totalAlloc":    m.TotalAlloc,
		"mallocs":       m.Mallocs,
		"frees":         m.Frees,
		"gcCPUFraction": m.GCCPUFraction,
		"lastGCUnixMs":  unixMs(m.LastGC),
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "workload:", err)
		os.Exit(1)
	}
}

// unixMs turns Unix nanoseconds into milliseconds: a JSON number in ns (~1.8e18) would lose
// precision in JavaScript, in ms (~1.8e12, microsecond decimals) it does not.
func unixMs(ns uint64) float64 {
	return float64(ns/1e3) / 1e3
}
