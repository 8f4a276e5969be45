/** GODEBUG settings as a program's environment gets them (capture.ts, cli/capture.ts). */

export type GodebugSettings = string | Readonly<Record<string, string | number | boolean>>;

/** GODEBUG's value from settings; throws for an empty or badly formed setting (a programmer mistake). */
export function formatGodebug(godebug: GodebugSettings): string {
  const entries =
    typeof godebug === "string"
      ? godebug.split(",").map((s) => s.trim())
      : Object.entries(godebug).map(([k, v]) => `${k}=${typeof v === "boolean" ? (v ? 1 : 0) : v}`);
  // runtime/runtime1.go parsedebugvars: comma-separated name=value pairs.
  const bad = entries.find((e) => !/^[A-Za-z0-9_.]+=[^\s,=]+$/.test(e));
  if (entries.length === 0 || bad !== undefined) {
    throw new Error(
      `invalid GODEBUG setting ${JSON.stringify(bad ?? "")}: expected name=value[,name=value...]`,
    );
  }
  return entries.join(",");
}
