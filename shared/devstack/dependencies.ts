import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/*
 * Runs before node_modules exists, so it imports nothing from it.
 *
 * Without node_modules Bun does not fail: it installs packages on the fly from its global cache,
 * and those come without the project's patches (package.json patchedDependencies). So the
 * commands of the README install first, as `bun install --frozen-lockfile` would on CI.
 */

/** Written into node_modules after an install: the digest of what it was installed from. */
export const INSTALL_STAMP = "node_modules/.mint-installed-from";

/** The files an install depends on: bun.lock, package.json and every patch it declares. */
function installInputs(root: string): string[] {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { patchedDependencies?: Record<string, string> };
  return ["bun.lock", "package.json", ...Object.values(manifest.patchedDependencies ?? {}).sort()];
}

export function installDigest(root: string): string {
  const hash = new Bun.CryptoHasher("sha256");
  for (const file of installInputs(root)) {
    hash.update(`${file}\0`);
    hash.update(existsSync(join(root, file)) ? readFileSync(join(root, file)) : "(missing)");
  }
  return hash.digest("hex");
}

/** Why node_modules must be installed again, or null when it matches bun.lock, package.json and the patches. */
export function installNeeded(root: string): string | null {
  if (!existsSync(join(root, "node_modules"))) return "node_modules is missing";
  const stamp = join(root, INSTALL_STAMP);
  if (!existsSync(stamp)) return "node_modules was not installed by this setup";
  if (readFileSync(stamp, "utf8").trim() !== installDigest(root)) return "bun.lock, package.json or a patch changed since node_modules was installed";
  return null;
}

/** `bun install --frozen-lockfile` when installNeeded says so; throws when the install fails. */
export async function ensureDependencies(root: string, say: (message: string) => void): Promise<boolean> {
  const reason = installNeeded(root);
  if (!reason) return false;
  say(`${reason}: running bun install --frozen-lockfile`);
  const install = Bun.spawn({ cmd: [process.execPath, "install", "--frozen-lockfile"], cwd: root, stdout: "inherit", stderr: "inherit", stdin: "ignore" });
  if ((await install.exited) !== 0) {
    throw new Error("bun install --frozen-lockfile failed (if bun.lock no longer matches package.json, run `bun install` to update it)");
  }
  writeFileSync(join(root, INSTALL_STAMP), `${installDigest(root)}\n`);
  return true;
}
