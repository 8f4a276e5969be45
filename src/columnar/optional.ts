/**
 * The optional peer dependencies of the columnar export and the fleet, loaded on first use: a user who only runs
 * `godebug-lab summary` never installs them (the light package of issue 9). When one is missing, the error says
 * which package to install and for what.
 */

/** The optional packages, with the version range package.json's peerDependencies name. */
export const OPTIONAL_PACKAGES = {
  "apache-arrow": "^21.2.0",
  "@duckdb/node-api": "^1.5.6-r.1",
} as const;
export type OptionalPackage = keyof typeof OPTIONAL_PACKAGES;

const loaded = new Map<OptionalPackage, unknown>();

/** Thrown when an optional package is not installed; the message is the one line to show. */
export class MissingPackageError extends Error {
  constructor(
    readonly packageName: OptionalPackage,
    purpose: string,
  ) {
    super(
      `${purpose} needs the optional package ${packageName}, which is not installed: ` +
        `npm install ${packageName}@${OPTIONAL_PACKAGES[packageName]}`,
    );
    this.name = "MissingPackageError";
  }
}

/** `require(name)`, or a MissingPackageError naming it and `purpose` (e.g. "--format parquet"). */
export function requireOptional<T>(name: OptionalPackage, purpose: string): T {
  const cached = loaded.get(name);
  if (cached !== undefined) return cached as T;
  let mod: unknown;
  try {
    mod = require(name);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "MODULE_NOT_FOUND" && String((error as Error).message).includes(name)) {
      throw new MissingPackageError(name, purpose);
    }
    throw error;
  }
  loaded.set(name, mod);
  return mod as T;
}

/** Throws the MissingPackageError of `name` if it is not installed, without loading it (require.resolve only). */
export function checkOptional(name: OptionalPackage, purpose: string): void {
  if (loaded.has(name)) return;
  try {
    require.resolve(name);
  } catch {
    throw new MissingPackageError(name, purpose);
  }
}
