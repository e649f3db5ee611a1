import { z } from "zod";
import { id } from "../money.ts";

/** Events of the social service (stream SOCIAL); actorId is the user who acted. */
export const socialEvents = {
  "social.contact_added": z.object({ ownerId: id, contactId: id }),
  "social.contact_removed": z.object({ ownerId: id, contactId: id }),
} as const;
