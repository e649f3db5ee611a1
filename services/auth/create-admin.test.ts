/**
 * `bun run create-admin`, run as the README says, next to a running `bun dev`: the admin must land
 * in the database the platform uses and be able to sign in through its gateway. The dev stack
 * here is what the script sees of one (the `.data/dev.lock` a running `bun dev` keeps, naming
 * its PostgreSQL) in a copy of the checkout, with a PostgreSQL of its own, auth and the gateway;
 * a real `bun dev` would take the fixed ports a developer's platform uses.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DevLock } from "../../shared/devstack/devlock.ts";
import { findFreePort } from "../../shared/devstack/ports.ts";
import { startPostgres } from "../../shared/devstack/postgres.ts";
import { startAuth, type RunningAuth } from "../../tests/harness/auth.ts";
import { copyCheckout } from "../../tests/harness/checkout.ts";
import { closedAddress, getCaddy, testTempDir, track } from "../../tests/harness/infra.ts";

setDefaultTimeout(120_000);

let checkout: string;
let devPostgresUrl: string;
let lock: DevLock;

beforeAll(async () => {
  checkout = copyCheckout(join(testTempDir(), "create-admin-checkout"), { nodeModules: "link" });
  const dataDir = join(testTempDir(), "create-admin-dev-postgres");
  mkdirSync(dataDir, { recursive: true });
  const pg = await startPostgres({ dataDir, port: await findFreePort(), ephemeral: true });
  track("dev stack postgres", pg, () => [pg.pid]);
  devPostgresUrl = pg.url;
  // What `bun dev` writes once its servers are up.
  mkdirSync(join(checkout, ".data"), { recursive: true });
  lock = new DevLock(join(checkout, ".data"), checkout);
  lock.acquire();
  lock.setUrl("postgres", devPostgresUrl);
});
afterAll(() => lock?.release());

/** `bun run create-admin …` in the copy, with none of the database variables of this test run. */
async function createAdmin(email: string, env: Record<string, string> = {}) {
  const { POSTGRES_URL: _p, DATABASE_URL: _u, DATABASE_NAME: _n, ...inherited } = process.env;
  const proc = Bun.spawn(["bun", "run", "create-admin", "--email", email, "--password", "ops pass 123", "--name", "Ops"], {
    cwd: checkout,
    env: { ...inherited, LOG_LEVEL: "error", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

describe("bun run create-admin", () => {
  test("with bun dev running, creates the admin in its database: they sign in through the gateway as ADMIN", async () => {
    const email = `ops.${process.pid}@example.com`;
    const run = await createAdmin(email);
    expect(run.stderr).not.toContain("Cannot reach");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`in mint_auth at postgres://postgres@${new URL(devPostgresUrl).host}`);
    expect(run.stdout).toContain(`(from the running bun dev, pid ${process.pid})`);

    // Auth as bun dev runs it: its own database, mint_auth, on the dev stack's server.
    let auth: RunningAuth | undefined;
    try {
      auth = await startAuth({ POSTGRES_URL: devPostgresUrl, DATABASE_NAME: undefined });
      const gateway = await getCaddy({ auth: new URL(auth.url).host });
      const login = await fetch(`${gateway.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: "ops pass 123" }),
      });
      expect(login.status).toBe(200);
      const { access_token } = (await login.json()) as { access_token: string };
      const me = await fetch(`${gateway.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(await me.json()).toMatchObject({ email, role: "ADMIN", email_verified: true });
    } finally {
      await auth?.stop();
    }
  });

  test("an explicit POSTGRES_URL wins over the running bun dev, and one that does not answer is named", async () => {
    const nowhere = `postgres://postgres@${await closedAddress()}/postgres`;
    const run = await createAdmin(`ops.explicit.${process.pid}@example.com`, { POSTGRES_URL: nowhere });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`Cannot reach PostgreSQL at ${nowhere} (from POSTGRES_URL)`);
  });

  test("with no bun dev and no POSTGRES_URL, stops and says what it tried", async () => {
    lock.release();
    try {
      const none = await createAdmin(`ops.none.${process.pid}@example.com`);
      expect(none.code).not.toBe(0);
      expect(none.stderr).toContain("POSTGRES_URL is not set and `bun dev` is not running in this checkout (no .data/dev.lock)");

      // A lock left by a bun dev that crashed names a process that is gone.
      const gone = Bun.spawn(["true"]);
      await gone.exited;
      writeFileSync(join(checkout, ".data", "dev.lock"), JSON.stringify({ owner: gone.pid, pids: [], urls: { postgres: devPostgresUrl } }));
      const stale = await createAdmin(`ops.stale.${process.pid}@example.com`);
      expect(stale.code).not.toBe(0);
      expect(stale.stderr).toContain(`.data/dev.lock was left by process ${gone.pid}, which has exited`);
    } finally {
      lock.acquire();
      lock.setUrl("postgres", devPostgresUrl);
    }
  });
});
