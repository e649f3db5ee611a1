/**
 * Failed statements never put their parameters in a service's log. Real statements of auth,
 * webhook and notifications (each a process of its own, logging at debug level) are made to fail
 * while they carry an e-mail, a password hash, a refresh token's hash and a sealed webhook secret;
 * their whole output is then searched for every one of those values.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createHash } from "node:crypto";
import postgres, { type Sql } from "postgres";
import { eventually } from "../../shared/testing/wait.ts";
import { freshEmail } from "../harness/auth.ts";
import { getInfra } from "../harness/infra.ts";
import { spawnService, type ServiceProcess } from "../harness/processes.ts";
import { tempDir } from "../harness/services.ts";

setDefaultTimeout(120_000);

let auth: ServiceProcess;
let webhook: ServiceProcess;
let notifications: ServiceProcess;
const databases: Record<string, Sql> = {};
const debug = { LOG_LEVEL: "debug" };

/** A database of one of the running services, as its owner. */
async function databaseOf(service: ServiceProcess): Promise<Sql> {
  const url = new URL((await getInfra()).postgresUrl);
  url.pathname = `/${service.env.DATABASE_NAME}`;
  return (databases[service.name] = postgres(url.toString(), { max: 1, onnotice: () => {} }));
}

/** A trigger that makes every INSERT or UPDATE of the table fail, whatever its values. */
async function refuseWrites(db: Sql, table: string, on: "insert" | "update"): Promise<void> {
  await db.unsafe(`
    create or replace function refuse_for_test() returns trigger language plpgsql as $$
    begin raise exception 'write refused by the test'; end $$;
    create trigger refuse_${on}_for_test before ${on} on ${table} for each row execute function refuse_for_test();`);
}
const allowWrites = (db: Sql, table: string, on: "insert" | "update") => db.unsafe(`drop trigger refuse_${on}_for_test on ${table}`);

const post = (url: string, body?: unknown, token?: string) =>
  fetch(url, {
    method: "POST",
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** The JSON lines a service wrote (anything else it printed is kept as text). */
const lines = async (service: ServiceProcess) => (await service.output()).split("\n").filter(Boolean);
const records = async (service: ServiceProcess) =>
  (await lines(service)).flatMap((l) => {
    try {
      return [JSON.parse(l) as Record<string, any>];
    } catch {
      return [];
    }
  });

/** Every value that must never appear in a log, with what it is. */
const secrets: { what: string; value: string }[] = [];
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
/** A sealed endpoint secret ("v1.<iv>.<ciphertext>.<tag>", base64url) or a signing secret. */
const SEALED_OR_SIGNING_SECRET = /v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}|whsec_/;

beforeAll(async () => {
  const closedSmtp = "smtp://127.0.0.1:9";
  auth = await spawnService("auth", { ...debug, KEYS_DIR: tempDir("keys"), SMTP_URL: closedSmtp });
  const jwks = { JWKS_URL: `${auth.url}/.well-known/jwks.json` };
  [webhook, notifications] = await Promise.all([
    spawnService("webhook", { ...debug, ...jwks, WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" }),
    spawnService("notifications", { ...debug, ...jwks, SMTP_URL: closedSmtp }),
  ]);
  await Promise.all([auth, webhook, notifications].map(databaseOf));
});

afterAll(async () => {
  await Promise.allSettled(Object.values(databases).map((db) => db.end()));
  await Promise.allSettled([webhook?.stop(), notifications?.stop(), auth?.stop()]);
});

describe("a failed statement's parameters never reach the log", () => {
  let user: { email: string; accessToken: string; refreshToken: string };

  test("auth: a registration whose INSERT fails (e-mail and argon2id hash among its parameters)", async () => {
    const email = freshEmail("refused");
    const password = "refused passw0rd";
    secrets.push({ what: "registering e-mail", value: email }, { what: "password", value: password });
    await refuseWrites(databases.auth!, "users", "insert");
    try {
      const res = await post(`${auth.url}/api/v1/auth/register`, { email, password, name: "Refused" });
      expect(res.status).toBe(500);
    } finally {
      await allowWrites(databases.auth!, "users", "insert");
    }
    const failure = await eventually(async () => (await records(auth)).find((r) => r.msg === "unhandled error" && r.err?.code === "P0001"), { what: "the logged failure" });
    expect(failure.err).toMatchObject({ name: "DatabaseError", severity: "ERROR", message: "write refused by the test" });
    expect(failure.err.statement).toMatch(/^insert users #[0-9a-f]{8}$/);
  });

  test("notifications: an event whose INSERT fails (the new user's e-mail among its parameters)", async () => {
    await refuseWrites(databases.notifications!, "notification_users", "insert");
    const email = freshEmail("welcome");
    const res = await post(`${auth.url}/api/v1/auth/register`, { email, password: "welcome passw0rd", name: "Wendy" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { access_token: string; refresh_token: string };
    user = { email, accessToken: body.access_token, refreshToken: body.refresh_token };
    secrets.push({ what: "registered e-mail", value: email }, { what: "refresh token", value: body.refresh_token }, { what: "refresh token hash", value: sha256(body.refresh_token) });
    const retried = await eventually(async () => (await records(notifications)).find((r) => r.msg === "event handling failed; will retry" && r.type === "auth.user_registered"), { timeoutMs: 30_000, what: "the consumer's failure" });
    expect(retried.error).toMatch(/^write refused by the test \(P0001\) in statement insert notification_users #[0-9a-f]{8}$/);
  });

  test("auth: a refresh whose SELECT fails (the refresh token's hash among its parameters)", async () => {
    await databases.auth!.unsafe("alter table refresh_tokens rename column token_hash to token_hash_hidden");
    try {
      const res = await post(`${auth.url}/api/v1/auth/refresh`, { refresh_token: user.refreshToken });
      expect(res.status).toBe(500);
    } finally {
      await databases.auth!.unsafe("alter table refresh_tokens rename column token_hash_hidden to token_hash");
    }
    const failure = await eventually(async () => (await records(auth)).find((r) => r.msg === "unhandled error" && r.err?.code === "42703"), { what: "the logged failure" });
    expect(failure.err.statement).toMatch(/^select refresh_tokens #[0-9a-f]{8}$/);
  });

  test("webhook: creating an endpoint and rotating its secret fail (sealed secrets among their parameters)", async () => {
    await refuseWrites(databases.webhook!, "webhook_endpoints", "insert");
    try {
      const refused = await post(`${webhook.url}/api/v1/webhooks/`, { url: "http://127.0.0.1:9/hook", events: ["*"] }, user.accessToken);
      expect(refused.status).toBe(500);
    } finally {
      await allowWrites(databases.webhook!, "webhook_endpoints", "insert");
    }
    const created = await post(`${webhook.url}/api/v1/webhooks/`, { url: "http://127.0.0.1:9/hook", events: ["*"] }, user.accessToken);
    expect(created.status).toBe(201);
    const endpoint = (await created.json()) as { id: string; secret: string };
    const [row] = await databases.webhook!<{ sealed: string }[]>`select secret_encrypted as sealed from webhook_endpoints where id = ${endpoint.id}`;
    secrets.push({ what: "signing secret", value: endpoint.secret }, { what: "sealed signing secret", value: row!.sealed });

    await refuseWrites(databases.webhook!, "webhook_endpoints", "update");
    try {
      const rotated = await post(`${webhook.url}/api/v1/webhooks/${endpoint.id}/rotate-secret`, undefined, user.accessToken);
      expect(rotated.status).toBe(500);
    } finally {
      await allowWrites(databases.webhook!, "webhook_endpoints", "update");
    }
    const failures = await eventually(async () => {
      const found = (await records(webhook)).filter((r) => r.msg === "unhandled error" && r.err?.code === "P0001");
      return found.length === 2 && found;
    }, { what: "both logged failures" });
    expect(failures.map((f) => f.err.statement.split(" #")[0])).toEqual(["insert webhook_endpoints", "update webhook_endpoints"]);
  });

  test("no line of any service's output holds any of the values", async () => {
    expect(secrets.length).toBe(7);
    for (const service of [auth, webhook, notifications]) {
      const output = await lines(service);
      expect(output.length).toBeGreaterThan(2);
      for (const line of output) {
        for (const { what, value } of secrets) {
          if (line.includes(value)) throw new Error(`${service.name} logged the ${what}: ${line}`);
        }
        expect(line).not.toContain("$argon2id$");
        expect(line).not.toMatch(SEALED_OR_SIGNING_SECRET);
        expect(line).not.toContain("params:");
      }
    }
  });
});
