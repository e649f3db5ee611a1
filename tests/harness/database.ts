import { connectDatabase, ensureDatabase, type DatabaseHandle } from "../../shared/db/connect.ts";
import { getInfra } from "./infra.ts";
import { uniqueDatabaseName } from "./services.ts";

/** A fresh database of its own on the test PostgreSQL, for tests of the database layer itself. */
export async function testDatabase(purpose: string, poolSize: number): Promise<DatabaseHandle> {
  const { postgresUrl } = await getInfra();
  const url = new URL(postgresUrl);
  url.pathname = `/${uniqueDatabaseName(purpose)}`;
  await ensureDatabase(postgresUrl, url.toString());
  return connectDatabase(url.toString(), poolSize);
}
