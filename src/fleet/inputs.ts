/**
 * The traces a fleet export reads: files, directories (every trace file below, recursively) and globs (`*`, `?`,
 * `**`, for shells that do not expand them, or quoted on purpose). Each input gets its `source`: the path relative
 * to the directory or the glob's fixed part, so that `data/fleet` gives `api-gogc100-p2.log.gz`, not the full path.
 */
import { readdirSync, statSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";

export interface TraceInput {
  /** The file to read. */
  readonly path: string;
  /** Its name in the dataset (the `source` partition), with `/` between folders on every platform. */
  readonly source: string;
}

/** Files a directory is searched for: text logs and their gzip (loadTrace gunzips by the magic bytes). */
const TRACE_FILE = /\.(log|txt|trace|stderr|out)(\.gz)?$|\.gz$/;

/** Expands the arguments to trace files; throws naming the argument that matches nothing or is missing. */
export function expandInputs(args: readonly string[]): TraceInput[] {
  const inputs: TraceInput[] = [];
  for (const arg of args) {
    if (/[*?[]/.test(arg)) {
      const found = globFiles(arg);
      if (found.length === 0) throw new Error(`${arg}: no file matches`);
      inputs.push(...found);
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(arg).isDirectory();
    } catch {
      throw new Error(`${arg}: no such file or directory`);
    }
    if (!isDir) {
      inputs.push({ path: arg, source: basename(arg) });
      continue;
    }
    const found = walk(arg)
      .filter((f) => TRACE_FILE.test(f))
      .map((f) => ({ path: f, source: toPosix(relative(arg, f)) }));
    if (found.length === 0)
      throw new Error(`${arg}: no trace files (*.log, *.txt, *.gz, ...) in this directory`);
    inputs.push(...found);
  }
  const seen = new Map<string, string>();
  for (const input of inputs) {
    const other = seen.get(input.source);
    if (other !== undefined && other !== input.path) {
      throw new Error(`${other} and ${input.path} would both be source '${input.source}': name them apart`);
    }
    seen.set(input.source, input.path);
  }
  const paths = new Set<string>();
  return inputs.filter((input) => !paths.has(input.path) && paths.add(input.path) !== undefined);
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Files matching a glob: the folders before the first wildcard are walked, the rest matched as a regex. */
function globFiles(pattern: string): TraceInput[] {
  const parts = pattern.split(/[/\\]/);
  const fixed: string[] = [];
  while (parts.length > 1 && !/[*?[]/.test(parts[0])) fixed.push(parts.shift() as string);
  const base = fixed.length === 0 ? "." : fixed.join(sep) || sep;
  const re = globRegExp(parts.join("/"));
  let files: string[];
  try {
    files = walk(base);
  } catch {
    return [];
  }
  return files
    .map((f) => ({ path: f, source: toPosix(relative(base, f)) }))
    .filter((input) => re.test(input.source));
}

/** A glob as a regex over a `/`-separated relative path: `**` any folders, `*` and `?` within one name. */
export function globRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      re += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        re += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}
