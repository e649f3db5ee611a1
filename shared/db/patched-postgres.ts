import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "../..");

interface DeclaredPatch {
  version: string;
  /** The patch file, relative to the repository root. */
  file: string;
}

/** The patch package.json declares for postgres (patchedDependencies), if any. */
function declaredPatch(root: string): DeclaredPatch | null {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { patchedDependencies?: Record<string, string> };
  for (const [spec, file] of Object.entries(manifest.patchedDependencies ?? {})) {
    const match = /^postgres@(.+)$/.exec(spec);
    if (match) return { version: match[1]!, file };
  }
  return null;
}

/** The lines a unified diff adds, per file of the package. */
function addedLines(patch: string): Map<string, string[]> {
  const files = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of patch.split("\n")) {
    const header = /^\+\+\+ b\/(.+)$/.exec(line);
    if (header) {
      current = [];
      files.set(header[1]!, current);
    } else if (current && line.startsWith("+") && line.slice(1).trim() !== "") {
      current.push(line.slice(1).trimEnd());
    }
  }
  return files;
}

/** The folder of the package whose entry point this is (the nearest package.json named postgres). */
function packageRoot(entry: string): string | null {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "postgres") return dir;
  }
  return null;
}

/**
 * Why the postgres.js this process loads is not the patched one package.json declares, or null
 * when it is. Bun resolves the module here as it does for `import "postgres"` in this folder; with
 * no node_modules that is its global cache, which holds the package without the patch.
 */
export function postgresPatchProblem(entry: string = Bun.resolveSync("postgres", import.meta.dir), root: string = ROOT): string | null {
  const patch = declaredPatch(root);
  if (!patch) return null;
  const fix =
    "Run `bun install` in the repository (`bun dev` and `bun run test` run it themselves); " +
    "if node_modules/postgres was changed by hand, remove node_modules first.";
  const pkg = packageRoot(entry);
  if (!pkg) return `postgres is loaded from ${entry}, outside any postgres package, so the project's patch (${patch.file}) cannot be checked. ${fix}`;
  const version = (JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as { version?: string }).version;
  const loaded = `postgres ${version ?? "(no version)"} is loaded from ${pkg}`;
  if (version !== patch.version) return `${loaded}, but the project patches postgres ${patch.version} (${patch.file}). ${fix}`;
  for (const [file, lines] of addedLines(readFileSync(join(root, patch.file), "utf8"))) {
    const target = join(pkg, file);
    const present = new Set(existsSync(target) ? readFileSync(target, "utf8").split("\n").map((l) => l.trimEnd()) : []);
    const missing = lines.filter((l) => !present.has(l));
    if (missing.length > 0) {
      return (
        `${loaded} without the project's patch (${patch.file}: ${missing.length} of its lines are missing from ${relative(pkg, target)}), ` +
        `so a connection whose server process dies can hang its next statements or pass the dead session's error to the next one. ${fix}`
      );
    }
  }
  return null;
}

let checked = false;

/** Throws postgresPatchProblem's message; every database entry point calls it before connecting. */
export function assertPatchedPostgres(): void {
  if (checked) return;
  const problem = postgresPatchProblem();
  if (problem) throw new Error(problem);
  checked = true;
}
