import type { FC } from "hono/jsx";
import type { Contact } from "../../../services/web/clients/social.ts";
import { personName, sinceMonth } from "../../../services/web/domain/social/social-view.ts";
import { Button, LinkButton } from "../../components/button.tsx";
import { CardHead } from "../../components/card-head.tsx";
import { Dialog, DialogOpener } from "../../components/dialog.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { AmountField, CategoryField } from "../../components/payment-fields.tsx";
import { Unavailable } from "../../components/unavailable.tsx";
import type { FormErrors } from "../../types.ts";
import { FormMessage, Input, Origin, PersonAvatar, PersonText, SrOnly } from "./bits.tsx";
import { PeopleResults, PeopleSearchBox, type PeopleSearch } from "./people.tsx";

export const CONTACTS_TAB = "/social?tab=contacts";

/** The list of contacts (its own element: adding or removing someone swaps it). */
export const ContactsPart: FC<{ contacts: Contact[] | null; tz?: string; oob?: boolean }> = ({ contacts, tz, oob }) => (
  <div id="contacts-part" class="social-part" hx-swap-oob={oob ? "true" : undefined}>
    {contacts === null ? (
      <Unavailable what="Your contacts" retryHref={CONTACTS_TAB} />
    ) : (
      <>
        <p class="social-count">
          {contacts.length} {contacts.length === 1 ? "contact" : "contacts"}
        </p>
        {contacts.length === 0 ? (
          <EmptyState icon="users" title="No contacts yet" compact>
            Add contacts to quickly send money.
          </EmptyState>
        ) : (
          <ul class="social-list" aria-label="Your contacts">
            {contacts.map((c) => {
              const name = personName(c);
              return (
                <li class="social-row">
                  <PersonAvatar person={c} />
                  <PersonText person={c} meta={sinceMonth(c.createdAt, tz)} />
                  <div class="social-row-actions">
                    <a href={`/social/contacts/${c.contactId}/send`} class="btn btn-primary btn-sm" role="button" data-dialog-load="contact-send-dialog" aria-haspopup="dialog">
                      <span class="btn-label">
                        Send money<SrOnly> to {name}</SrOnly>
                      </span>
                    </a>
                    <a href={`/social/contacts/${c.contactId}/remove`} class="btn btn-ghost btn-sm" role="button" data-dialog-load="contact-remove-dialog" aria-haspopup="dialog">
                      <span class="btn-label">
                        Remove<SrOnly> {name}</SrOnly>
                      </span>
                    </a>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </>
    )}
  </div>
);

export interface AddContactProps {
  inDialog: boolean;
  search: PeopleSearch;
  errors?: FormErrors;
  done?: boolean;
}

/**
 * "Add a contact": search by e-mail, then Add. One form: "Search" lists the matches, each match's
 * "Add" adds that person; htmx lists matches as the person types.
 */
export const AddContactPanel: FC<AddContactProps> = ({ inDialog, search, errors, done }) => (
  <div id="add-contact-panel" class="social-panel" data-dialog-done={done ? "" : undefined}>
    <FormMessage id="add-contact" error={errors?.form} />
    <form
      method="post"
      action="/social/contacts"
      class="form social-form"
      {...(inDialog ? { "hx-post": "/social/contacts", "hx-target": "#add-contact-panel", "hx-swap": "outerHTML" } : {})}
    >
      <Origin inDialog={inDialog} />
      <PeopleSearchBox purpose="contact" q={search.q} label="Their e-mail address" error={errors?.fields.q} autofocus />
      <PeopleResults purpose="contact" search={search} error={errors?.fields.contactId} />
    </form>
  </div>
);

export interface ContactSendProps {
  contact: Contact;
  idempotencyKey: string;
  inDialog: boolean;
  amount?: string;
  category?: string;
  note?: string;
  errors?: FormErrors;
  notice?: string;
  done?: boolean;
  categories: { value: string; label: string }[];
}

/**
 * Send money to a contact: the money form with its Idempotency-Key born with it, so a double
 * click or a resubmission replays the first payment instead of paying twice.
 */
export const ContactSendPanel: FC<ContactSendProps> = (p) => {
  const action = `/social/contacts/${p.contact.contactId}/send`;
  return (
    <div id="contact-send-panel" class="social-panel" data-dialog-done={p.done ? "" : undefined}>
      <div class="social-to">
        <PersonAvatar person={p.contact} />
        <PersonText person={p.contact} meta="Contact" />
      </div>
      <FormMessage id="contact-send" error={p.errors?.form} notice={p.notice} />
      <form
        method="post"
        action={action}
        class="form social-form"
        {...(p.inDialog ? { "hx-post": action, "hx-target": "#contact-send-panel", "hx-swap": "outerHTML", "hx-disable": "find button[type=submit]" } : {})}
      >
        <input type="hidden" name="idempotency_key" value={p.idempotencyKey} />
        <input type="hidden" name="return_to" value={CONTACTS_TAB} />
        <Origin inDialog={p.inDialog} />
        <AmountField id="contact-send-amount" value={p.amount} error={p.errors?.fields.amount} example="12.50" required autofocus />
        <CategoryField id="contact-send-category" value={p.category} error={p.errors?.fields.category} categories={p.categories} />
        <Input id="contact-send-note" name="note" label="Note (optional)" value={p.note} error={p.errors?.fields.note} maxlength={500} />
        <Button block>
          Send money<SrOnly> to {personName(p.contact)}</SrOnly>
        </Button>
      </form>
    </div>
  );
};

/** "Remove Ann?" with the consequences said plainly; in a dialog, Cancel closes it. */
export const RemoveContactPanel: FC<{ contact: Contact; inDialog: boolean; error?: string }> = ({ contact, inDialog, error }) => {
  const action = `/social/contacts/${contact.contactId}/remove`;
  return (
    <div id="contact-remove-panel" class="social-panel">
      <FormMessage id="contact-remove" error={error} />
      <p class="social-confirm">
        Remove <strong>{personName(contact)}</strong>
        {contact.name?.trim() && contact.email ? ` (${contact.email})` : ""} from your contacts? Your payments and requests with them stay as they are, and you can add them again
        later.
      </p>
      <form method="post" action={action} class="social-confirm-actions" {...(inDialog ? { "hx-post": action, "hx-target": "#contacts-slot", "hx-swap": "innerHTML" } : {})}>
        <Origin inDialog={inDialog} />
        {inDialog ? (
          <button type="button" class="btn btn-secondary" data-dialog-close>
            <span class="btn-label">Keep</span>
          </button>
        ) : (
          <LinkButton href={CONTACTS_TAB} variant="secondary">
            Keep
          </LinkButton>
        )}
        <Button variant="danger">
          Remove<SrOnly> {personName(contact)}</SrOnly>
        </Button>
      </form>
    </div>
  );
};

/** The contacts tab: the list, and the dialogs that enhance its links. */
export const ContactsPanel: FC<{ contacts: Contact[] | null; tz?: string; addContact: AddContactProps }> = ({ contacts, tz, addContact }) => (
  <>
    <section class="card social-card" aria-labelledby="contacts-title">
      <CardHead id="contacts-title" title="Contacts" subtitle="People you pay often, one click away." class="social-card-head">
        <DialogOpener dialog="add-contact-dialog" href="/social/contacts/new" size="sm">
          Add contact
        </DialogOpener>
      </CardHead>
      <div id="contacts-slot">
        <ContactsPart contacts={contacts} tz={tz} />
      </div>
    </section>
    <Dialog id="add-contact-dialog" title="Add a contact" description="Find someone by their e-mail address.">
      <AddContactPanel {...addContact} />
    </Dialog>
    <Dialog id="contact-send-dialog" title="Send money">
      <div data-dialog-slot></div>
    </Dialog>
    <Dialog id="contact-remove-dialog" title="Remove contact">
      <div data-dialog-slot></div>
    </Dialog>
  </>
);
