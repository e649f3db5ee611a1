import { connect, type NatsConnection } from "nats";
import { fraudContract } from "../../proto-like-schemas/fraud.ts";
import type { EventData } from "../../proto-like-schemas/events/index.ts";
import { rpcClient } from "../../shared/rpc/client.ts";
import { getInfra } from "../../tests/harness/infra.ts";
import { startService } from "../../tests/harness/services.ts";
import type { Clock } from "./clock.ts";
import { createFraudService } from "./main.ts";

/** Helpers shared by the fraud service's tests (real service, real NATS, Postgres and Redis). */

export interface TestClock extends Clock {
  set(at: Date): void;
  advance(ms: number): void;
}

export function testClock(start: Date): TestClock {
  let t = start.getTime();
  return { now: () => new Date(t), set: (at) => void (t = at.getTime()), advance: (ms) => void (t += ms) };
}

/** Noon UTC: outside the night window, so the night rule stays quiet unless a test moves the clock. */
export const NOON = new Date(Date.UTC(2030, 5, 14, 12, 0, 0));

export async function startFraud(opts: { clock?: Clock; env?: Record<string, string> } = {}) {
  const svc = await startService(createFraudService({ clock: opts.clock ?? testClock(NOON) }), opts.env ?? {});
  const nc: NatsConnection = await connect({ servers: (await getInfra()).natsUrl });
  const fraud = rpcClient(nc, fraudContract, 10_000);
  return {
    svc,
    nc,
    fraud,
    async stop() {
      await nc.close();
      await svc.stop();
    },
  };
}
export type RunningFraud = Awaited<ReturnType<typeof startFraud>>;

export const newId = () => crypto.randomUUID();

/** A score request with fresh ids and a small amount; override what the test is about. */
export const scoreRequest = (over: Partial<Parameters<RunningFraud["fraud"]["score"]>[0]> = {}) => ({
  transactionId: newId(),
  userId: newId(),
  recipientId: newId(),
  amount: 1_000,
  currency: "USD" as const,
  ...over,
});

/** Publishes an event envelope to JetStream the way the outbox relay does (Nats-Msg-Id = msgId). */
export { publishEvent } from "../../shared/testing/events.ts";
import { completedTransfer } from "../../shared/testing/events.ts";

/** A transaction.completed payload (a TRANSFER unless told otherwise); fraud's tests always name the sender and amount. */
export const completed = (over: Partial<EventData<"transaction.completed">> & { senderId: string; amount: number }) => completedTransfer(over);
