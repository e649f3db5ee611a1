import { z } from "zod";

/** The one envelope every event travels in. */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[a-z]+\.[a-z_]+$/),
  occurredAt: z.iso.datetime({ offset: true }),
  producer: z.string().min(1),
  actorId: z.string().nullable(),
  subjectUserIds: z.array(z.string()),
  traceparent: z.string().nullable(),
  data: z.unknown(),
});
export type Envelope<D = unknown> = Omit<z.infer<typeof envelopeSchema>, "data"> & { data: D };

/** Event schemas by type, e.g. { "auth.user_registered": z.object(...) }. */
export type EventCatalog = Record<string, z.ZodType>;

export const domainOf = (type: string): string => type.slice(0, type.indexOf("."));
export const subjectOf = (type: string): string => `events.${type}`;
export const streamOf = (domain: string): string => domain.toUpperCase();
export const domainSubjects = (domain: string): string => `events.${domain}.>`;
