import { inArray, sql } from "drizzle-orm";
import { connect, type NatsConnection } from "nats";
import { auditContract } from "../../proto-like-schemas/audit.ts";
import type { EventData, EventType } from "../../proto-like-schemas/events/index.ts";
import { subjectOf, type Envelope } from "../../shared/events/envelope.ts";
import { rpcClient } from "../../shared/rpc/client.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { startAuth, type RunningAuth } from "../../tests/harness/auth.ts";
import { getInfra } from "../../tests/harness/infra.ts";
import { startService } from "../../tests/harness/services.ts";
import { bearer, signUp, signUpAdmin, type TestUser } from "../../tests/harness/users.ts";
import { auditLog, type AuditRow } from "./db/schema.ts";
import { service as auditService } from "./main.ts";

/** Helpers shared by the audit service's tests (real service, real NATS and PostgreSQL). */

export type RunningAudit = Awaited<ReturnType<typeof auditService.start>>;

/** An audit service trusting the tokens of the auth service at `authUrl`. */
export const startAudit = (authUrl: string, env: Record<string, string> = {}) => startService(auditService, { JWKS_URL: `${authUrl}/.well-known/jwks.json`, ...env });

/** Audit plus an auth service to sign tokens, a NATS connection, an admin and a plain user. */
export async function startAuditStack(env: Record<string, string> = {}) {
  const auth: RunningAuth = await startAuth();
  let audit: RunningAudit | undefined;
  let nc: NatsConnection | undefined;
  try {
    audit = await startAudit(auth.url, env);
    nc = await connect({ servers: (await getInfra()).natsUrl });
    const [admin, user] = await Promise.all([signUpAdmin(auth), signUp(auth.url)]);
    return {
      auth,
      audit,
      nc,
      admin,
      user,
      rpc: rpcClient(nc, auditContract, 10_000),
      async stop() {
        await nc!.close();
        await audit!.stop();
        await auth.stop();
      },
    };
  } catch (err) {
    await nc?.close();
    await audit?.stop();
    await auth.stop();
    throw err;
  }
}
export type AuditStack = Awaited<ReturnType<typeof startAuditStack>>;

export const rowsFor = (audit: RunningAudit, eventIds: string[]): Promise<AuditRow[]> =>
  audit.ctx.db.select().from(auditLog).where(inArray(auditLog.eventId, eventIds)).orderBy(auditLog.seq);

/** Waits until every one of the events has its row, and returns the rows in chain order. */
export function waitForRows(audit: RunningAudit, eventIds: string[], what = "audit rows"): Promise<AuditRow[]> {
  return eventually(async () => {
    const rows = await rowsFor(audit, eventIds);
    return rows.length >= eventIds.length ? rows : undefined;
  }, { timeoutMs: 20_000, what: `${what} (${eventIds.length})` });
}

export async function rowCount(audit: RunningAudit): Promise<number> {
  const [row] = (await audit.ctx.db.execute(sql`select count(*)::int as n from audit_log`)) as unknown as { n: number }[];
  return row!.n;
}

export async function getJson(url: string, token?: string): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(url, { headers: token ? bearer(token) : {} });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

export const newId = () => Bun.randomUUIDv7();
export const traceparentOf = (traceId: string) => `00-${traceId}-00f067aa0ba902b7-01`;
export const newTraceId = () => crypto.randomUUID().replaceAll("-", "");

/** An envelope as a producer's outbox would write it; override what the test is about. */
export function envelopeOf<T extends EventType>(type: T, data: EventData<T>, over: Partial<Envelope> = {}): Envelope<EventData<T>> {
  return { id: newId(), type, occurredAt: new Date().toISOString(), producer: "test", actorId: null, subjectUserIds: [], traceparent: null, data, ...over } as Envelope<EventData<T>>;
}

/** Publishes to JetStream as the outbox relay does; another msgId with the same envelope forces a redelivery. */
export async function publishEnvelope(nc: NatsConnection, envelope: Envelope, msgId: string = envelope.id): Promise<void> {
  await nc.jetstream().publish(subjectOf(envelope.type), JSON.stringify(envelope), { msgID: msgId });
}

export type { TestUser };
