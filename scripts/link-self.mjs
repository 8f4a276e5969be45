// Makes node_modules/godebug-lab a link to this repository, so the notebooks in notebooks/ can
// `import ... from "godebug-lab"` as a user's own notebook does. tslab type-checks each cell with
// TypeScript's node10 module resolution, which looks only in node_modules folders (a package's
// `exports` self-reference is not seen by it), so the link is what lets the name resolve, for the
// types and at run time. Run by `npm install`/`npm ci` (the prepare script; npm removes links it did
// not make on every install) and by scripts/setup.sh. Does nothing when the link is already there.
import { lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const link = join(root, "node_modules", "godebug-lab");
let current;
try {
  current = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : "(not a link)";
} catch {
  current = undefined;
}
if (current !== "..") {
  if (current !== undefined) rmSync(link, { recursive: true, force: true });
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync("..", link, "dir");
}
