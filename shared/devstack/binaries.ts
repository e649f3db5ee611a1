import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Where each server binary comes from, for the "what to install" message and --install. */
export const PACKAGES = {
  postgres: { apt: "postgresql", brew: "postgresql@16" },
  initdb: { apt: "postgresql", brew: "postgresql@16" },
  pg_ctl: { apt: "postgresql", brew: "postgresql@16" },
  "redis-server": { apt: "redis-server", brew: "redis" },
  "nats-server": { apt: "nats-server", brew: "nats-server" },
  caddy: { apt: "caddy", brew: "caddy" },
  minio: { apt: null, brew: "minio" },
} as const satisfies Record<string, { apt: string | null; brew: string }>;

export type BinaryName = keyof typeof PACKAGES;

export class MissingBinaryError extends Error {
  constructor(
    readonly binary: BinaryName,
    readonly aptPackage: string | null,
    readonly brewFormula: string,
    detail = "",
  ) {
    const lines = [`${binary} was not found${detail ? ` (${detail})` : ""}. Install it:`];
    if (aptPackage) lines.push(`  Debian/Ubuntu:     sudo apt-get install -y ${aptPackage}`);
    lines.push(`  macOS (Homebrew):  brew install ${brewFormula}`);
    if (aptPackage) lines.push(`or run \`bun dev --install\` (Debian, as root) to let it run apt-get for you.`);
    super(lines.join("\n"));
    this.name = "MissingBinaryError";
  }
}

/** PostgreSQL keeps initdb/postgres outside PATH on Debian and Homebrew. Highest version first. */
export function postgresBinDirs(): string[] {
  const dirs: string[] = [];
  const versioned = (root: string, pattern: RegExp, sub: (entry: string) => string) => {
    if (!existsSync(root)) return;
    const entries = readdirSync(root)
      .map((e) => ({ e, v: Number(pattern.exec(e)?.[1]) }))
      .filter((x) => Number.isFinite(x.v) && x.v > 0)
      .sort((a, b) => b.v - a.v);
    for (const { e } of entries) dirs.push(sub(e));
  };
  versioned("/usr/lib/postgresql", /^(\d+)$/, (e) => join("/usr/lib/postgresql", e, "bin"));
  for (const prefix of ["/opt/homebrew/opt", "/usr/local/opt"]) {
    versioned(prefix, /^postgresql@(\d+)$/, (e) => join(prefix, e, "bin"));
  }
  versioned("/usr/pgsql", /^(\d+)$/, (e) => join("/usr/pgsql", e, "bin"));
  return dirs.filter((d) => existsSync(d));
}

/** Absolute path of a binary, or null. PostgreSQL binaries are looked up in version dirs first. */
export function findBinary(name: BinaryName): string | null {
  if (name === "postgres" || name === "initdb" || name === "pg_ctl") {
    for (const dir of postgresBinDirs()) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  const fromPath = Bun.which(name);
  if (fromPath) return fromPath;
  for (const dir of ["/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/opt/homebrew/bin"]) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

const isDebianRoot = () => existsSync("/etc/debian_version") && process.getuid?.() === 0;

/**
 * Path of the binary, installing its Debian package first when `install` is set and we are
 * root on Debian; otherwise a MissingBinaryError that names the package to install.
 */
export async function requireBinary(name: BinaryName, opts: { install?: boolean } = {}): Promise<string> {
  const found = findBinary(name);
  if (found) return found;
  const pkg = PACKAGES[name];
  if (opts.install && pkg.apt) {
    if (!isDebianRoot()) {
      throw new MissingBinaryError(name, pkg.apt, pkg.brew, "--install only works on Debian as root");
    }
    await aptInstall(pkg.apt);
    const installed = findBinary(name);
    if (installed) return installed;
    throw new MissingBinaryError(name, pkg.apt, pkg.brew, `still missing after apt-get install ${pkg.apt}`);
  }
  throw new MissingBinaryError(name, pkg.apt, pkg.brew);
}

/** Checks several binaries at once so one run reports everything that is missing. */
export async function requireBinaries(names: BinaryName[], opts: { install?: boolean } = {}): Promise<Map<BinaryName, string>> {
  const found = new Map<BinaryName, string>();
  const missing: string[] = [];
  for (const name of names) {
    try {
      found.set(name, await requireBinary(name, opts));
    } catch (err) {
      if (!(err instanceof MissingBinaryError)) throw err;
      missing.push(err.message);
    }
  }
  if (missing.length > 0) throw new Error([...new Set(missing)].join("\n\n"));
  return found;
}

const updatedOnce = { done: false };

async function aptInstall(pkg: string): Promise<void> {
  const run = async (cmd: string[]) => {
    process.stderr.write(`[devstack] ${cmd.join(" ")}\n`);
    const proc = Bun.spawn({
      cmd,
      stdout: "inherit",
      stderr: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    return (await proc.exited) === 0;
  };
  if (await run(["apt-get", "install", "-y", "--no-install-recommends", pkg])) return;
  if (!updatedOnce.done) {
    updatedOnce.done = true;
    if ((await run(["apt-get", "update"])) && (await run(["apt-get", "install", "-y", "--no-install-recommends", pkg]))) return;
  }
  throw new Error(`apt-get install ${pkg} failed`);
}
