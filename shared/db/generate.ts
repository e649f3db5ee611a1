/**
 * bun run db:generate [service…]: writes drizzle-kit migrations for the named services (all
 * services with a db/schema.ts when none is named) into services/<name>/db/migrations.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "../..");
const all = readdirSync(join(root, "services")).filter((name) => existsSync(join(root, "services", name, "db", "schema.ts")));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !all.includes(name));
if (unknown.length) {
  console.error(`No services/<name>/db/schema.ts for: ${unknown.join(", ")}`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : all) {
  const proc = Bun.spawn(
    ["bunx", "drizzle-kit", "generate", "--dialect", "postgresql", "--schema", `services/${name}/db/schema.ts`, "--out", `services/${name}/db/migrations`],
    { cwd: root, stdout: "inherit", stderr: "inherit" },
  );
  if ((await proc.exited) !== 0) process.exit(1);
}
