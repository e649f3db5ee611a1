import { and, desc, eq, gte, ilike, inArray, isNull, lt, lte, ne, or, sql, type SQL, type WithSubquery } from "drizzle-orm";
import type { TierLimits } from "../../proto-like-schemas/kyc.ts";
import type { Executor } from "../../shared/db/connect.ts";
import { hotStatement } from "../../shared/db/statement.ts";
import { AppError } from "../../shared/errors.ts";
import { transactions } from "./db/schema.ts";
import type { Cursor } from "../../shared/query/keyset-cursor.ts";
import { checkDepositLimits, checkTransferLimits, describeBreach, utcDayStart, utcMonthStart, type LimitBreach, type LimitKind, type Usage } from "./domain/limits.ts";
import type { TimeRange } from "../../shared/query/time-range.ts";
import { escapeLike } from "./domain/like.ts";
import { assertTransition, COUNTED_STATUSES, type Status } from "./domain/state-machine.ts";

export type TxnRow = typeof transactions.$inferSelect;
export type NewTxn = Omit<typeof transactions.$inferInsert, "id" | "createdAt" | "updatedAt">;

/** Fields a status change may set along with the status. */
export type TransitionPatch = Partial<Pick<TxnRow, "statusReason" | "statusDetail" | "fraudDecision" | "fraudScore" | "fraudRules" | "fraudCaseId" | "heldAt" | "reversedBy">>;

/** Namespace of this service's advisory locks (the second key is a hash of the user id). */
const LIMITS_LOCK_CLASS = 4003;

/** The guarded UPDATE matched nothing: someone else moved the transaction first. */
export class StaleTransitionError extends AppError {
  constructor(id: string, from: Status, to: Status) {
    super("CONFLICT", `Transaction ${id} is no longer ${from}; it cannot move to ${to}`);
    this.name = "StaleTransitionError";
  }
}

export async function loadTransaction(db: Executor, id: string): Promise<TxnRow | undefined> {
  const [row] = await db.select().from(transactions).where(eq(transactions.id, id)).limit(1);
  return row;
}

/** The guarded UPDATE of a status change, returning the row; `at` dates the change (default: the database's now()). */
function transitionUpdate(ex: Executor, id: string, from: Status, to: Status, patch: TransitionPatch, at?: Date) {
  assertTransition(from, to);
  const when = at ?? sql`now()`;
  return ex
    .update(transactions)
    .set({
      ...patch,
      status: to,
      updatedAt: when,
      sweptAt: null,
      ...(to === "PROCESSING" ? { processingAt: when } : {}),
      ...(to === "COMPLETED" ? { completedAt: when } : {}),
    })
    .where(and(eq(transactions.id, id), eq(transactions.status, from)))
    .returning();
}

/** What the fraud screening decided, recorded when money is about to move. */
export type FraudVerdict = Pick<TxnRow, "fraudScore" | "fraudRules" | "fraudCaseId"> & { fraudDecision: "ALLOW" };

// On every transfer's path; built once (see hotStatement).
const markProcessing = hotStatement<{ id: string; score: number | null; rules: string; caseId: string | null }, TxnRow[]>("transaction processing", (ex) =>
  ex
    .update(transactions)
    .set({
      status: "PROCESSING",
      fraudDecision: "ALLOW",
      fraudScore: sql`${sql.placeholder("score")}::int`,
      fraudRules: sql`${sql.placeholder("rules")}::jsonb`,
      fraudCaseId: sql`${sql.placeholder("caseId")}::text`,
      updatedAt: sql`now()`,
      processingAt: sql`now()`,
      sweptAt: null,
    })
    .where(and(eq(transactions.id, sql.placeholder("id")), eq(transactions.status, "PENDING")))
    .returning(),
);

/** PENDING → PROCESSING with the screening's ALLOW: the transition that comes before the money moves. */
export async function startProcessing(ex: Executor, id: string, fraud: FraudVerdict): Promise<TxnRow> {
  assertTransition("PENDING", "PROCESSING");
  const [row] = await markProcessing(ex, { id, score: fraud.fraudScore, rules: JSON.stringify(fraud.fraudRules), caseId: fraud.fraudCaseId });
  if (!row) throw new StaleTransitionError(id, "PENDING", "PROCESSING");
  return row;
}

/**
 * The one way a status changes: UPDATE … WHERE id = $id AND status = $from. Zero rows matched is
 * an error, never silently ignored; callers that expect races catch StaleTransitionError.
 */
export async function transition(tx: Executor, id: string, from: Status, to: Status, patch: TransitionPatch = {}): Promise<TxnRow> {
  const [row] = await transitionUpdate(tx, id, from, to, patch);
  if (!row) throw new StaleTransitionError(id, from, to);
  return row;
}

/** Statements that go with a write in one round trip, and the condition under which it counts. */
export interface Alongside {
  ctes: WithSubquery[];
  /** Rows come back only where this holds; the caller then knows the statement did all it should. */
  condition: SQL;
}

/**
 * transition() and its events in one statement, so the change needs no transaction of its own:
 * `announce` gets the condition "the row moved" for its outbox insert, and the change is dated
 * `at`, which the events can then carry.
 */
export async function transitionAnnounced(ex: Executor, id: string, from: Status, to: Status, patch: TransitionPatch, at: Date, announce: (moved: SQL) => WithSubquery): Promise<TxnRow> {
  const next = ex.$with("next").as(transitionUpdate(ex, id, from, to, patch, at));
  const [row] = await ex.with(next, announce(sql`exists (select 1 from next)`)).select().from(next);
  if (!row) throw new StaleTransitionError(id, from, to);
  return row;
}

/** Holds in a statement with completionOfProcessing(): the transaction moved. */
export const MOVED = sql`exists (select 1 from next)`;

/**
 * PROCESSING → COMPLETED at the placeholder `at` as CTE "next", for a statement built once that
 * also writes its event where MOVED holds (nothing but a status change can alter a row in PROCESSING).
 */
export function completionOfProcessing(ex: Executor) {
  assertTransition("PROCESSING", "COMPLETED");
  const at = sql`${sql.placeholder("at")}::timestamptz`;
  return ex.$with("next").as(
    ex
      .update(transactions)
      .set({ status: "COMPLETED", updatedAt: at, completedAt: at, sweptAt: null })
      .where(and(eq(transactions.id, sql.placeholder("id")), eq(transactions.status, "PROCESSING")))
      .returning(),
  );
}

/** A REVIEW decision is written before the hold is asked for, so a sweeper knows to ask again. */
export async function recordReviewDecision(tx: Executor, id: string, fraud: Pick<TxnRow, "fraudScore" | "fraudRules" | "fraudCaseId">): Promise<TxnRow> {
  const [row] = await tx
    .update(transactions)
    .set({ ...fraud, fraudDecision: "REVIEW", updatedAt: sql`now()` })
    .where(and(eq(transactions.id, id), eq(transactions.status, "PENDING"), isNull(transactions.fraudDecision)))
    .returning();
  if (!row) throw new StaleTransitionError(id, "PENDING", "PENDING");
  return row;
}

/** The wallet confirmed the hold: the transfer now waits for a reviewer (status stays PENDING). */
export async function recordHeld(tx: Executor, id: string): Promise<TxnRow> {
  const [row] = await tx
    .update(transactions)
    .set({ heldAt: sql`now()`, statusReason: "FRAUD_REVIEW", statusDetail: null, updatedAt: sql`now()`, sweptAt: null })
    .where(and(eq(transactions.id, id), eq(transactions.status, "PENDING"), eq(transactions.fraudDecision, "REVIEW"), isNull(transactions.heldAt)))
    .returning();
  if (!row) throw new StaleTransitionError(id, "PENDING", "PENDING");
  return row;
}

export async function markSwept(db: Executor, id: string): Promise<void> {
  await db.update(transactions).set({ sweptAt: sql`now()` }).where(eq(transactions.id, id));
}

/** Unsettled transactions nobody has touched for `staleAfterS`: stuck ones before held ones, oldest first. */
export async function findStale(db: Executor, staleAfterS: number, batch: number): Promise<TxnRow[]> {
  return db
    .select()
    .from(transactions)
    .where(and(inArray(transactions.status, ["PENDING", "PROCESSING"]), sql`coalesce(${transactions.sweptAt}, ${transactions.updatedAt}) < now() - make_interval(secs => ${staleAfterS})`))
    .orderBy(sql`${transactions.heldAt} is not null`, transactions.updatedAt)
    .limit(batch);
}

function limitError(breach: LimitBreach, amount: number): AppError {
  return new AppError("LIMIT_EXCEEDED", describeBreach(breach, amount), {
    details: { limit: breach.limit, used: breach.used, remaining: breach.remaining, window: breach.window, resetsAt: breach.resetsAt?.toISOString() ?? null },
  });
}

/** What the sender's counted transactions of one kind add up to today and since `since`; one per kind. */
const usageOf = (deposit: boolean) =>
  hotStatement<{ senderId: string; day: string; since: string }, { day: number; month: number }[]>(deposit ? "deposit usage" : "transfer usage", (ex) =>
    ex
      .select({
        day: sql<number>`coalesce(sum(${transactions.amount}) filter (where ${transactions.createdAt} >= ${sql.placeholder("day")}::timestamptz), 0)`.mapWith(Number),
        month: sql<number>`coalesce(sum(${transactions.amount}), 0)`.mapWith(Number),
      })
      .from(transactions)
      .where(
        and(
          eq(transactions.senderId, sql.placeholder("senderId")),
          deposit ? eq(transactions.type, "TOPUP") : ne(transactions.type, "TOPUP"),
          inArray(transactions.status, [...COUNTED_STATUSES]),
          sql`${transactions.createdAt} >= ${sql.placeholder("since")}::timestamptz`,
        ),
      ),
  );
const depositUsage = usageOf(true);
const transferUsage = usageOf(false);

/**
 * What the sender has used of one kind's limits at `now`: counted transactions of the UTC day and,
 * for transfers, of the UTC month. The limit check and the allowance a user reads both use this.
 */
export async function usedOf(ex: Executor, senderId: string, kind: LimitKind, now: Date): Promise<Usage> {
  const day = utcDayStart(now);
  const since = kind === "deposit" ? day : utcMonthStart(now);
  const [usage] = await (kind === "deposit" ? depositUsage : transferUsage)(ex, { senderId, day: day.toISOString(), since: since.toISOString() });
  return { day: usage?.day ?? 0, month: usage?.month ?? 0 };
}

/** The columns a new transaction is written with (null where it has none); the others keep their defaults. */
const NEW_ROW_COLUMNS = ["id", "type", "status", "senderId", "recipientId", "amount", "description", "category", "merchant", "requestId", "splitId", "processingAt", "createdAt"] as const;
export type NewRow = NewTxn & { id: string; createdAt: Date };
const rowPlaceholder = (column: string) => `row_${column}`;

/**
 * The insert of a new transaction as CTE "inserted", every column a placeholder: for a statement
 * built once (see hotStatement), with the values from newRowValues().
 */
export function insertNewRow(ex: Executor) {
  // Bare placeholders (not bound to their columns' encoders, which cannot take a null): values go to the driver as given.
  const values = Object.fromEntries(NEW_ROW_COLUMNS.map((c) => [c, sql`${sql.placeholder(rowPlaceholder(c))}`])) as unknown as typeof transactions.$inferInsert;
  return ex.$with("inserted").as(ex.insert(transactions).values(values).returning());
}

export const newRowValues = (row: NewRow): Record<string, unknown> =>
  Object.fromEntries(NEW_ROW_COLUMNS.map((c) => [rowPlaceholder(c), row[c] instanceof Date ? row[c].toISOString() : (row[c] ?? null)]));

/**
 * Inserts a transaction if it fits the sender's limits. A per-user advisory lock serialises the
 * check and the insert, and usage is summed from this table (counted statuses only), so
 * concurrent requests can never together pass the limit, and a failed transaction frees its
 * amount. A breach throws LIMIT_EXCEEDED and inserts nothing. `insert` writes the row (with
 * whatever goes with it); when it returns nothing, the caller must roll back.
 */
export async function insertWithinLimits(tx: Executor, input: NewTxn & { id: string }, limits: TierLimits, insert: (ex: Executor, row: NewRow) => Promise<TxnRow | undefined>): Promise<TxnRow | undefined> {
  await tx.execute(sql`select pg_advisory_xact_lock(${LIMITS_LOCK_CLASS}, hashtext(${input.senderId}))`);
  const now = new Date();
  const deposit = input.type === "TOPUP";
  const used = await usedOf(tx, input.senderId, deposit ? "deposit" : "transfer", now);
  const breach = deposit ? checkDepositLimits(limits, used, input.amount, now) : checkTransferLimits(limits, used, input.amount, now);
  if (breach) throw limitError(breach, input.amount);
  return insert(tx, { ...input, createdAt: now });
}

/**
 * Records a payment refused before it could start (limits, frozen wallet, recipient gone) for a
 * payment the user did not ask for over HTTP, so the refusal exists as a FAILED transaction its
 * event can point to. The id is derived from what was paid: a second refusal inserts nothing.
 */
export async function insertRefusal(tx: Executor, input: Omit<NewTxn, "status"> & { id: string; statusReason: string; statusDetail: string }): Promise<TxnRow | undefined> {
  const [row] = await tx.insert(transactions).values({ ...input, status: "FAILED" }).onConflictDoNothing().returning();
  return row;
}

export interface ListQuery {
  /** Restrict to one user's transactions; `hideFailedIncoming` keeps a sender's failures private. */
  party?: { userId: string; direction: "sent" | "received" | "all"; hideFailedIncoming: boolean };
  type?: TxnRow["type"];
  status?: Status;
  range?: TimeRange;
  minAmount?: number;
  maxAmount?: number;
  q?: string;
  cursor?: Cursor;
  limit: number;
}

/**
 * Newest first, keyset-paginated on (created_at, id). A user's list is two index range scans
 * (as sender, as recipient) merged here, rather than one OR that cannot use either index in order.
 */
export async function listTransactions(db: Executor, q: ListQuery): Promise<{ rows: TxnRow[]; hasMore: boolean }> {
  const t = transactions;
  const common: (SQL | undefined)[] = [
    q.type ? eq(t.type, q.type) : undefined,
    q.status ? eq(t.status, q.status) : undefined,
    q.range?.from ? gte(t.createdAt, q.range.from) : undefined,
    q.range?.before ? lt(t.createdAt, q.range.before) : undefined,
    q.minAmount !== undefined ? gte(t.amount, q.minAmount) : undefined,
    q.maxAmount !== undefined ? lte(t.amount, q.maxAmount) : undefined,
    q.q ? or(ilike(t.description, `%${escapeLike(q.q)}%`), ilike(t.merchant, `%${escapeLike(q.q)}%`)) : undefined,
    q.cursor ? sql`(${t.createdAt}, ${t.id}) < (${q.cursor.createdAt.toISOString()}::timestamptz, ${q.cursor.id}::uuid)` : undefined,
  ];
  const page = (...conds: (SQL | undefined)[]) =>
    db
      .select()
      .from(t)
      .where(and(...common, ...conds))
      .orderBy(desc(t.createdAt), desc(t.id))
      .limit(q.limit + 1);

  let rows: TxnRow[];
  if (!q.party) {
    rows = await page();
  } else {
    const { userId, direction, hideFailedIncoming } = q.party;
    const [sent, received] = await Promise.all([
      direction === "received" ? [] : page(eq(t.senderId, userId)),
      direction === "sent" ? [] : page(eq(t.recipientId, userId), hideFailedIncoming ? ne(t.status, "FAILED") : undefined),
    ]);
    rows = [...sent, ...received].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }
  const hasMore = rows.length > q.limit;
  return { rows: rows.slice(0, q.limit), hasMore };
}
