import type { EventData } from "../../proto-like-schemas/events/index.ts";
import type { Transaction } from "../../shared/db/connect.ts";
import type { EventHandler } from "../../shared/events/consumer.ts";
import type { Envelope } from "../../shared/events/envelope.ts";
import { CONSUMED_TYPES, draftsFor, peopleIn, type Consumed, type Draft } from "./domain/messages.ts";
import { renderMail } from "./domain/mail-templates.ts";
import { enqueueMails } from "./mails.ts";
import { emailDisabled, namesOf, rememberUser } from "./people.ts";
import { insertNotifications, toView, type NotificationView } from "./store.ts";

export interface NotifyDeps {
  /** Links in e-mails point at the web pages here. */
  publicBaseUrl: string;
  /** After commit: push the new notifications to whichever replica holds each user's stream. */
  publishLive(views: NotificationView[]): void;
  /** After commit: start sending queued e-mails now rather than at the next poll. */
  wakeMailSender(): void;
}

/**
 * Turns one event into its notifications (and queued e-mails) inside the consumer's transaction,
 * which also holds the inbox row: a redelivered event changes nothing.
 */
export async function notify<T extends Consumed>(deps: NotifyDeps, event: Envelope<EventData<T>>, tx: Transaction, afterCommit: (fn: () => void) => void): Promise<void> {
  const data = event.data as Record<string, unknown>;
  const names = await namesOf(tx, peopleIn(data));
  const drafts: Draft[] = draftsFor(event.type as T, event.data, (id) => names.get(id) ?? null);
  const created = await insertNotifications(tx, { eventId: event.id, occurredAt: new Date(event.occurredAt) }, drafts);
  if (created.length === 0) return;

  const withMail = drafts.filter((d) => d.mail);
  const optedOut = await emailDisabled(tx, withMail.map((d) => d.userId));
  const queued = withMail.flatMap((d) => {
    const row = created.find((c) => c.userId === d.userId);
    return row && !optedOut.has(d.userId) ? [{ notificationId: row.id, userId: d.userId, template: d.mail!.template, mail: renderMail(d.mail!, deps.publicBaseUrl) }] : [];
  });
  await enqueueMails(tx, queued);

  const views = created.map(toView);
  afterCommit(() => deps.publishLive(views));
  if (queued.length) afterCommit(() => deps.wakeMailSender());
}

type Handlers = { [T in Consumed]: EventHandler<EventData<T>> };

/** The notifications row of the consumption table: every event notifies; sign-up also records the user. */
export function notificationsConsumers(deps: NotifyDeps): Handlers {
  const handlers = {} as Record<Consumed, EventHandler<any>>;
  for (const type of CONSUMED_TYPES) {
    handlers[type] = (event, tx, hooks) => notify(deps, event, tx, (fn) => hooks.afterCommit(fn));
  }
  handlers["auth.user_registered"] = async (event: Envelope<EventData<"auth.user_registered">>, tx, hooks) => {
    await rememberUser(tx, { userId: event.data.userId, email: event.data.email, name: event.data.name });
    await notify(deps, event, tx, (fn) => hooks.afterCommit(fn));
  };
  // The verified address is the one to write to; it also fills the copy for users registered before this service ran.
  handlers["auth.user_verified"] = async (event: Envelope<EventData<"auth.user_verified">>, tx, hooks) => {
    await rememberUser(tx, { userId: event.data.userId, email: event.data.email });
    await notify(deps, event, tx, (fn) => hooks.afterCommit(fn));
  };
  return handlers as Handlers;
}
