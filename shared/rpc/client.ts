import { ErrorCode, headers as natsHeaders, NatsError, type NatsConnection } from "nats";
import type { z } from "zod";
import { AppError, invalidArgument } from "../errors.ts";
import { injectInto, SpanKind, withSpan, type HeaderBag } from "../telemetry.ts";
import { DEADLINE_HEADER, rpcSubject, type Contract } from "./contract.ts";
import { decode, encode, errorFromReply, type Reply } from "./wire.ts";

export interface CallOptions {
  /** Relative deadline for this call; ignored when `deadline` is given. */
  timeoutMs?: number;
  /** Absolute deadline (epoch ms), e.g. passed on from an incoming call. */
  deadline?: number;
}

export type RpcClient<C extends Contract> = {
  [K in keyof C["methods"]]: (
    request: z.input<C["methods"][K]["request"]>,
    options?: CallOptions,
  ) => Promise<z.output<C["methods"][K]["response"]>>;
};

const RETRY_BASE_MS = 20;
const RETRY_MAX_MS = 250;

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof NatsError) {
    if (err.code === ErrorCode.NoResponders) return new AppError("UNAVAILABLE", "No service is answering");
    if (err.code === ErrorCode.Timeout) return new AppError("DEADLINE_EXCEEDED", "The call did not finish before its deadline");
    if (err.code === ErrorCode.ConnectionClosed || err.code === ErrorCode.ConnectionDraining || err.code === ErrorCode.Disconnect) {
      return new AppError("UNAVAILABLE", "Message bus connection is closed");
    }
  }
  return new AppError("INTERNAL", "RPC transport failed");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A typed client for a contract. Requests are validated before they leave and responses when they
 * arrive. Only methods marked idempotent are retried (with jittered backoff, within the deadline),
 * and only when no responder was there: anything else may already have had an effect.
 */
export function rpcClient<C extends Contract>(nc: NatsConnection, contract: C, defaultDeadlineMs = 2_000): RpcClient<C> {
  const client: Record<string, (req: unknown, opts?: CallOptions) => Promise<unknown>> = {};
  for (const [name, def] of Object.entries(contract.methods)) {
    const subject = rpcSubject(contract.service, name);
    client[name] = (request, opts = {}) =>
      withSpan(`RPC ${contract.service}.${name}`, { kind: SpanKind.CLIENT, attributes: { "rpc.system": "nats", "rpc.service": contract.service, "rpc.method": name } }, async () => {
        const parsed = def.request.safeParse(request);
        if (!parsed.success) throw invalidArgument(parsed.error.issues, `${contract.service}.${name} request`);
        const deadline = opts.deadline ?? Date.now() + (opts.timeoutMs ?? defaultDeadlineMs);
        const payload = encode(parsed.data);
        for (let attempt = 0; ; attempt++) {
          const remaining = deadline - Date.now();
          if (remaining <= 0) throw new AppError("DEADLINE_EXCEEDED", `${contract.service}.${name} did not finish before its deadline`);
          const h = natsHeaders();
          h.set(DEADLINE_HEADER, String(deadline));
          injectInto(h as unknown as HeaderBag);
          try {
            const msg = await nc.request(subject, payload, { timeout: remaining, headers: h });
            const reply = decode(msg.data) as Reply;
            if (!reply || typeof reply !== "object" || !("ok" in reply)) throw new AppError("INTERNAL", "Malformed RPC reply");
            if (!reply.ok) throw errorFromReply(reply);
            const checked = def.response.safeParse(reply.data);
            if (!checked.success) throw new AppError("INTERNAL", `Reply of ${contract.service}.${name} violates its contract`);
            return checked.data;
          } catch (err) {
            const appError = toAppError(err);
            const retriable = def.idempotent && appError.code === "UNAVAILABLE" && err instanceof NatsError;
            if (!retriable) throw appError;
            const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt);
            const wait = backoff / 2 + Math.random() * (backoff / 2);
            if (Date.now() + wait >= deadline) throw appError;
            await sleep(wait);
          }
        }
      });
  }
  return client as RpcClient<C>;
}
