import { headers as natsHeaders, type NatsConnection, type Service, type ServiceMsg } from "nats";
import type { z } from "zod";
import { AppError, invalidArgument, unavailableIfConnectionLost } from "../errors.ts";
import type { Logger } from "../log.ts";
import { extractFrom, SpanKind, withSpan, type HeaderBag } from "../telemetry.ts";
import { DEADLINE_HEADER, rpcSubject, type Contract, type MethodDefinition } from "./contract.ts";
import { decode, encode, errorReply } from "./wire.ts";

export interface CallMeta {
  method: string;
  /** Absolute deadline in epoch ms; handlers that call further services pass it on. */
  deadline: number;
}

export type Handlers<C extends Contract> = {
  [K in keyof C["methods"]]: (
    request: z.output<C["methods"][K]["request"]>,
    meta: CallMeta,
  ) => Promise<z.input<C["methods"][K]["response"]>>;
};

export interface RpcServer {
  /** Stops taking requests and waits for the ones in flight. */
  stop(): Promise<void>;
  readonly inFlight: number;
}

/**
 * Serves a contract through the NATS services API (so $SRV.PING/INFO/STATS work) with the service
 * name as queue group: replicas share the load. Both the request and the response are validated.
 */
export async function serveContract<C extends Contract>(
  nc: NatsConnection,
  contract: C,
  handlers: Handlers<C>,
  log: Logger,
): Promise<RpcServer> {
  const srv: Service = await nc.services.add({
    name: `mint-${contract.service}`,
    version: "1.0.0",
    queue: contract.service,
    description: `Mint ${contract.service} RPC`,
  });
  let inFlight = 0;
  let idle: (() => void) | undefined;

  for (const [name, def] of Object.entries(contract.methods)) {
    const handler = (handlers as Record<string, (req: unknown, meta: CallMeta) => Promise<unknown>>)[name];
    if (!handler) throw new Error(`No handler for RPC method ${contract.service}.${name}`);
    srv.addEndpoint(name, {
      subject: rpcSubject(contract.service, name),
      queue: contract.service,
      handler: (err, msg) => {
        if (err) {
          log.error("rpc endpoint error", { method: name, err });
          return;
        }
        inFlight++;
        void handle(msg, name, def, handler).finally(() => {
          inFlight--;
          if (inFlight === 0) idle?.();
        });
      },
    });
  }

  async function handle(
    msg: ServiceMsg,
    name: string,
    def: MethodDefinition,
    handler: (req: unknown, meta: CallMeta) => Promise<unknown>,
  ): Promise<void> {
    const headers = msg.headers as unknown as HeaderBag | undefined;
    const deadline = Number(msg.headers?.get(DEADLINE_HEADER)) || Date.now() + 2_000;
    await withSpan(`RPC ${contract.service}.${name}`, { kind: SpanKind.SERVER, parent: extractFrom(headers), attributes: { "rpc.system": "nats", "rpc.service": contract.service, "rpc.method": name } }, async (span) => {
      try {
        if (Date.now() >= deadline) throw new AppError("DEADLINE_EXCEEDED", "Deadline passed before the call was handled");
        let body: unknown;
        try {
          body = decode(msg.data);
        } catch {
          throw new AppError("INVALID_ARGUMENT", "Request is not valid JSON");
        }
        const parsed = def.request.safeParse(body);
        if (!parsed.success) throw invalidArgument(parsed.error.issues);
        const result = await handler(parsed.data, { method: name, deadline });
        const checked = def.response.safeParse(result);
        if (!checked.success) {
          log.error("rpc response violates contract", { method: name, issues: checked.error.issues });
          throw new AppError("INTERNAL", `Response of ${contract.service}.${name} violates its contract`);
        }
        msg.respond(encode({ ok: true, data: checked.data }));
      } catch (err) {
        const known = err instanceof AppError ? err : unavailableIfConnectionLost(err);
        if (!known) log.error("rpc handler failed", { method: name, err });
        const appError = known ?? new AppError("INTERNAL", "Internal error");
        span.setAttribute("rpc.error_code", appError.code);
        const h = natsHeaders();
        h.set("Nats-Service-Error", appError.message.slice(0, 200));
        h.set("Nats-Service-Error-Code", String(appError.status));
        msg.respond(encode(errorReply(appError)), { headers: h });
      }
    });
  }

  return {
    get inFlight() {
      return inFlight;
    },
    async stop() {
      await srv.stop().catch(() => {});
      if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
    },
  };
}
