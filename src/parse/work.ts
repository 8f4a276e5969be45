/**
 * A count of the searching the parser does, for test/parse/linear.test.ts: the characters the line splitters
 * (lines.ts, byteLines.ts) and the glued-trace search (dispatch.ts) pass over, plus one per candidate the search
 * hands to a scanner. A counter, not a clock: doubling an input must double it, whatever the machine is doing.
 */
export const work = { steps: 0 };
