/**
 * Reads the ` key=value` fields of the scheduler trace lines (runtime/proc.go schedtrace) by name: the SCHED line
 * (schedtrace.ts) and the P and M lines of a scheddetail dump (scheddetail.ts). Reading by name lets one table serve
 * every release's field set; a key a reader does not know makes the line malformed, so a new runtime field is noticed.
 */
import type { NumberColumn, TableBuilder } from "../table/tableBuilder";
import * as chars from "./chars";
import type { Cursor } from "./cursor";

// chars.ts's names, bound here once rather than used as imports (chars.ts says why).
const { EQUALS, LOWER_A, LOWER_Z, SLASH, SPACE } = chars;

/** Value syntaxes of the runtime's scheduler fields (runtime/proc.go schedtrace). */
export const INT = 0; // a signed decimal
export const ID = 1; // an M/P/G id; -1 (≤ go1.19) or nil (go1.20+) means none → NaN
export const FLAG = 2; // 0/1 (older releases) or false/true (bool fields, go1.5+ for M, go1.20+ for the header) → 0/1
export const RUNQ = 3; // a P's `runqsize`: len, or len/cap in go1.2 (cap goes to the next field's slot)
export const TEXT = 4; // free text up to `until` (M `preemptoff`, usually empty)
export const NEVER = 5; // a slot filled by another field's value; its key never matches

export interface Field {
  readonly key: string;
  readonly kind: number;
  /** TEXT only: the text that ends the value. */
  readonly until?: string;
}

/** A small string cache so repeated wait reasons and preemptoff values do not allocate on every line. */
export class Interner {
  private readonly known: string[] = [];
  get(s: string, from: number, to: number): string {
    const n = to - from;
    if (n === 0) return "";
    for (const k of this.known) if (k.length === n && s.startsWith(k, from)) return k;
    const v = s.slice(from, to);
    if (this.known.length < 512) this.known.push(v);
    return v;
  }
}

/**
 * Reads ` key=value` fields by name into `vals` (slot = index in `fields`; NaN = not printed), so one table serves
 * every release's field set. A key that is not in `fields` makes the line malformed: a new runtime field must be
 * noticed, not dropped.
 */
export class SchedFields {
  readonly vals: Float64Array;
  readonly seen: Uint8Array;
  text = "";
  private readonly keys: string[];
  private readonly kinds: number[];
  /** The slot expected next: releases print their fields in a fixed order, so this is checked first. */
  private next = 0;
  private readonly interner = new Interner();

  constructor(readonly fields: readonly Field[]) {
    this.vals = new Float64Array(fields.length);
    this.seen = new Uint8Array(fields.length);
    this.keys = fields.map((f) => f.key);
    this.kinds = fields.map((f) => f.kind);
  }

  reset(): void {
    this.vals.fill(Number.NaN);
    this.seen.fill(0);
    this.text = "";
    this.next = 0;
  }

  /** The key of the first of `slots` (in print order) that the line did not have, or undefined. */
  missing(slots: readonly number[]): string | undefined {
    for (const j of slots) if (this.seen[j] === 0) return this.keys[j];
    return undefined;
  }

  /** Reads one `key=value` at the cursor. Returns null, or the reason the line is malformed. */
  read(c: Cursor, what: string): string | null {
    const s = c.s;
    const k0 = c.i;
    let f = this.next;
    let k = f < this.keys.length ? k0 + this.keys[f].length : -1;
    if (k < 0 || k >= c.end || s.charCodeAt(k) !== EQUALS || !s.startsWith(this.keys[f], k0)) {
      // Not the expected field: find the key's end and look it up by name.
      k = k0;
      while (k < c.end) {
        const ch = s.charCodeAt(k);
        if (ch < LOWER_A || ch > LOWER_Z) break;
        k++;
      }
      if (k === k0) return c.where(`a ${what} field name`);
      if (k >= c.end || s.charCodeAt(k) !== EQUALS) {
        c.i = k;
        return c.where(`\`=\` after ${JSON.stringify(s.slice(k0, k))}`);
      }
      f = this.find(s, k0, k - k0);
      if (f < 0) return `unknown ${what} field ${JSON.stringify(s.slice(k0, k + 1))} at column ${k0 + 1}`;
    }
    if (this.seen[f] === 1) return `${what} field ${this.keys[f]}= repeated at column ${k0 + 1}`;
    this.seen[f] = 1;
    this.next = f + 1 < this.kinds.length && this.kinds[f + 1] === NEVER ? f + 2 : f + 1;
    c.i = k + 1;
    return this.value(c, this.fields[f], f);
  }

  private find(s: string, at: number, n: number): number {
    const keys = this.keys;
    for (let j = 0; j < keys.length; j++) {
      if (keys[j].length === n && this.kinds[j] !== NEVER && s.startsWith(keys[j], at)) return j;
    }
    return -1;
  }

  private value(c: Cursor, field: Field, f: number): string | null {
    const vals = this.vals;
    switch (field.kind) {
      case ID: {
        const id = readId(c);
        if (id === undefined) return c.where(`an id or nil after ${field.key}=`);
        vals[f] = id;
        return null;
      }
      case FLAG:
        if (c.lit("true")) vals[f] = 1;
        else if (c.lit("false")) vals[f] = 0;
        else {
          vals[f] = c.int();
          if (Number.isNaN(vals[f])) return c.where(`true, false or a number after ${field.key}=`);
        }
        return null;
      case RUNQ:
        vals[f] = c.int();
        if (Number.isNaN(vals[f])) return c.where(`a number after ${field.key}=`);
        if (c.ch(SLASH)) {
          vals[f + 1] = c.int();
          if (Number.isNaN(vals[f + 1])) return c.where(`the queue capacity after ${field.key}=N/`);
        }
        return null;
      case TEXT: {
        const until = field.until ?? "";
        const j = c.s.indexOf(until, c.i);
        if (j < 0 || j + until.length > c.end)
          return c.where(`${JSON.stringify(until)} ending ${field.key}=`);
        this.text = this.interner.get(c.s, c.i, j);
        c.i = j;
        return null;
      }
      default:
        vals[f] = c.int();
        return Number.isNaN(vals[f]) ? c.where(`a number after ${field.key}=`) : null;
    }
  }
}

/** An M, P or G id at the cursor: a number, or -1 (≤ go1.19) / nil (go1.20+) for none → NaN; undefined if neither. */
export function readId(c: Cursor): number | undefined {
  if (c.lit("nil")) return Number.NaN;
  const v = c.int();
  if (Number.isNaN(v)) return undefined;
  return v === -1 ? Number.NaN : v;
}

/** Reads `( key=value)*` to the end of the line; the caller has consumed everything before the first space. */
export function readAllFields(c: Cursor, r: SchedFields, what: string): string | null {
  while (!c.done) {
    if (!c.ch(SPACE)) return c.where(`a space before the next ${what} field`);
    const err = r.read(c, what);
    if (err !== null) return err;
  }
  return null;
}

/** The number columns `names` of `t` (null for a name that is not a number column), resolved once for the hot path. */
export function numberColumns(t: TableBuilder, names: readonly string[]): (NumberColumn | null)[] {
  return names.map((name) => t.num[name] ?? null);
}

/** Slots of `keys` in `fields`, for SchedFields.missing. */
export function slotsOf(fields: readonly Field[], keys: readonly string[]): number[] {
  return keys.map((k) => {
    const i = fields.findIndex((f) => f.key === k);
    if (i < 0) throw new Error(`slotsOf: no field ${k}`);
    return i;
  });
}
