import type { Context } from "hono";
import { AppError, isOutage, unavailableIfConnectionLost } from "../../shared/errors.ts";
import type { AppEnv } from "../../shared/http/app.ts";
import { PROBLEM_CONTENT_TYPE, problemFromError, problemResponse } from "../../shared/http/problem.ts";
import type { Logger } from "../../shared/log.ts";
import { currentTraceId } from "../../shared/telemetry.ts";
import { requestFingerprint } from "./domain/fingerprint.ts";
import { isUuid } from "../../shared/ids.ts";
import type { Disposition } from "./domain/outcome.ts";
import { IDEMPOTENCY_HEADER, type Claim, type Idempotency, type StoredResponse } from "./idempotency.ts";
import { NotYetError, type Result } from "./payments.ts";
import { toTransaction } from "./view.ts";


const keyError = (message: string) => new AppError("INVALID_ARGUMENT", `${IDEMPOTENCY_HEADER} header ${message}`, { fieldErrors: [{ field: IDEMPOTENCY_HEADER, message }] });

/** The Idempotency-Key header: required, and a UUID (a browser sends crypto.randomUUID()). */
export function readIdempotencyKey(c: Context<AppEnv>): string {
  const raw = c.req.header(IDEMPOTENCY_HEADER)?.trim();
  if (!raw) throw keyError("is required");
  if (!isUuid(raw)) throw keyError("must be a UUID");
  return raw.toLowerCase();
}

const send = (response: StoredResponse, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(response.body), {
    status: response.status,
    headers: { "content-type": response.status >= 400 ? PROBLEM_CONTENT_TYPE : "application/json", ...headers },
  });

/** Failures of ours before anything was written: the key is freed so the same request can try again. */
const retryable = (err: AppError) => err instanceof NotYetError || isOutage(err);

export interface IdempotentRequest {
  path: string;
  /** The validated, normalised body: what the key is bound to. */
  body: unknown;
  run(claim: Claim): Promise<Result>;
}

export interface KeyedRun {
  userId: string;
  key: string;
  fingerprint: string;
  run(claim: Claim): Promise<Result>;
  /** The viewer of the transaction in a success body (the sender for requests made on their behalf). */
  viewerId: string;
  /**
   * Once a transaction exists, its end is final for the key, even a failure a person could
   * simply retry (fraud screening down): for a payment whose outcome others learn from the
   * transaction's own events (a money request), trying again would pay what was already
   * announced as failed.
   */
  finalOnceCreated?: boolean;
  problem(err: AppError): unknown;
}

export interface KeyedOutcome {
  response: StoredResponse;
  headers?: Record<string, string>;
  /** The answer is about what an earlier request with the key did: its stored answer, or the transaction it created. */
  replayed: boolean;
  /** How the key was left: "retry" means nothing was recorded, and the same key is to be sent again. */
  disposition: Disposition;
}

/** The answer was known but could not be stored under the key: a retry with the key gets it. */
const unrecorded = () =>
  new AppError("UNAVAILABLE", `A database connection was lost while the answer was being recorded. Retry with the same ${IDEMPOTENCY_HEADER} to get it.`, { headers: { "retry-after": "1" } });

/**
 * Runs a money-moving request under its idempotency key, whoever asks (an HTTP client, a
 * consumer, another service): replays a finished answer, refuses a different request (422) or a
 * concurrent one (409), and otherwise runs it and records the answer as its outcome dictates
 * (see Disposition).
 */
export async function executeIdempotent(idempotency: Idempotency, log: Logger, req: KeyedRun): Promise<KeyedOutcome> {
  const begun = await idempotency.begin(req.userId, req.key, req.fingerprint);
  if (begun.kind === "replay") return { response: begun.response, replayed: true, disposition: "final" };

  const { claim } = begun;
  // Set when an earlier request with the key created a transaction (this one took the key over).
  const earlier = claim.transactionId;
  let response: StoredResponse;
  let disposition: Disposition;
  let headers: Record<string, string> | undefined;
  let replayed = false;
  try {
    const { answer, row } = await req.run(claim);
    replayed = earlier !== null && row?.id === earlier;
    if (answer.kind === "success") {
      response = { status: answer.httpStatus, body: toTransaction(row!, req.viewerId) };
      disposition = "final";
    } else {
      const details = row ? { transactionId: row.id, transactionStatus: row.status } : undefined;
      response = { status: answer.httpStatus, body: req.problem(new AppError(answer.code, answer.message, { status: answer.httpStatus, details })) };
      disposition = answer.disposition === "retry" && row && req.finalOnceCreated ? "final" : answer.disposition;
    }
  } catch (thrown) {
    const err = unavailableIfConnectionLost(thrown) ?? thrown;
    if (!(err instanceof AppError)) {
      // Unexpected: keep the key bound to the transaction if one exists (a retry settles it), else free it.
      await idempotency.record(claim, claim.transactionId ? "unknown" : "retry").catch((e) => log.warn("could not let go of idempotency claim", { error: (e as Error).message }));
      throw err;
    }
    response = { status: err.status, body: req.problem(err) };
    headers = err.headers;
    disposition = claim.transactionId ? "unknown" : retryable(err) ? "retry" : "final";
  }
  if (await idempotency.record(claim, disposition, response)) return { response, headers, replayed, disposition };
  // Unknown and retry answers already tell the caller to come back with the key. A final one
  // that is not stored must not be given either: if its request then died, the key would run
  // again after the in-flight timeout and could answer otherwise.
  if (disposition !== "final") return { response, headers, replayed, disposition };
  const err = unrecorded();
  return { response: { status: err.status, body: req.problem(err) }, headers: err.headers, replayed: false, disposition: "retry" };
}

/** executeIdempotent for an HTTP request carrying an Idempotency-Key header. */
export async function runIdempotent(c: Context<AppEnv>, idempotency: Idempotency, log: Logger, req: IdempotentRequest): Promise<Response> {
  const user = c.get("user");
  const outcome = await executeIdempotent(idempotency, log, {
    userId: user.id,
    key: readIdempotencyKey(c),
    fingerprint: requestFingerprint("POST", req.path, req.body),
    run: req.run,
    viewerId: user.id,
    problem: (err) => problemFromError(err, { instance: c.req.path, requestId: c.get("requestId"), traceId: currentTraceId() }),
  });
  if (outcome.replayed) return send(outcome.response, { "idempotent-replayed": "true" });
  return outcome.response.status >= 400 ? problemResponse(outcome.response.body as never, outcome.headers) : send(outcome.response);
}
