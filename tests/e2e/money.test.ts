import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { getInfra } from "../harness/infra.ts";
import { startProcessMesh, type ProcessMesh } from "../harness/process-mesh.ts";
import type { TestUser } from "../harness/users.ts";
import { checkConservation, LOAD_ENV, LOAD_SERVICES, prepareUsers, runLoad } from "./money-load.ts";

let mesh: ProcessMesh;
let users: TestUser[];
beforeAll(async () => {
  mesh = await startProcessMesh(LOAD_SERVICES, LOAD_ENV);
  users = await prepareUsers(mesh, 20);
}, 120_000);
afterAll(() => mesh?.stop(), 60_000);

/** Once everything settled: the ledger verifies, balances add up to the completed top-ups, nothing moved twice or wrongly. */
async function expectConserved() {
  const conservation = await checkConservation(mesh);
  const { verdict, completedTopUps, movedTwice, movedWrongly } = conservation;
  expect(verdict.problems).toEqual([]);
  expect(verdict.totalUserBalance).toBe(completedTopUps);
  expect(movedTwice).toEqual([]);
  expect(movedWrongly).toEqual([]);
  return conservation;
}

describe("money is conserved through the gateway", () => {
  test("2,000 concurrent random transfers and top-ups", async () => {
    const load = await runLoad(mesh, users, 2_000, 24);
    expect(load.byStatus[500] ?? 0).toBe(0);
    const { transactions, verdict } = await expectConserved();
    expect(verdict.ok).toBe(true);
    expect(transactions.filter((t) => t.status === "COMPLETED").length).toBeGreaterThan(1_000);
  }, 300_000);

  test("the wallet and then the transactions process are killed mid-load and restarted", async () => {
    const load = await runLoad(mesh, users, 2_000, 24, async (done) => {
      if (done === 500) {
        await mesh.services.wallet!.crash();
        await Bun.sleep(500);
        await mesh.services.wallet!.restart();
      }
      if (done === 1_200) {
        await mesh.services.transactions!.crash();
        await Bun.sleep(500);
        await mesh.services.transactions!.restart();
      }
    });
    // The outages must really have been hit, or this test proves nothing.
    expect(load.retried).toBeGreaterThan(0);
    expect(load.byStatus[500] ?? 0).toBe(0);
    await expectConserved();
  }, 300_000);

  test("every database connection of the wallet and of the transactions service is cut mid-load, as a failover would", async () => {
    const admin = postgres((await getInfra()).postgresUrl, { max: 1, onnotice: () => {} });
    const cutConnections = async (service: string) => {
      const rows = await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${mesh.services[service]!.env.DATABASE_NAME!} and pid <> pg_backend_pid()`;
      return rows.length;
    };
    let cut = 0;
    try {
      const load = await runLoad(mesh, users, 1_000, 24, async (done) => {
        if (done === 200 || done === 600) cut += await cutConnections("wallet");
        if (done === 400 || done === 800) cut += await cutConnections("transactions");
      });
      // Connections were really cut while requests ran, or this test proves nothing.
      expect(cut).toBeGreaterThan(4);
      // A lost connection is a 503 the client retries, never a 500.
      expect(load.byStatus[500] ?? 0).toBe(0);
      await expectConserved();
      // Both services answer as before.
      expect((await runLoad(mesh, users, 50, 4)).byStatus[201]).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
  }, 300_000);
});
