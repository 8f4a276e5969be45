import type { DataFrame } from "danfojs-node";
import type { Table } from "../parse/types";

/** Builds a danfo DataFrame from a finished table (skeleton: the fast path is being written). */
export function toDataFrame(_table: Table): DataFrame {
  throw new Error("toDataFrame: not implemented yet (skeleton)");
}
