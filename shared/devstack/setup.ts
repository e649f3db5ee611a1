/**
 * What `bun dev` and `bun run test` do first (package.json predev / pretest), so that the
 * README's commands work on a fresh clone: install node_modules with the project's patches when
 * it is missing or stale, and, for the tests, the system binaries they start (installed when
 * root on Debian, otherwise named with the one command to run). `bun dev` checks its own
 * binaries, since it skips the servers whose URLs are given.
 *
 *   bun shared/devstack/setup.ts dev|test
 *
 * Imports nothing from node_modules: it runs before they exist.
 */
import { resolve } from "node:path";
import { type BinaryName, requireBinaries } from "./binaries.ts";
import { ensureDependencies } from "./dependencies.ts";

const ROOT = resolve(import.meta.dir, "../..");
const say = (message: string) => process.stderr.write(`[setup] ${message}\n`);

/** The binaries the test harness starts, less the servers the MINT_TEST_*_URL variables replace. */
function testBinaries(env: Record<string, string | undefined>): BinaryName[] {
  const needed: BinaryName[] = ["caddy", "chromium"];
  if (!env.MINT_TEST_POSTGRES_URL) needed.push("initdb", "postgres");
  if (!env.MINT_TEST_REDIS_URL) needed.push("redis-server");
  if (!env.MINT_TEST_NATS_URL) needed.push("nats-server");
  return needed;
}

const mode = process.argv[2];
if (mode !== "dev" && mode !== "test") {
  say("usage: bun shared/devstack/setup.ts dev|test");
  process.exit(2);
}
try {
  await ensureDependencies(ROOT, say);
  if (mode === "test") await requireBinaries(testBinaries(process.env), { say });
} catch (err) {
  say(`${mode === "dev" ? "bun dev" : "bun run test"} cannot start: ${(err as Error).message}`);
  process.exit(1);
}
