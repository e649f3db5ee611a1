/**
 * The admin service's tests run it against the real money path (auth, wallet, kyc, fraud,
 * transactions), the real audit log, PostgreSQL, Redis, NATS and S3, all in this process.
 */
import { expect } from "bun:test";
import { sql } from "drizzle-orm";
import { auditContract, type AuditEntry } from "../../proto-like-schemas/audit.ts";
import { rpcClient } from "../../shared/rpc/client.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { startMoneyMesh, type MoneyMesh, type MoneyMeshOptions } from "../../tests/harness/money.ts";
import { startService } from "../../tests/harness/services.ts";
import { signUpAdmin, type TestUser } from "../../tests/harness/users.ts";
import { service as auditService } from "../audit/main.ts";
import type { Clock } from "./clock.ts";
import { createAdminService } from "./main.ts";

export const TRACE_UI = "http://localhost:16686";

export interface TestClock extends Clock {
  advance(ms: number): void;
}

/** Real time plus whatever a test has skipped ahead (approval expiry). */
export function testClock(): TestClock {
  let skipped = 0;
  return { now: () => new Date(Date.now() + skipped), advance: (ms) => void (skipped += ms) };
}

export interface Res<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

type RunningAdmin = Awaited<ReturnType<ReturnType<typeof createAdminService>["start"]>>;

export async function startAdminStack(opts: { env?: Record<string, string>; mesh?: MoneyMeshOptions } = {}) {
  const mesh = await startMoneyMesh(opts.mesh);
  const jwks = { JWKS_URL: `${mesh.auth.url}/.well-known/jwks.json` };
  const clock = testClock();
  let audit: Awaited<ReturnType<typeof auditService.start>> | undefined;
  let admin: RunningAdmin | undefined;
  try {
    audit = await startService(auditService, jwks);
    admin = await startService(createAdminService({ clock }), { ...jwks, TRACE_UI_URL: TRACE_UI, ADMIN_APPROVALS_SWEEP_MS: "100", ...opts.env });
  } catch (err) {
    await admin?.stop();
    await audit?.stop();
    await mesh.stop();
    throw err;
  }
  const [alice, bob] = [await signUpAdmin(mesh.auth), await signUpAdmin(mesh.auth)];
  const auditRpc = rpcClient(mesh.nc, auditContract, 10_000);

  async function call<T = any>(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const res = await fetch(`${admin!.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (a document's bytes)
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  /**
   * Every record the admin service has written so far, once the audit log holds all of them:
   * after this, a record that was going to be duplicated would be there too.
   */
  async function settled(): Promise<void> {
    await admin!.flushOutbox();
    const ids = (await admin!.ctx.db.execute<{ id: string }>(sql`select id from outbox`)).map((r) => r.id);
    if (ids.length === 0) return;
    await eventually(async () => {
      const [row] = await audit!.ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where event_id in ${ids}`);
      return row!.n === ids.length;
    }, { timeoutMs: 20_000, what: "the audit log to hold every admin record" });
  }

  return {
    mesh,
    audit: audit!,
    admin: admin!,
    clock,
    /** Two admins: dual control needs a second one. */
    alice,
    bob,
    call,
    get: <T = any>(path: string, token: string | null = alice.token, headers: Record<string, string> = {}) => call<T>("GET", path, token, undefined, headers),
    post: <T = any>(path: string, body: unknown = {}, token: string | null = alice.token, headers: Record<string, string> = {}) => call<T>("POST", path, token, body, headers),
    put: <T = any>(path: string, body: unknown, token: string | null = alice.token, headers: Record<string, string> = {}) => call<T>("PUT", path, token, body, headers),
    del: <T = any>(path: string, body: unknown, token: string | null = alice.token, headers: Record<string, string> = {}) => call<T>("DELETE", path, token, body, headers),

    /** Another admin, signed in. */
    newAdmin: (): Promise<TestUser> => signUpAdmin(mesh.auth),

    settled,

    /** The audit entries of this type (after settled()), concerning this user or about this transaction. */
    async entries(type: string, filter: { subjectUserId?: string; transactionId?: string } = {}): Promise<AuditEntry[]> {
      await settled();
      return (await auditRpc.list({ type, ...filter, limit: 50 })).entries;
    },

    async stop() {
      await admin?.stop();
      await audit?.stop();
      await mesh.stop();
    },
  };
}

export type AdminStack = Awaited<ReturnType<typeof startAdminStack>>;
export type { MoneyMesh };

/** A W3C traceparent with a fresh trace id, to follow one request into the audit log. */
export function newTrace(): { traceId: string; traceparent: string } {
  const traceId = crypto.randomUUID().replaceAll("-", "");
  return { traceId, traceparent: `00-${traceId}-${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}-01` };
}

export function expectProblem(res: Res, status: number, code?: string, field?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  if (code) expect(res.body.code).toBe(code);
  if (field) expect(res.body.errors?.map((e: { field: string }) => e.field)).toContain(field);
}
