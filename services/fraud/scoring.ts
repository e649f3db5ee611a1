import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { fraudContract } from "../../proto-like-schemas/fraud.ts";
import type { Database, Executor } from "../../shared/db/connect.ts";
import { hotStatement } from "../../shared/db/statement.ts";
import { AppError } from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import type { Clock } from "./clock.ts";
import type { FraudConfig } from "./config.ts";
import { fraudCases, scorings } from "./db/schema.ts";
import { decide, type Thresholds, type Verdict } from "./domain/decision.ts";
import {
  geoRule,
  largeAmountRule,
  newRecipientRule,
  nightRule,
  sanctionedRule,
  velocityRule,
  type DeviationSettings,
  type NightSettings,
  type ThresholdSettings,
  type VelocitySettings,
} from "./domain/rules.ts";
import { usualCountry } from "./domain/usual-country.ts";
import { recordCountry, senderHistory } from "./history.ts";
import type { Sanctions } from "./sanctions.ts";
import type { VelocityWindow } from "./velocity-window.ts";

type NewScoring = Omit<typeof scorings.$inferInsert, "createdAt">;

// Every transfer is scored: its insert is built once (see hotStatement).
const insertScoring = hotStatement<NewScoring, ScoringRow[]>("insert scoring", (ex) => {
  const value = <K extends keyof NewScoring>(name: K) => sql.placeholder(name);
  return ex
    .insert(scorings)
    .values({
      transactionId: value("transactionId"),
      userId: value("userId"),
      recipientId: value("recipientId"),
      amount: value("amount"),
      transactionType: value("transactionType"),
      country: value("country"),
      decision: value("decision"),
      score: value("score"),
      rulesFired: value("rulesFired"),
      reason: value("reason"),
      caseId: value("caseId"),
    })
    .onConflictDoNothing()
    .returning();
});

type ScoreRequest = z.output<(typeof fraudContract)["methods"]["score"]["request"]>;
type ScoreResponse = z.input<(typeof fraudContract)["methods"]["score"]["response"]>;
type ScoringRow = typeof scorings.$inferSelect;

export interface ScoringSettings {
  thresholds: Thresholds;
  velocity: VelocitySettings;
  deviation: DeviationSettings;
  newRecipient: ThresholdSettings;
  night: NightSettings;
  geo: { score: number };
  sanctioned: { score: number };
}

export function scoringSettings(c: FraudConfig): ScoringSettings {
  return {
    thresholds: { block: c.FRAUD_BLOCK_THRESHOLD, review: c.FRAUD_REVIEW_THRESHOLD },
    velocity: { max: c.FRAUD_VELOCITY_MAX, windowS: c.FRAUD_VELOCITY_WINDOW_S, score: c.FRAUD_SCORE_VELOCITY },
    deviation: { sigmas: c.FRAUD_DEVIATION_SIGMAS, minSamples: c.FRAUD_DEVIATION_MIN_SAMPLES, score: c.FRAUD_SCORE_LARGE_AMOUNT },
    newRecipient: { thresholdCents: c.FRAUD_NEW_RECIPIENT_CENTS, score: c.FRAUD_SCORE_NEW_RECIPIENT },
    night: { thresholdCents: c.FRAUD_NIGHT_CENTS, fromHour: c.FRAUD_NIGHT_FROM_HOUR, toHour: c.FRAUD_NIGHT_TO_HOUR, score: c.FRAUD_SCORE_NIGHT },
    geo: { score: c.FRAUD_SCORE_GEO },
    sanctioned: { score: c.FRAUD_SCORE_SANCTIONED },
  };
}

const toResponse = (row: ScoringRow): ScoreResponse => ({
  decision: row.decision as ScoreResponse["decision"],
  score: row.score,
  rulesFired: row.rulesFired,
  reason: row.reason,
  caseId: row.caseId,
});

export interface ScoringDeps {
  db: Database;
  velocity: VelocityWindow;
  sanctions: Sanctions;
  clock: Clock;
  settings: ScoringSettings;
  log: Logger;
}

/**
 * Scores a transfer once per transaction id: the verdict, the case (for REVIEW and BLOCK) and
 * the country seen are written in one transaction, and a retry returns the stored verdict.
 */
export function createScoring(deps: ScoringDeps) {
  const { db, velocity, sanctions, settings, log } = deps;

  const storedScoring = async (transactionId: string) =>
    (await db.select().from(scorings).where(eq(scorings.transactionId, transactionId)).limit(1))[0];

  /** A blocked transfer leaves the velocity window (it did not happen); repeating this is harmless. */
  const releaseIfBlocked = async (row: ScoringRow) => {
    if (row.decision !== "BLOCK") return;
    await velocity.release(row.userId, row.transactionId).catch((err) => log.warn("velocity release failed", { transactionId: row.transactionId, error: (err as Error).message }));
  };

  async function replay(row: ScoringRow, req: ScoreRequest): Promise<ScoreResponse> {
    if (row.userId !== req.userId || row.recipientId !== req.recipientId || row.amount !== req.amount) {
      // This call counted the transaction in another user's window; only the stored scoring's user keeps it.
      if (row.userId !== req.userId) await velocity.release(req.userId, req.transactionId).catch(() => undefined);
      throw new AppError("CONFLICT", `Transaction ${req.transactionId} was already scored with a different sender, recipient or amount`);
    }
    await releaseIfBlocked(row);
    return toResponse(row);
  }

  async function evaluate(req: ScoreRequest, now: Date): Promise<Verdict> {
    const [inWindow, history, sanctioned] = await Promise.all([
      velocity.reserve(req.userId, req.transactionId, now).catch((err) => {
        log.error("velocity window unreachable", { error: (err as Error).message });
        throw new AppError("UNAVAILABLE", "Fraud velocity store is unavailable");
      }),
      senderHistory(db, req.userId, req.recipientId),
      sanctions.isSanctioned(req.recipientId),
    ]);
    return decide(
      [
        velocityRule(inWindow, settings.velocity),
        largeAmountRule(req.amount, history.stats, settings.deviation),
        newRecipientRule(req.amount, history.knownRecipient, settings.newRecipient),
        geoRule(req.country, usualCountry(history.countries), settings.geo),
        nightRule(req.amount, now, settings.night),
        sanctionedRule(req.recipientId, sanctioned, settings.sanctioned),
      ],
      settings.thresholds,
    );
  }

  /**
   * The verdict, its case and the country seen, atomically. An ALLOW without a country is one
   * statement, sent without BEGIN and COMMIT: it is atomic by itself.
   */
  async function persist(req: ScoreRequest, verdict: Verdict): Promise<ScoringRow | undefined> {
    const caseId = verdict.decision === "ALLOW" ? null : Bun.randomUUIDv7();
    const learnsCountry = req.country !== null && verdict.decision !== "BLOCK";
    const write = async (tx: Executor) => {
      const [row] = await insertScoring(tx, {
        transactionId: req.transactionId,
        userId: req.userId,
        recipientId: req.recipientId,
        amount: req.amount,
        transactionType: req.transactionType,
        country: req.country,
        decision: verdict.decision,
        score: verdict.score,
        rulesFired: verdict.rulesFired,
        reason: verdict.reason,
        caseId,
      });
      // A concurrent call for the same transaction stored its verdict first.
      if (!row) return undefined;
      if (caseId) {
        const blocked = verdict.decision === "BLOCK";
        await tx.insert(fraudCases).values({
          id: caseId,
          transactionId: req.transactionId,
          userId: req.userId,
          recipientId: req.recipientId,
          amount: req.amount,
          decision: verdict.decision,
          score: verdict.score,
          rulesFired: verdict.rulesFired,
          reason: verdict.reason,
          // The engine closes BLOCK cases itself: the transfer fails at once, nothing is held.
          status: blocked ? "REVIEWED" : "OPEN",
          outcome: blocked ? "BLOCKED" : null,
          reviewedAt: blocked ? row.createdAt : null,
          settledAt: blocked ? row.createdAt : null,
        });
      }
      // Blocked attempts do not teach the usual country: repeated fraud attempts could shift it.
      if (learnsCountry) await recordCountry(tx, req.userId, req.country!);
      return row;
    };
    return caseId || learnsCountry ? db.transaction(write) : write(db);
  }

  return {
    /**
     * A retry is rare, so the stored verdict is not looked up first: the insert of a second
     * scoring for a transaction finds the first one, which is then the answer (the velocity
     * window counts a transaction once, however often it is scored).
     */
    async score(req: ScoreRequest): Promise<ScoreResponse> {
      const verdict = await evaluate(req, deps.clock.now());
      const inserted = await persist(req, verdict);
      if (!inserted) {
        const winner = await storedScoring(req.transactionId);
        if (!winner) throw new AppError("INTERNAL", "Scoring vanished after being stored");
        return replay(winner, req);
      }
      await releaseIfBlocked(inserted);
      return toResponse(inserted);
    },
  };
}
export type Scoring = ReturnType<typeof createScoring>;
