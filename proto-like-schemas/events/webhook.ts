import { z } from "zod";
import { id } from "../money.ts";

/** Events of the webhook service (stream WEBHOOK); actorId is the endpoint's owner unless stated. */
export const webhookEvents = {
  "webhook.endpoint_created": z.object({ endpointId: id, userId: id, url: z.string(), eventTypes: z.array(z.string()) }),
  "webhook.endpoint_deleted": z.object({ endpointId: id, userId: id }),
  "webhook.secret_rotated": z.object({ endpointId: id, userId: id }),
  /** Disabled by the system: the receiver answered 410 or kept failing for days. actorId is null. */
  "webhook.endpoint_disabled": z.object({ endpointId: id, userId: id, url: z.string(), reason: z.enum(["GONE", "FAILING"]) }),
} as const;
