/**
 * The Thrift compact protocol, write side, as far as Parquet's page headers and footer need it (the Thrift
 * specification's doc/specs/thrift-compact-protocol.md): a field is a header byte (the id's delta from the previous
 * field in the high nibble, the type in the low one), integers are zigzag varints, a struct ends with a 0 byte.
 */
import { ByteWriter } from "./bytes";

const I32 = 5;
const I64 = 6;
const BINARY = 8;
const LIST = 9;
const STRUCT = 12;

const encoder = new TextEncoder();

export class ThriftWriter {
  private lastId = 0;
  private readonly outer: number[] = [];

  constructor(readonly out: ByteWriter = new ByteWriter()) {}

  private field(id: number, type: number): void {
    const delta = id - this.lastId;
    if (delta > 0 && delta <= 15) this.out.byte((delta << 4) | type);
    else {
      this.out.byte(type);
      this.out.zigzag(id);
    }
    this.lastId = id;
  }

  i32(id: number, value: number): this {
    this.field(id, I32);
    this.out.zigzag(value);
    return this;
  }

  i64(id: number, value: number): this {
    this.field(id, I64);
    this.out.zigzag(value);
    return this;
  }

  binary(id: number, value: Uint8Array | string): this {
    this.field(id, BINARY);
    this.rawBinary(value);
    return this;
  }

  struct(id: number, body: (w: this) => void): this {
    this.field(id, STRUCT);
    this.begin();
    body(this);
    return this.end();
  }

  /** A list of i32 (enums). */
  i32List(id: number, values: readonly number[]): this {
    this.field(id, LIST);
    this.listHeader(values.length, I32);
    for (const v of values) this.out.zigzag(v);
    return this;
  }

  binaryList(id: number, values: readonly string[]): this {
    this.field(id, LIST);
    this.listHeader(values.length, BINARY);
    for (const v of values) this.rawBinary(v);
    return this;
  }

  structList<T>(id: number, items: readonly T[], body: (w: this, item: T) => void): this {
    this.field(id, LIST);
    this.listHeader(items.length, STRUCT);
    for (const item of items) {
      this.begin();
      body(this, item);
      this.end();
    }
    return this;
  }

  /** Opens a struct written at the top level (a page header, the file's metadata); `end` closes it. */
  begin(): this {
    this.outer.push(this.lastId);
    this.lastId = 0;
    return this;
  }

  end(): this {
    this.out.byte(0);
    this.lastId = this.outer.pop() ?? 0;
    return this;
  }

  private listHeader(size: number, type: number): void {
    if (size < 15) this.out.byte((size << 4) | type);
    else {
      this.out.byte(0xf0 | type);
      this.out.uleb(size);
    }
  }

  private rawBinary(value: Uint8Array | string): void {
    const bytes = typeof value === "string" ? encoder.encode(value) : value;
    this.out.uleb(bytes.length);
    this.out.bytes(bytes);
  }
}
