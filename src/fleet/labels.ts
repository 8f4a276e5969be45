/**
 * The labels of a trace in a fleet (`service`, `host`, `release`, `gogc`, ...): given once for all inputs
 * (`--label service=api`) or read from each source's path by a pattern (`--label-pattern
 * '{service}/{host}-gogc{gogc}.log.gz'`: `{name}` matches within one folder name, `*` and `**` as in a glob).
 */
import { checkLabelName, type Labels } from "../columnar/schema";

/** `k=v` strings as labels; throws on a malformed one. */
export function parseLabelArgs(args: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq <= 0) throw new Error(`--label ${arg}: expected name=value`);
    const name = arg.slice(0, eq);
    checkLabelName(name);
    labels[name] = arg.slice(eq + 1);
  }
  return labels;
}

export interface LabelPattern {
  readonly names: readonly string[];
  /** The labels of a source, or null if the source does not match the pattern. */
  match(source: string): Record<string, string> | null;
}

export function parseLabelPattern(pattern: string): LabelPattern {
  const names: string[] = [];
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "{") {
      const end = pattern.indexOf("}", i);
      if (end < 0) throw new Error(`--label-pattern ${pattern}: '{' without '}'`);
      const name = pattern.slice(i + 1, end);
      checkLabelName(name);
      if (names.includes(name)) throw new Error(`--label-pattern ${pattern}: {${name}} appears twice`);
      names.push(name);
      re += "([^/]+?)";
      i = end;
    } else if (c === "*" && pattern[i + 1] === "*") {
      re += ".*";
      i++;
    } else if (c === "*") re += "[^/]*";
    else re += c.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  }
  if (names.length === 0) throw new Error(`--label-pattern ${pattern}: no {name} in it`);
  const regex = new RegExp(`^${re}$`);
  return {
    names,
    match(source) {
      const m = regex.exec(source);
      if (m === null) return null;
      return Object.fromEntries(names.map((n, i) => [n, m[i + 1]]));
    },
  };
}

/**
 * Every trace's labels over one set of names (the same columns in every part of the dataset): the fixed ones, then
 * the pattern's (which win where a name is in both); a name a source lacks is null.
 */
export function labelsFor(
  source: string,
  fixed: Readonly<Record<string, string>>,
  pattern?: LabelPattern,
): Labels {
  const names = [...Object.keys(fixed), ...(pattern?.names ?? []).filter((n) => !(n in fixed))];
  const matched = pattern?.match(source) ?? {};
  return Object.fromEntries(names.map((n) => [n, matched[n] ?? fixed[n] ?? null]));
}
