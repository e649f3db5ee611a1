import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Where each binary comes from, for the one install command (apt-get on Debian, Homebrew on macOS). */
export const PACKAGES = {
  postgres: { apt: "postgresql", brew: "postgresql@16" },
  initdb: { apt: "postgresql", brew: "postgresql@16" },
  pg_ctl: { apt: "postgresql", brew: "postgresql@16" },
  "redis-server": { apt: "redis-server", brew: "redis" },
  "nats-server": { apt: "nats-server", brew: "nats-server" },
  caddy: { apt: "caddy", brew: "caddy" },
  chromium: { apt: "chromium", brew: "chromium" },
  minio: { apt: null, brew: "minio" },
} as const satisfies Record<string, { apt: string | null; brew: string }>;

export type BinaryName = keyof typeof PACKAGES;

interface Host {
  platform: NodeJS.Platform;
  debian: boolean;
  root: boolean;
}

const thisHost = (): Host => ({ platform: process.platform, debian: existsSync("/etc/debian_version"), root: process.getuid?.() === 0 });

/** The one command that installs these binaries here: Homebrew on macOS, apt-get elsewhere. */
export function installCommand(names: BinaryName[], host: Host = thisHost()): string {
  const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))];
  if (host.platform === "darwin") return `brew install ${unique(names.map((n) => PACKAGES[n].brew)).join(" ")}`;
  return `${host.root ? "" : "sudo "}apt-get install -y --no-install-recommends ${unique(names.map((n) => PACKAGES[n].apt)).join(" ")}`;
}

/** What to do about missing binaries: install their Debian packages (root on Debian), or print the command. */
export function installPlan(missing: BinaryName[], host: Host = thisHost()): { install: string[] } | { print: string } {
  const packages = [...new Set(missing.map((n) => PACKAGES[n].apt))];
  if (host.platform !== "darwin" && host.debian && host.root && !packages.includes(null)) return { install: packages as string[] };
  return { print: installCommand(missing, host) };
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
  if (name === "chromium" && process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  if (name === "postgres" || name === "initdb" || name === "pg_ctl") {
    for (const dir of postgresBinDirs()) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  const fromPath = Bun.which(name);
  if (fromPath) return fromPath;
  for (const dir of ["/usr/bin", "/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/opt/homebrew/bin"]) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * Path of the binary, installing its Debian package first when `install` is set and we are
 * root on Debian; otherwise an error that names the command to install it.
 */
export async function requireBinary(name: BinaryName, opts: { install?: boolean } = {}): Promise<string> {
  return (await requireBinaries([name], { install: opts.install ?? false })).get(name)!;
}

/**
 * Finds several binaries at once. What is missing is installed with one apt-get command when
 * that is possible (root on Debian, unless `install` is false), after saying what it installs;
 * otherwise the error names the one command to run.
 */
export async function requireBinaries(
  names: BinaryName[],
  opts: { install?: boolean; say?: (message: string) => void } = {},
): Promise<Map<BinaryName, string>> {
  const found = new Map<BinaryName, string>();
  const lookUp = (): BinaryName[] => {
    const absent: BinaryName[] = [];
    for (const name of new Set(names)) {
      const path = findBinary(name);
      if (path) found.set(name, path);
      else absent.push(name);
    }
    return absent;
  };
  let absent = lookUp();
  if (absent.length === 0) return found;
  const plan = installPlan(absent);
  if (opts.install !== false && "install" in plan) {
    (opts.say ?? ((m) => process.stderr.write(`${m}\n`)))(`${absent.join(", ")} ${absent.length === 1 ? "is" : "are"} missing: installing ${plan.install.join(" ")} with apt-get`);
    await aptInstall(plan.install);
    absent = lookUp();
    if (absent.length === 0) return found;
    throw new Error(`${absent.join(", ")} still missing after apt-get install ${plan.install.join(" ")}.`);
  }
  throw new Error(`${absent.join(", ")} ${absent.length === 1 ? "is" : "are"} not installed. Install ${absent.length === 1 ? "it" : "them"} with:\n  ${"print" in plan ? plan.print : installCommand(absent)}`);
}

async function aptInstall(packages: string[]): Promise<void> {
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
  const install = ["apt-get", "install", "-y", "--no-install-recommends", ...packages];
  if (await run(install)) return;
  // A fresh machine often has no package lists yet.
  if ((await run(["apt-get", "update"])) && (await run(install))) return;
  throw new Error(`apt-get install ${packages.join(" ")} failed`);
}
