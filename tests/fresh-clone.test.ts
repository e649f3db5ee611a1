/**
 * A new user's first steps on a fresh clone, before any `bun install`. Without node_modules Bun
 * still runs everything, installing packages on the fly from its global cache, and those come
 * without the project's patch of postgres. The README's commands install first, and a service
 * that finds the unpatched postgres loaded refuses to start.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findFreePort } from "../shared/devstack/ports.ts";
import { httpOk } from "../shared/devstack/wait.ts";
import { copyCheckout } from "./harness/checkout.ts";
import { testTempDir } from "./harness/infra.ts";
import { testEnv } from "./harness/services.ts";

setDefaultTimeout(180_000);

let checkout: string;
beforeAll(() => {
  checkout = copyCheckout(join(testTempDir(), "fresh-clone"), { nodeModules: "none" });
});

async function run(cmd: string[]) {
  const proc = Bun.spawn(cmd, { cwd: checkout, env: process.env, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

/** Starts services/wallet/main.ts of the copy against the harness's servers: "exited" (with its output) or "ready". */
async function startWallet(): Promise<{ outcome: "exited" | "ready"; output: string }> {
  const port = await findFreePort();
  const env = await testEnv("wallet", { PORT: String(port) });
  const proc = Bun.spawn(["bun", "services/wallet/main.ts"], { cwd: checkout, env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" });
  const output = Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]).then((parts) => parts.join(""));
  const deadline = Date.now() + 60_000;
  while (proc.exitCode === null && Date.now() < deadline) {
    if (await httpOk(`http://127.0.0.1:${port}/readyz`)) {
      proc.kill("SIGTERM");
      await proc.exited;
      return { outcome: "ready", output: await output };
    }
    await Bun.sleep(200);
  }
  if (proc.exitCode === null) proc.kill("SIGKILL");
  await proc.exited;
  return { outcome: "exited", output: await output };
}

/** Replaces what `bun run test` and `bun dev` run with a probe of the postgres they would load. */
function probeInsteadOfCommands(): void {
  writeFileSync(
    join(checkout, "probe.ts"),
    `import { postgresPatchProblem } from "./shared/db/patched-postgres.ts";\n` +
      `console.log(JSON.stringify({ entry: Bun.resolveSync("postgres", import.meta.dir + "/shared/db"), problem: postgresPatchProblem() }));\n`,
  );
  const manifest = JSON.parse(readFileSync(join(checkout, "package.json"), "utf8")) as { scripts: Record<string, string> };
  manifest.scripts.test = "bun probe.ts";
  manifest.scripts.dev = "bun probe.ts";
  writeFileSync(join(checkout, "package.json"), JSON.stringify(manifest, null, 2));
}

const probed = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1)!) as { entry: string; problem: string | null };

describe("a fresh clone without node_modules", () => {
  test("a service refuses to start with the postgres Bun installs on the fly, and names the fix", async () => {
    expect(existsSync(join(checkout, "node_modules"))).toBe(false);
    const { outcome, output } = await startWallet();
    expect(outcome).toBe("exited");
    expect(output).toContain("without the project's patch (shared/db/patches/postgres@");
    expect(output).toContain("Run `bun install`");
  });

  test("bun run test and bun dev run bun install --frozen-lockfile first when node_modules is missing or stale", async () => {
    probeInsteadOfCommands();

    const first = await run(["bun", "run", "test"]);
    expect(first.stderr).toContain("node_modules is missing: running bun install --frozen-lockfile");
    expect(first.code).toBe(0);
    expect(probed(first.stdout)).toEqual({ entry: join(checkout, "node_modules/postgres/src/index.js"), problem: null });

    const again = await run(["bun", "run", "test"]);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain("running bun install");

    // package.json changed (as after a pull): installed again before anything runs.
    const manifest = JSON.parse(readFileSync(join(checkout, "package.json"), "utf8")) as Record<string, unknown>;
    writeFileSync(join(checkout, "package.json"), JSON.stringify({ ...manifest, description: "changed" }, null, 2));
    const changed = await run(["bun", "dev"]);
    expect(changed.stderr).toContain("changed since node_modules was installed: running bun install --frozen-lockfile");
    expect(changed.code).toBe(0);

    rmSync(join(checkout, "node_modules"), { recursive: true, force: true });
    const dev = await run(["bun", "dev"]);
    expect(dev.stderr).toContain("node_modules is missing: running bun install --frozen-lockfile");
    expect(dev.code).toBe(0);
    expect(probed(dev.stdout)).toEqual({ entry: join(checkout, "node_modules/postgres/src/index.js"), problem: null });
  });

  test("once installed, the same service starts: what it refused was the missing patch", async () => {
    expect(existsSync(join(checkout, "node_modules/postgres"))).toBe(true);
    const { outcome, output } = await startWallet();
    expect({ outcome, output: outcome === "ready" ? "" : output }).toEqual({ outcome: "ready", output: "" });
  });
});
