// Command webservice is the tutorial's JSON web service: POST /sendjson decodes a small user value
// and encodes it back. Put it under `hey` load with GOMAXPROCS=1 GODEBUG=schedtrace=100 to watch
// the run queue fill and drain (tutorial case 1). With the argument `leak`, every request also
// leaks one goroutine blocked forever on a channel receive (tutorial case 2): the leaked goroutines
// are waiting, not runnable, so schedtrace's run queue does not show them but scheddetail's G lines
// do (`status=4(chan receive)`). The service also serves net/http/pprof under /debug/pprof/, so a
// goroutine profile taken during the leak (/debug/pprof/goroutine?debug=1) names the leaking line.
//
// Usage: webservice [-addr 127.0.0.1:4000] [-alloc-kb K] [-live-mb N] [leak] (the GC-heavy flags: gcheavy.go)
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"
)

// user is the small value the tutorial's service sends back.
type user struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// leaked counts the goroutines leaked so far (case 2).
var leaked atomic.Int64

func main() {
	addr := flag.String("addr", "127.0.0.1:4000", "listen address (loopback by default)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: %s [-addr host:port] [-alloc-kb K] [-live-mb N] [leak]\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	leak := false
	switch {
	case flag.NArg() == 0:
	case flag.NArg() == 1 && flag.Arg(0) == "leak":
		leak = true
	default:
		flag.Usage()
		os.Exit(2)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/sendjson", sendJSON(leak))
	mux.HandleFunc("/goroutines", goroutines)
	// The profiles of net/http/pprof: /debug/pprof/ lists them, /debug/pprof/goroutine?debug=1 is the
	// goroutine profile as text (one record per distinct stack, with its count).
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}

	// Stop cleanly on SIGINT/SIGTERM so a capture ends with the runtime's last trace lines flushed
	// and exit status 0.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-stop
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}()

	log.Printf("listener: started: listening on http://%s leak=%v%s", *addr, leak, startGCHeavy())
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		log.Fatalf("listener: %v", err)
	}
	log.Printf("listener: stopped: leaked goroutines=%d", leaked.Load())
}

// sendJSON decodes the posted user (an empty body sends the default user) and encodes it back.
func sendJSON(leak bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if leak {
			// One goroutine per request, parked forever on a receive from a channel nobody sends on.
			never := make(chan struct{})
			go func() { <-never }()
			leaked.Add(1)
		}
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		u := user{Name: "bill", Email: "bill@ardanlabs.com"}
		if r.ContentLength != 0 {
			if err := json.NewDecoder(r.Body).Decode(&u); err != nil {
				http.Error(w, "bad JSON: "+err.Error(), http.StatusBadRequest)
				return
			}
		}
		makeGarbage()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(&u)
	}
}

// goroutines reports the live goroutine count and how many were leaked, so a test or notebook can
// check what scheddetail shows against the program's own count.
func goroutines(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]int64{
		"goroutines": int64(runtime.NumGoroutine()),
		"leaked":     leaked.Load(),
	})
}
