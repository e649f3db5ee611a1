import { copyFileSync, existsSync, mkdirSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "../..");

/**
 * A copy of this working tree as a fresh clone would have it: the files git tracks or would
 * track (ignored ones such as node_modules, .data and keys left out), edits included.
 * `nodeModules: "link"` points node_modules at this checkout's, for tests that need the
 * packages but not an install.
 */
export function copyCheckout(dir: string, opts: { nodeModules: "none" | "link" }): string {
  const listed = Bun.spawnSync({ cmd: ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  if (!listed.success) throw new Error(`git ls-files failed: ${listed.stderr.toString()}`);
  for (const file of listed.stdout.toString().split("\0").filter(Boolean)) {
    const from = join(ROOT, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(from, join(dir, file));
  }
  if (opts.nodeModules === "link") symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}
