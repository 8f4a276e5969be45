/**
 * hey's plain text summary (its default output, without `-o csv`), as a HeySummary. The layout is hey's
 * `defaultTmpl` (github.com/rakyll/hey requester/print.go, v0.1.4): `Summary:` with Total, Slowest, Fastest, Average
 * (seconds), Requests/sec and, when bytes were received, Total data and Size/request; `Response time histogram:`
 * (`  <mark s> [<count>]\t|■■■`); `Latency distribution:` (`  <p>% in <s> secs`); `Details (average, fastest,
 * slowest):` one line per phase; `Status code distribution:` (`  [<code>]\t<n> responses`); and, when requests
 * failed, `Error distribution:` (`  [<n>]\t<error>`).
 *
 * With no response at all hey prints ` NaN` for the average and no histogram, percentile or status lines; a
 * percentile it did not reach (fewer than 100 responses) is printed `0% in 0.0000 secs` and left out here.
 *
 * hey's own slip: its template prints the response time's fastest and slowest on the DNS+dialup line
 * (`{{ formatNumber .Fastest }}`), not the connection setup's; that phase's fastestMs/slowestMs are NaN here.
 *
 * Every line is a known summary line, a blank line, or malformed (reason kept). A summary that stops before its
 * status codes (a cut-off file) is reported as damage after its last line.
 */
import type { HeyBucket, HeyPercentile, HeyPhase, HeySummary } from "./heySummary";
import type { LoadProblems } from "./problems";

type Section = "summary" | "histogram" | "latency" | "details" | "status" | "errors";

const SECTION_HEADS: readonly [RegExp, Section][] = [
  [/^Summary:$/, "summary"],
  [/^Response time histogram:$/, "histogram"],
  [/^Latency distribution:$/, "latency"],
  [/^Details \(average, fastest, slowest\):$/, "details"],
  [/^Status code distribution:$/, "status"],
  [/^Error distribution:$/, "errors"],
];
// hey prints NaN (" NaN") for the average when no request got a response
const SEC = String.raw`(\d+(?:\.\d+)?|NaN)`;
const SUMMARY_FIELD = new RegExp(String.raw`^(Total|Slowest|Fastest|Average):\s+${SEC} secs$`);
const RPS = new RegExp(String.raw`^Requests/sec:\s+${SEC}$`);
const BYTES = /^(Total data|Size\/request):\s+(\d+) bytes$/;
const BUCKET = new RegExp(String.raw`^${SEC} \[(\d+)\]\s+\|.*$`);
const PERCENTILE = new RegExp(String.raw`^(\d+)% in ${SEC} secs$`);
const PHASE = new RegExp(
  String.raw`^(DNS\+dialup|DNS-lookup|req write|resp wait|resp read):\s+${SEC} secs, ${SEC} secs, ${SEC} secs$`,
);
const STATUS = /^\[(\d{3})\]\s+(\d+) responses$/;
const ERROR = /^\[(\d+)\]\s+(.+)$/;

/** True when `line` opens hey's text summary. */
export function isHeyTextStart(line: string): boolean {
  return line.trim() === "Summary:";
}

/** seconds as hey prints them → ms, exactly (the decimal point moved, not a float product). */
function ms(sec: string): number {
  return Number(`${sec}e3`);
}

/** Parses the lines of hey's text summary; problems go to `problems`. */
export function parseHeyTextLines(
  lines: readonly string[],
  problems: LoadProblems,
): { summary: HeySummary; counts: { summary: number; blank: number; malformed: number } } {
  const fields: Record<string, number> = {};
  const histogram: HeyBucket[] = [];
  const percentiles: HeyPercentile[] = [];
  const phases: HeyPhase[] = [];
  const statusCodes: Record<string, number> = {};
  const errorDistribution: { count: number; error: string }[] = [];
  const counts = { summary: 0, blank: 0, malformed: 0 };
  const seen = new Set<Section>();
  type Rule = readonly [RegExp, (m: RegExpMatchArray) => void];
  const rules: Record<Section, readonly Rule[]> = {
    summary: [
      [SUMMARY_FIELD, (m) => (fields[m[1]] = ms(m[2]))],
      [RPS, (m) => (fields.rps = Number(m[1]))],
      [BYTES, (m) => (fields[m[1]] = Number(m[2]))],
    ],
    histogram: [[BUCKET, (m) => histogram.push({ markMs: ms(m[1]), count: Number(m[2]) })]],
    latency: [
      [
        PERCENTILE,
        (m) => {
          // hey report.go latencies leaves a percentile it never reached as a zero value: printed `0% in 0.0000 secs`
          if (m[1] !== "0") percentiles.push({ percent: Number(m[1]), latencyMs: ms(m[2]) });
        },
      ],
    ],
    details: [
      [
        PHASE,
        (m) => {
          // hey print.go defaultTmpl prints .Fastest/.Slowest (the response time's) on the DNS+dialup line
          const own = m[1] !== "DNS+dialup";
          phases.push({
            phase: m[1],
            averageMs: ms(m[2]),
            fastestMs: own ? ms(m[3]) : Number.NaN,
            slowestMs: own ? ms(m[4]) : Number.NaN,
          });
        },
      ],
    ],
    status: [[STATUS, (m) => (statusCodes[m[1]] = Number(m[2]))]],
    errors: [[ERROR, (m) => errorDistribution.push({ count: Number(m[1]), error: m[2] })]],
  };
  let section: Section | undefined;
  let lastLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const text = lines[i].trim();
    if (text === "") {
      counts.blank++;
      continue;
    }
    lastLine = lineNo;
    const head = SECTION_HEADS.find(([re]) => re.test(text));
    if (head) {
      section = head[1];
      seen.add(section);
      counts.summary++;
      continue;
    }
    const ok = section !== undefined && parseLine(section, text);
    if (ok) counts.summary++;
    else {
      counts.malformed++;
      const where = section === undefined ? "before hey's `Summary:` line" : `in hey's ${section} section`;
      problems.malformedLine(lineNo, `not a line of hey's summary (${where})`, lines[i]);
    }
  }
  if (!seen.has("summary"))
    throw new Error(`${problems.source}: no \`Summary:\` line: not hey's text summary`);
  if (!seen.has("status")) {
    problems.damaged(lastLine, lastLine, "cut off: hey's summary stops before its status code distribution");
  }

  function parseLine(s: Section, text: string): boolean {
    for (const [re, take] of rules[s]) {
      const m = text.match(re);
      if (m) {
        take(m);
        return true;
      }
    }
    return false;
  }

  const responses = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  const totalMs = fields.Total ?? Number.NaN;
  const summary: HeySummary = {
    from: "text",
    responses,
    errors: errorDistribution.reduce((a, e) => a + e.count, 0),
    totalSec: totalMs / 1000,
    slowestMs: fields.Slowest ?? Number.NaN,
    fastestMs: fields.Fastest ?? Number.NaN,
    averageMs: fields.Average ?? Number.NaN,
    requestsPerSec: fields.rps ?? Number.NaN,
    totalDataBytes: fields["Total data"] ?? Number.NaN,
    sizePerRequestBytes: fields["Size/request"] ?? Number.NaN,
    percentiles,
    histogram,
    phases,
    statusCodes,
    errorDistribution,
  };
  return { summary, counts };
}
