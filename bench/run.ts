/** bun run bench <name>: runs bench/<name>.ts (e.g. `bun run bench rpc`). */
import { readdirSync } from "node:fs";

const available = readdirSync(import.meta.dir).filter((f) => f.endsWith(".ts") && !["run.ts", "stats.ts", "servers.ts", "baseline.ts"].includes(f)).map((f) => f.slice(0, -3));
const name = process.argv[2];
if (!name || !available.includes(name)) {
  console.error(`Usage: bun run bench <${available.join("|")}>`);
  process.exit(2);
}
await import(`./${name}.ts`);
