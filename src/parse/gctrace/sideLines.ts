/**
 * The lines around the gc lines that fill tables of their own: sysmon's bare `GC forced` (table `gcforced`) and
 * go1.25's gctrace=2 `scan:` statistics (table `gcscan`).
 */
import type { Table } from "../../table/table";
import { TableBuilder } from "../../table/tableBuilder";
import * as chars from "../chars";
import type { Cursor } from "../cursor";
import type { ScanContext, ScanResult } from "../types";
import { GCFORCED_COLUMNS, GCSCAN_COLUMNS } from "./columns";
import { bad } from "./grammar";

// chars.ts's names, bound here once rather than used as imports (chars.ts says why).
const { EQUALS, PLUS } = chars;

const SCAN_PLAIN = "go1.25";
const SCAN_GREENTEA = "go1.25greentea";
const SCOPE_TOTAL = "total";
const SCOPE_CLASS = "class";

export class GcSideLines {
  private readonly forcedLines = new TableBuilder("gcforced", GCFORCED_COLUMNS);
  private readonly scanLines = new TableBuilder("gcscan", GCSCAN_COLUMNS);

  /** `GC forced`: sysmon's periodic forced GC (runtime/proc.go forcegchelper, go1.4+); its gc line follows. */
  forced(c: Cursor, ctx: ScanContext): ScanResult {
    if (!c.lit("GC forced") || !c.done) return bad(c, 'exactly "GC forced"');
    const t = this.forcedLines;
    t.num.run.push(ctx.runs.current());
    t.num.line.push(ctx.lineNo);
    t.num.timeMs.push(Number.NaN);
    t.num.afterGcNum.push(ctx.runs.lastGcNum);
    return "gctrace";
  }

  /**
   * go1.25 gctrace=2 (runtime/mgcmark_nogreenteagc.go / mgcmark_greenteagc.go dumpScanStats):
   * `scan: total N objs` / `scan: class <size>B N objs` / `scan: class L N objs`, or with GOEXPERIMENT=greenteagc
   * `scan: <scope> a+b+c=N objs, s+d=M spans` (a sparse objects, b objects in sparse spans, c in dense spans).
   */
  scan(c: Cursor, ctx: ScanContext): ScanResult {
    c.i += 6; // "scan: "
    let size = Number.NaN;
    let large = false;
    const total = c.lit("total ");
    if (!total) {
      if (!c.lit("class ")) return bad(c, '"total " or "class "');
      large = c.lit("L ");
      if (!large) {
        size = c.int();
        if (Number.isNaN(size) || !c.lit("B ")) return bad(c, 'a size class ("<bytes>B " or "L ")');
      }
    }
    let objs = c.int();
    let spanSparse = Number.NaN;
    let spanDense = Number.NaN;
    let spans = Number.NaN;
    let sparseSpans = Number.NaN;
    let denseSpans = Number.NaN;
    const sparse = objs;
    const greentea = c.ch(PLUS);
    if (greentea) {
      spanSparse = c.int();
      spanDense = c.ch(PLUS) ? c.int() : Number.NaN;
      objs = c.ch(EQUALS) ? c.int() : Number.NaN;
      if (Number.isNaN(objs) || !c.lit(" objs, ")) return bad(c, '"<a>+<b>+<c>=<n> objs, "');
      sparseSpans = c.int();
      denseSpans = c.ch(PLUS) ? c.int() : Number.NaN;
      spans = c.ch(EQUALS) ? c.int() : Number.NaN;
      if (Number.isNaN(spans) || !c.lit(" spans")) return bad(c, '"<a>+<b>=<n> spans"');
    } else if (Number.isNaN(objs) || !c.lit(" objs")) return bad(c, '"<n> objs"');
    if (!c.done) return bad(c, "the end of the line");
    const t = this.scanLines;
    const num = t.num;
    num.run.push(ctx.runs.current());
    num.line.push(ctx.lineNo);
    num.timeMs.push(ctx.runs.lastGcTimeMs);
    num.gcNum.push(ctx.runs.lastGcNum);
    t.str.scope.push(total ? SCOPE_TOTAL : SCOPE_CLASS);
    num.sizeBytes.push(size);
    t.bool.large.push(large);
    num.objs.push(objs);
    num.sparseObjs.push(sparse);
    num.spanSparseObjs.push(spanSparse);
    num.spanDenseObjs.push(spanDense);
    num.spans.push(spans);
    num.sparseSpans.push(sparseSpans);
    num.denseSpans.push(denseSpans);
    t.str.format.push(greentea ? SCAN_GREENTEA : SCAN_PLAIN);
    return "gctrace";
  }

  tables(): Table[] {
    return [this.forcedLines.finish(), this.scanLines.finish()];
  }
}
