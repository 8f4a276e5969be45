// Writes the sidecar data/<name>.meta.json of one capture, and rebuilds data/README.md from all of them.
// Used by scripts/capture.sh only; it reads no trace content beyond counting lines and bytes.
//
//   node scripts/capture-meta.mjs write <dataDir> <name> --about <text> --command <cmd> --godebug <value>
//        --gomaxprocs <n> --started <iso> [--load <hey command> --load-start-ms <ms> --load-end-ms <ms>
//        --loadavg "<1> <5> <15>" --server-cpu-ms <ms> (--hey-summary <file> | --hey-csv <file.csv.gz>)]
//        [--memstats <file>] [--profile <file> --profile-source <url or flag>
//        --profile-at-ms <ms>]
//   node scripts/capture-meta.mjs readme <dataDir>
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";

function parseFlags(args) {
  const flags = {};
  for (let i = 0; i < args.length; i += 2) {
    if (!args[i].startsWith("--") || i + 1 >= args.length) throw new Error(`bad argument: ${args[i]}`);
    flags[args[i].slice(2)] = args[i + 1];
  }
  return flags;
}

/** The numbers of hey's text summary (requests/sec, latencies, status codes), for queueing analyses. */
function heySummary(text) {
  const num = (label) => {
    const m = text.match(new RegExp(`^\\s*${label}:\\s*([0-9.]+)`, "m"));
    return m ? Number(m[1]) : null;
  };
  const statusCodes = {};
  for (const m of text.matchAll(/^\s*\[(\d{3})\]\s+(\d+) responses/gm)) statusCodes[m[1]] = Number(m[2]);
  return {
    totalSec: num("Total"),
    slowestSec: num("Slowest"),
    fastestSec: num("Fastest"),
    averageSec: num("Average"),
    requestsPerSec: num("Requests/sec"),
    statusCodes,
  };
}

/**
 * The same numbers from hey's per-request CSV (`hey -o csv`: seconds; offset = request start on hey's clock):
 * totalSec is first request start to last response end (hey's own Total starts a little earlier), percentiles by
 * hey's rule (requester/report.go latencies: the first sorted latency at i with floor(100 i / n) >= p).
 */
function heyCsvSummary(text) {
  const rows = text
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",").map(Number));
  const lat = rows.map((r) => r[0]).sort((a, b) => a - b);
  const n = lat.length;
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  const statusCodes = {};
  for (const r of rows) {
    first = Math.min(first, r[7]);
    last = Math.max(last, r[7] + r[0]);
    statusCodes[r[6]] = (statusCodes[r[6]] ?? 0) + 1;
  }
  const round = (x) => Math.round(x * 1e4) / 1e4;
  const pct = (p) => lat[lat.findIndex((_, i) => Math.floor((i * 100) / n) >= p)];
  const totalSec = round(last - first);
  return {
    from: "csv",
    responses: n,
    totalSec,
    slowestSec: lat[n - 1],
    fastestSec: lat[0],
    averageSec: round(lat.reduce((a, b) => a + b, 0) / n),
    p50Sec: pct(50),
    p99Sec: pct(99),
    requestsPerSec: round(n / totalSec),
    statusCodes,
  };
}

/** -n, -c and -q of a hey command line. */
function heyFlags(command) {
  const flag = (f) => {
    const m = command.match(new RegExp(`\\s-${f}\\s+([0-9.]+)`));
    return m ? Number(m[1]) : null;
  };
  return { requests: flag("n"), concurrency: flag("c"), qpsPerWorker: flag("q") };
}

function write(dataDir, name, flags) {
  const trace = path.join(dataDir, `${name}.log`);
  const text = readFileSync(trace, "utf8");
  const load = flags.load
    ? {
        tool: "hey",
        command: flags.load,
        ...heyFlags(flags.load),
        // ms since the capture script started the traced program: hey's offsets + startMs = the trace's clock
        startMs: Number(flags["load-start-ms"]),
        endMs: Number(flags["load-end-ms"]),
        ...(flags.loadavg ? { loadAvg: flags.loadavg.split(" ").map(Number) } : {}),
        // CPU time (user + system) the traced program used while hey ran, ms (/proc/<pid>/stat, 10 ms ticks)
        ...(flags["server-cpu-ms"] ? { serverCpuMs: Number(flags["server-cpu-ms"]) } : {}),
        ...(flags["hey-csv"] ? { csv: path.basename(flags["hey-csv"]) } : {}),
        summary: flags["hey-csv"]
          ? heyCsvSummary(gunzipSync(readFileSync(flags["hey-csv"])).toString("utf8"))
          : heySummary(readFileSync(flags["hey-summary"], "utf8")),
      }
    : null;
  const meta = {
    name,
    about: flags.about,
    trace: `${name}.log`,
    memstats: flags.memstats ? path.basename(flags.memstats) : null,
    // A pprof profile in text form (debug=1) taken during the capture: where from, and when in ms from the
    // program's launch (null when the program wrote it itself at exit).
    profile: flags.profile
      ? {
          file: path.basename(flags.profile),
          source: flags["profile-source"],
          atMs: flags["profile-at-ms"] === undefined ? null : Number(flags["profile-at-ms"]),
        }
      : null,
    command: flags.command,
    godebug: flags.godebug,
    gomaxprocs: Number(flags.gomaxprocs),
    goVersion: execFileSync("go", ["version"], { encoding: "utf8" }).trim(),
    load,
    captured: flags.started,
    host: { os: os.platform(), arch: os.arch(), kernel: os.release(), cpus: os.cpus().length },
    traceLines: text.length === 0 ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0),
    traceBytes: statSync(trace).size,
  };
  writeFileSync(path.join(dataDir, `${name}.meta.json`), `${JSON.stringify(meta, null, 2)}\n`);
}

function readme(dataDir) {
  const metas = readdirSync(dataDir)
    .filter((f) => f.endsWith(".meta.json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dataDir, f), "utf8")));
  const code = (s) => `\`${s.replaceAll("|", "\\|")}\``;
  const rows = metas.map((m) =>
    [
      code(m.trace),
      m.about,
      code(m.command),
      m.load ? code(m.load.command) : "none",
      m.gomaxprocs,
      [m.memstats, m.profile?.file, m.load?.csv].filter(Boolean).map(code).join(", "),
      m.traceLines,
    ].join(" | "),
  );
  const corpus = corpusRows(dataDir);
  const goVersions = [...new Set(metas.map((m) => m.goVersion))].join(", ");
  const dates = metas.map((m) => m.captured).sort();
  const text = `# Bundled captures

Real GODEBUG traces of the bundled Go programs (examples/), regenerated by \`npm run capture\`
(scripts/capture.sh). Do not edit them by hand. ${goVersions}; captured ${dates[0]} to ${dates[dates.length - 1]}.

- \`<name>.log\` — the program's raw stderr: the runtime's trace lines plus the program's own log lines
  (which the parser counts as \`other\`).
- \`<name>.meta.json\` — machine-readable: the exact command, \`godebug\`, \`gomaxprocs\`, \`goVersion\`, the load
  (\`hey\` command, \`requests\`, \`concurrency\`, \`startMs\`/\`endMs\` of the load measured from the program's launch —
  \`startMs\` is the offset between the process start and the load start —, hey's summary with \`requestsPerSec\`;
  for latency captures also \`csv\`, \`loadAvg\` = the machine's load average when the load started, and
  \`serverCpuMs\` = the CPU time the program used while hey ran), the capture date and host.
- \`<name>.memstats.json\` — workload captures only: \`runtime.MemStats\` printed by the program at exit as one JSON
  line (\`numGC\`, \`numForcedGC\`, \`pauseTotalNs\`, \`pauses\` = the PauseNs/PauseEnd rings for the last
  min(numGC, 256) cycles, \`heapAlloc\`, \`nextGC\`, \`gogc\`, \`gomemlimit\`, \`gomaxprocs\`, \`elapsedSec\`...).
- \`<name>.hey.csv.gz\` — latency captures: hey's per-request CSV (\`hey -o csv\`, gzip), one line per request that
  got a response: response time and its phases, status, and \`offset\` = when the request started on hey's clock;
  \`load.startMs\` in the \`.meta.json\` is when hey started on the traced program's clock, so \`loadHey\` puts each
  request at \`startMs + offset\` on the trace's time axis (good to a few ms: both programs start a few ms after the
  script notes the time).
- \`<name>.goroutine.txt\`, \`<name>.allocs.txt\` — a pprof profile in text form (\`debug=1\`): the web service's
  goroutine profile fetched from \`/debug/pprof/goroutine?debug=1\` during the leak, or the workload's allocation
  profile written at exit (\`-memprofile\`); \`profile\` in the \`.meta.json\` says where from and when.

Load is generated with [hey](https://github.com/rakyll/hey) on loopback (127.0.0.1:4000) only.
${latencySection(metas, code)}
| trace | what it shows | command | load | GOMAXPROCS | MemStats, profile, requests | lines |
| --- | --- | --- | --- | ---: | --- | ---: |
${rows.map((r) => `| ${r} |`).join("\n")}
${
  corpus.length === 0
    ? ""
    : `
## Older Go versions: corpus/

Traces of Go versions the bundled programs cannot produce (Go 1.19 prints only current formats), copied from
public sources. Each file starts with \`# \` header lines (source, Go version, notes) ending at the line
\`# ---\`; the trace text follows. Not touched by \`npm run capture\`.

| file | Go | source |
| --- | --- | --- |
${corpus.map((r) => `| ${r} |`).join("\n")}
`
}`;
  writeFileSync(path.join(dataDir, "README.md"), text);
}

/** The latency captures (those with hey's CSV): throughput, latency, and how busy the machine was. */
function latencySection(metas, code) {
  const lat = metas.filter((m) => m.load?.csv);
  if (lat.length === 0) return "";
  const ms = (sec) => (sec * 1000).toFixed(1);
  const rows = lat.map((m) => {
    const s = m.load.summary;
    return [
      code(m.load.csv),
      m.gomaxprocs,
      m.load.concurrency,
      m.load.qpsPerWorker ?? "–",
      s.responses,
      Math.round(s.requestsPerSec),
      ms(s.averageSec),
      ms(s.p50Sec),
      ms(s.p99Sec),
      ms(s.slowestSec),
      m.load.startMs,
      (m.load.loadAvg ?? []).join(" "),
    ].join(" | ");
  });
  return `
### Latency captures

hey's per-request CSV beside the trace of the same run. **Read tail latencies as "this machine, this moment":**
the captures ran on a 2-core machine where hey shares the two cores with the service, so more Ps than free cores
mostly add contention; the load average when the load started is in the last column (with 2 cores, anything above
2 means runnable threads were waiting for a CPU, and the same captures taken at a load average of 12 gave 2 Ps
half the throughput of 1). Compare runs captured together.

| requests | GOMAXPROCS | hey -c | hey -q | responses | req/s | mean ms | p50 ms | p99 ms | max ms | load start ms | load avg (1, 5, 15 min) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${rows.map((r) => `| ${r} |`).join("\n")}
`;
}

/** The corpus/ files' `# go-version:` and `# source:` header lines (not their traces). */
function corpusRows(dataDir) {
  const dir = path.join(dataDir, "corpus");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => {
      const header = readFileSync(path.join(dir, f), "utf8").split("\n# ---\n")[0];
      const field = (key) => header.match(new RegExp(`^# ${key}: (.*)$`, "m"))?.[1] ?? "";
      return [`\`corpus/${f}\``, field("go-version").split(" (")[0], field("source")].join(" | ");
    });
}

const [cmd, dataDir, ...rest] = process.argv.slice(2);
if (cmd === "write" && dataDir && rest.length > 0) write(dataDir, rest[0], parseFlags(rest.slice(1)));
else if (cmd === "readme" && dataDir && existsSync(dataDir)) readme(dataDir);
else {
  console.error("usage: capture-meta.mjs write <dataDir> <name> --flag value... | readme <dataDir>");
  process.exit(2);
}
