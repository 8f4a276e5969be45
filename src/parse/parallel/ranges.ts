/**
 * The byte ranges of a file for the parallel reader (scan.ts): where to cut it (at line ends), and the two passes
 * over one range — count its lines and gc candidates, then parse its go1.6+ gc lines into row slots and hand every
 * other line back as text.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { CR } from "../chars";
import { fastSlot, isGcCandidate as isCandidate } from "../gctrace/fast";
import { clearGo15, type GcSlots } from "../gctrace/rows";
import { afterEnd, LineEnds, MAX_LINE_CHARS } from "../lines";

/** One range of the file: bytes [start, end), ending just after a "\n" (the last range: at the end of the file). */
export interface ChunkRange {
  readonly start: number;
  readonly end: number;
}

export interface ChunkCount {
  lines: number;
  candidates: number;
  /** Bytes of the lines that are not candidates (they come back as text). */
  otherBytes: number;
}

/**
 * The lines of a range that the calling thread must parse itself, in file order: `line` (1-based), `text`, `pos`
 * (how many candidates of this range come before it) and `candidate` (1 when it is a candidate with its own slot).
 */
export interface ChunkLines {
  line: number[];
  text: string[];
  pos: number[];
  candidate: number[];
  /** Bytes of the candidates that came back as text. */
  candidateBytes: number;
}

/** Why the parallel reader gave up: the file is better parsed on one thread (the caller then does so). */
export class ParallelUnsuitable extends Error {}
const tooLong = () => new ParallelUnsuitable(`a line longer than ${MAX_LINE_CHARS} bytes`);

const BUF_BYTES = 2 * MAX_LINE_CHARS + 2;
/** This thread's read buffer, reused by every range it reads (fresh memory is slow to fault in). */
let readBuf: Buffer | null = null;

/**
 * The lines of a range, read into this thread's reused buffer and cut where the one-thread reader cuts them
 * (lines.ts LineEnds: LF, CRLF or a lone CR; a range ends just after a LF, so no terminator straddles two ranges): after
 * next() returns true, the line is b[start, end) without its terminator, and `terminated` says there was one
 * (b[end] then holds it). Throws for a line over MAX_LINE_CHARS bytes: the one-thread reader cuts those, and such
 * a file is left to it. (A class with fields rather than a callback per line: the loops that use it stay simple
 * for the compiler.)
 */
class RangeLines {
  readonly b: Buffer;
  start = 0;
  end = 0;
  terminated = false;
  private view: Buffer; // b[0, have)
  private readonly ends = new LineEnds();
  private have = 0; // bytes in b
  private from = 0; // start of the next line in b
  private pos: number; // file offset of b[have]
  private eof = false;

  constructor(
    private readonly fd: number,
    private readonly range: ChunkRange,
  ) {
    if (readBuf === null) readBuf = Buffer.allocUnsafeSlow(BUF_BYTES);
    this.b = readBuf;
    this.view = readBuf.subarray(0, 0);
    this.pos = range.start;
    this.fill();
  }

  next(): boolean {
    const b = this.b;
    for (;;) {
      const end = this.ends.find(this.view, this.from);
      if (end >= 0) {
        if (end - this.from > MAX_LINE_CHARS) throw tooLong();
        this.start = this.from;
        this.end = end;
        this.terminated = true;
        this.from = afterEnd(this.view, end);
        return true;
      }
      if (this.have - this.from > MAX_LINE_CHARS) throw tooLong();
      if (this.eof) {
        if (this.from === this.have) return false;
        // The last line: without a terminator, or with a lone CR that the one-thread reader, too, hands over as
        // not terminated (it could have been half of a CRLF).
        const cr = b[this.have - 1] === CR;
        this.start = this.from;
        this.end = cr ? this.have - 1 : this.have;
        this.terminated = false;
        this.from = this.have;
        return true;
      }
      b.copy(b, 0, this.from, this.have); // the unfinished line to the front, then read on
      this.have -= this.from;
      this.from = 0;
      this.fill();
    }
  }

  private fill(): void {
    const want = Math.min(this.b.length - this.have, this.range.end - this.pos);
    const n = want > 0 ? readSync(this.fd, this.b, this.have, want, this.pos) : 0;
    this.pos += n;
    this.have += n;
    this.eof = n === 0 || this.pos >= this.range.end;
    this.view = this.b.subarray(0, this.have);
    this.ends.reset();
  }
}

/** Pass 1 of a range: its lines and gc candidates. */
export function countChunk(fd: number, range: ChunkRange): ChunkCount {
  let lines = 0;
  let candidates = 0;
  let otherBytes = 0;
  const r = new RangeLines(fd, range);
  while (r.next()) {
    lines++;
    if (isCandidate(r.b, r.start, r.end)) candidates++;
    else otherBytes += r.end - r.start;
  }
  return { lines, candidates, otherBytes };
}

/**
 * Pass 2 of a range: fast rows into `slots` from slot `base` (one slot per candidate), with their line numbers
 * counted from `firstLine`, and NaN in go1.5's columns for every slot; every other line comes back as text.
 * Slots of candidates the fast path does not take keep only the NaNs.
 */
export function scanChunk(
  fd: number,
  range: ChunkRange,
  slots: GcSlots,
  base: number,
  candidates: number,
  firstLine: number,
): ChunkLines {
  clearGo15(slots, base, base + candidates);
  const out: ChunkLines = { line: [], text: [], pos: [], candidate: [], candidateBytes: 0 };
  let lineNo = firstLine - 1;
  let slot = base;
  const r = new RangeLines(fd, range);
  const b = r.b;
  while (r.next()) {
    lineNo++;
    const start = r.start;
    const end = r.end;
    if (!isCandidate(b, start, end)) {
      keep(out, lineNo, b.toString("utf8", start, end), slot - base, 0);
      continue;
    }
    if (!(r.terminated && fastSlot(b, start, end, slots, slot, lineNo))) {
      keep(out, lineNo, b.toString("utf8", start, end), slot - base, 1);
      out.candidateBytes += end - start;
    }
    slot++;
  }
  return out;
}

function keep(out: ChunkLines, line: number, text: string, pos: number, candidate: number): void {
  out.line.push(line);
  out.text.push(text);
  out.pos.push(pos);
  out.candidate.push(candidate);
}

/**
 * The file cut into up to `n` ranges of about equal size, each ending just after a "\n" (found by reading from the
 * nominal cut); fewer when lines are longer than a range.
 */
export function planChunks(path: string, size: number, n: number): ChunkRange[] {
  const cuts: number[] = [0];
  const fd = openSync(path, "r");
  try {
    const b = Buffer.allocUnsafe(64 << 10);
    for (let k = 1; k < n; k++) {
      let at = Math.max(Math.floor((size * k) / n), cuts[cuts.length - 1]);
      let cut = -1;
      while (cut < 0 && at < size) {
        const got = readSync(fd, b, 0, b.length, at);
        if (got <= 0) break;
        const nl = b.subarray(0, got).indexOf(10);
        if (nl >= 0) cut = at + nl + 1;
        else at += got;
      }
      if (cut < 0 || cut >= size) break;
      if (cut > cuts[cuts.length - 1]) cuts.push(cut);
    }
  } finally {
    closeSync(fd);
  }
  cuts.push(size);
  return cuts.slice(1).map((end, k) => ({ start: cuts[k], end }));
}
