import type { Context } from "hono";
import { AppError } from "../../shared/errors.ts";
import type { AppEnv } from "../../shared/http/app.ts";
import { PROBLEM_CONTENT_TYPE, problemFromError, problemResponse } from "../../shared/http/problem.ts";
import type { Logger } from "../../shared/log.ts";
import { currentTraceId } from "../../shared/telemetry.ts";
import { requestFingerprint } from "./domain/fingerprint.ts";
import { isUuid } from "./domain/ids.ts";
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
const retryable = (err: AppError) => err instanceof NotYetError || err.code === "UNAVAILABLE" || err.code === "DEADLINE_EXCEEDED";

export interface IdempotentRequest {
  path: string;
  /** The validated, normalised body: what the key is bound to. */
  body: unknown;
  run(claim: Claim): Promise<Result>;
}

/**
 * Runs a money-moving POST under its Idempotency-Key: replays a finished answer (with
 * Idempotent-Replayed: true), refuses a different request (422) or a concurrent one (409), and
 * otherwise runs it and records the answer as its outcome dictates (see Disposition).
 */
export async function runIdempotent(c: Context<AppEnv>, idempotency: Idempotency, log: Logger, req: IdempotentRequest): Promise<Response> {
  const user = c.get("user");
  const key = readIdempotencyKey(c);
  const fingerprint = requestFingerprint("POST", req.path, req.body);
  const begun = await idempotency.begin(user.id, key, fingerprint);
  if (begun.kind === "replay") return send(begun.response, { "idempotent-replayed": "true" });

  const { claim } = begun;
  const problem = (err: AppError) => problemFromError(err, { instance: c.req.path, requestId: c.get("requestId"), traceId: currentTraceId() });
  let response: StoredResponse;
  let disposition: Disposition;
  let headers: Record<string, string> | undefined;
  try {
    const { answer, row } = await req.run(claim);
    if (answer.kind === "success") {
      response = { status: answer.httpStatus, body: toTransaction(row!, user.id) };
      disposition = "final";
    } else {
      const details = row ? { transactionId: row.id, transactionStatus: row.status } : undefined;
      response = { status: answer.httpStatus, body: problem(new AppError(answer.code, answer.message, { status: answer.httpStatus, details })) };
      disposition = answer.disposition;
    }
  } catch (err) {
    if (!(err instanceof AppError)) {
      // Unexpected: keep the key bound to the transaction if one exists (a retry settles it), else free it.
      await (claim.transactionId ? idempotency.detach(claim) : idempotency.release(claim)).catch((e) => log.warn("could not let go of idempotency claim", { error: (e as Error).message }));
      throw err;
    }
    response = { status: err.status, body: problem(err) };
    headers = err.headers;
    disposition = claim.transactionId ? "unknown" : retryable(err) ? "retry" : "final";
  }
  if (disposition === "final") await idempotency.finish(claim, fingerprint, response);
  else if (disposition === "unknown") await idempotency.detach(claim);
  else await idempotency.release(claim);
  return response.status >= 400 ? problemResponse(response.body as never, headers) : send(response);
}
