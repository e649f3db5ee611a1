import type { EventData } from "../../proto-like-schemas/events/index.ts";
import type { Transaction } from "../../shared/db/connect.ts";
import type { EventHandler } from "../../shared/events/consumer.ts";
import { gatherInTransaction } from "../../shared/events/gather.ts";
import type { Envelope } from "../../shared/events/envelope.ts";
import { CONSUMED_TYPES, draftsFor, peopleIn, type Consumed, type Draft } from "./domain/messages.ts";
import { renderMail } from "./domain/mail-templates.ts";
import { enqueueMails } from "./mails.ts";
import { emailDisabled, namesOf, rememberUser, renameUser } from "./people.ts";
import { insertNotifications, toView, type Drafted, type NotificationView } from "./store.ts";

export interface NotifyDeps {
  /** Links in e-mails point at the web pages here. */
  publicBaseUrl: string;
  /** After commit: push the new notifications to whichever replica holds each user's stream. */
  publishLive(views: NotificationView[]): void;
  /** After commit: start sending queued e-mails now rather than at the next poll. */
  wakeMailSender(): void;
}

/**
 * Turns the events of one consumer transaction into their notifications (and queued e-mails),
 * inside that transaction, which also holds their inbox rows: a redelivered event changes nothing.
 * Four statements however many events the batch holds.
 */
export async function notifyAll(deps: NotifyDeps, events: Envelope<EventData<Consumed>>[], tx: Transaction, afterCommit: (fn: () => void) => void): Promise<void> {
  const names = await namesOf(tx, [...new Set(events.flatMap((e) => peopleIn(e.data as Record<string, unknown>)))]);
  const drafted: Drafted[] = events.flatMap((event) => {
    const source = { eventId: event.id, occurredAt: new Date(event.occurredAt) };
    return draftsFor(event.type as Consumed, event.data, (id) => names.get(id) ?? null).map((draft: Draft) => ({ source, draft }));
  });
  const created = await insertNotifications(tx, drafted);
  if (created.length === 0) return;

  const withMail = drafted.filter((d) => d.draft.mail);
  const optedOut = await emailDisabled(tx, [...new Set(withMail.map((d) => d.draft.userId))]);
  const queued = withMail.flatMap(({ source, draft }) => {
    const row = created.find((c) => c.userId === draft.userId && c.sourceEventId === source.eventId);
    return row && !optedOut.has(draft.userId) ? [{ notificationId: row.id, userId: draft.userId, template: draft.mail!.template, mail: renderMail(draft.mail!, deps.publicBaseUrl) }] : [];
  });
  await enqueueMails(tx, queued);

  const views = created.map(toView);
  afterCommit(() => deps.publishLive(views));
  if (queued.length) afterCommit(() => deps.wakeMailSender());
}

type Handlers = { [T in Consumed]: EventHandler<EventData<T>> };

/** The notifications row of the consumption table: every event but a new name notifies; sign-up and a new name also record the user. */
export function notificationsConsumers(deps: NotifyDeps): Handlers {
  // The events of one consumer transaction, notified together just before it commits.
  const notify = gatherInTransaction<Envelope<EventData<Consumed>>>((events, tx, hooks) => notifyAll(deps, events, tx, (fn) => hooks.afterCommit(fn)));
  const handlers = {} as Record<Consumed, EventHandler<any>>;
  for (const type of CONSUMED_TYPES) handlers[type] = async (event, tx, hooks) => notify(event, tx, hooks);
  handlers["auth.user_registered"] = async (event: Envelope<EventData<"auth.user_registered">>, tx, hooks) => {
    await rememberUser(tx, { userId: event.data.userId, email: event.data.email, name: event.data.name });
    notify(event, tx, hooks);
  };
  // The verified address is the one to write to; it also fills the copy for users registered before this service ran.
  handlers["auth.user_verified"] = async (event: Envelope<EventData<"auth.user_verified">>, tx, hooks) => {
    await rememberUser(tx, { userId: event.data.userId, email: event.data.email });
    notify(event, tx, hooks);
  };
  // A renamed user is named by their new name in everything notified from now on (the copy of the
  // name is this service's, so without this it would keep the one they registered with).
  handlers["auth.profile_updated"] = async (event: Envelope<EventData<"auth.profile_updated">>, tx, hooks) => {
    await renameUser(tx, event.data.userId, event.data.name);
    notify(event, tx, hooks);
  };
  return handlers as Handlers;
}
