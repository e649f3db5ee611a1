import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { authContract } from "../../proto-like-schemas/auth.ts";
import type { Database, Transaction } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import type { Mailer } from "../../shared/mail.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";
import type { Clock } from "./clock.ts";
import { mails } from "./db/schema.ts";
import { afterFailedAttempt } from "./domain/mail-retry.ts";
import type { MailTemplate, RenderedMail } from "./domain/mail-templates.ts";
import { addressOf, emailDisabled, rememberUser } from "./people.ts";

export interface QueuedMail {
  notificationId: string;
  userId: string;
  template: MailTemplate;
  mail: RenderedMail;
}

/** Queues e-mails in the caller's transaction: they exist exactly when their notifications do. */
export async function enqueueMails(tx: Transaction, queued: QueuedMail[]): Promise<void> {
  if (queued.length === 0) return;
  await tx
    .insert(mails)
    .values(queued.map((q) => ({ id: Bun.randomUUIDv7(), notificationId: q.notificationId, userId: q.userId, template: q.template, subject: q.mail.subject, text: q.mail.text, html: q.mail.html })))
    .onConflictDoNothing();
}

export interface MailSender {
  /** Sends what is due now, batch after batch; concurrent calls share one run. */
  drain(): Promise<void>;
  /** Starts a drain soon (after a commit that queued mail); never throws. */
  wake(): void;
  /**
   * Ends a running drain after the mail being sent and waits for it. Mails it had claimed but not
   * sent keep their lease and are sent once it runs out, here after a restart or by another replica.
   */
  stop(): Promise<void>;
}

type Outcome = { sentTo: string } | { skip: string } | { retry: string };

export function createMailSender(deps: {
  db: Database;
  mailer: Mailer;
  auth: RpcClient<typeof authContract>;
  clock: Clock;
  log: Logger;
  settings: { batchSize: number; maxAttempts: number; leaseMs: number };
}): MailSender {
  const { db, mailer, auth, clock, log, settings } = deps;

  /**
   * Claims due mails: each gets one more attempt counted and its next attempt pushed a lease away,
   * so another replica (SKIP LOCKED, then the lease) leaves it alone while this one sends.
   */
  async function claim(): Promise<(typeof mails.$inferSelect)[]> {
    const now = clock.now();
    return db.transaction(async (tx) => {
      const due = await tx
        .select({ id: mails.id })
        .from(mails)
        .where(and(eq(mails.status, "PENDING"), lte(mails.nextAttemptAt, now)))
        .orderBy(asc(mails.nextAttemptAt))
        .limit(settings.batchSize)
        .for("update", { skipLocked: true });
      if (due.length === 0) return [];
      return tx
        .update(mails)
        .set({ attempts: sql`${mails.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + settings.leaseMs) })
        .where(inArray(mails.id, due.map((d) => d.id)))
        .returning();
    });
  }

  /** The user's address: the local copy, else auth (remembered for next time). */
  async function resolveAddress(userId: string): Promise<string | { skip: string }> {
    const local = await addressOf(db, userId);
    if (local) return local;
    try {
      const user = await auth.getUser({ userId });
      if (!user.isActive) return { skip: "user is not active" };
      await rememberUser(db, { userId, email: user.email, name: user.name });
      return user.email;
    } catch (err) {
      if (err instanceof AppError && err.code === "NOT_FOUND") return { skip: "unknown user" };
      throw err;
    }
  }

  async function attempt(row: typeof mails.$inferSelect): Promise<Outcome> {
    try {
      // The preference is read again at sending time: turning e-mail off stops what is still queued.
      if ((await emailDisabled(db, [row.userId])).has(row.userId)) return { skip: "e-mail turned off by the user" };
      const to = await resolveAddress(row.userId);
      if (typeof to !== "string") return to;
      await mailer.send({ to, subject: row.subject, text: row.text, html: row.html });
      return { sentTo: to };
    } catch (err) {
      return { retry: ((err as Error)?.message ?? String(err)).slice(0, 1_000) };
    }
  }

  async function settle(row: typeof mails.$inferSelect, outcome: Outcome): Promise<void> {
    const mine = and(eq(mails.id, row.id), eq(mails.status, "PENDING"));
    if ("sentTo" in outcome) {
      await db.update(mails).set({ status: "SENT", sentAt: clock.now(), sentTo: outcome.sentTo, lastError: null }).where(mine);
    } else if ("skip" in outcome) {
      await db.update(mails).set({ status: "SKIPPED", lastError: outcome.skip }).where(mine);
    } else {
      const next = afterFailedAttempt(row.attempts, settings.maxAttempts, clock.now());
      if ("giveUp" in next) {
        log.error("e-mail given up after its last attempt", { mailId: row.id, template: row.template, attempts: row.attempts, error: outcome.retry });
        await db.update(mails).set({ status: "FAILED", lastError: outcome.retry }).where(mine);
      } else {
        log.warn("e-mail not sent; will retry", { mailId: row.id, template: row.template, attempts: row.attempts, retryAt: next.retryAt.toISOString(), error: outcome.retry });
        await db.update(mails).set({ nextAttemptAt: next.retryAt, lastError: outcome.retry }).where(mine);
      }
    }
  }

  let running: Promise<void> | undefined;
  let again = false;
  let stopping = false;

  async function runOnce(): Promise<void> {
    do {
      again = false;
      for (;;) {
        if (stopping) return;
        const batch = await claim();
        for (const row of batch) {
          if (stopping) return;
          await settle(row, await attempt(row));
        }
        if (batch.length < settings.batchSize) break;
      }
    } while (again);
  }

  const drain = (): Promise<void> => {
    if (stopping) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = runOnce().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    drain,
    wake() {
      drain().catch((err) => log.warn("e-mail sender failed", { error: (err as Error)?.message }));
    },
    async stop() {
      stopping = true;
      await running?.catch(() => {});
    },
  };
}
