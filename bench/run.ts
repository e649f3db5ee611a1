/** bun run bench <name>: runs bench/<name>.ts (e.g. `bun run bench rpc`). */
import { readdirSync } from "node:fs";
import { stopAllSync } from "../tests/harness/infra.ts";

const available = readdirSync(import.meta.dir).filter((f) => f.endsWith(".ts") && !["run.ts", "stats.ts", "servers.ts", "baseline.ts", "cpu.ts", "page-histories.ts", "page-load.ts"].includes(f)).map((f) => f.slice(0, -3));
const name = process.argv[2];
if (!name || !available.includes(name)) {
  console.error(`Usage: bun run bench <${available.join("|")}>`);
  process.exit(2);
}

// However a benchmark ends, the servers it started must not outlive it.
process.once("exit", () => stopAllSync());
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  process.once(signal, () => process.exit(code));
}
try {
  await import(`./${name}.ts`);
} catch (err) {
  console.error(err);
  process.exit(1);
}
