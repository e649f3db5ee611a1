import type { FC } from "hono/jsx";
import { personName } from "../../../services/web/domain/social/social-view.ts";
import { FieldMessages } from "../../components/field.tsx";
import { PersonAvatar, PersonText, SrOnly } from "./bits.tsx";

/** Someone found by the e-mail search. */
export interface Match {
  id: string;
  name: string | null;
  email: string;
}

/** The search's answer: the matches, or a sentence instead (too short, nobody found, unavailable). */
export interface PeopleSearch {
  q: string;
  matches: Match[];
  message?: string;
}

export type SearchPurpose = "contact" | "request" | "split";

/** Where each form's results go; the live search swaps this element. */
export const resultsId = (purpose: SearchPurpose) => `${purpose}-results`;

/**
 * The matches of a search, each with the control its form needs: "Add" (a contact, or a person
 * to a split) or a radio to choose who is asked for money. It sits inside its form, so the
 * controls work as plain form controls without JavaScript.
 */
export const PeopleResults: FC<{ purpose: SearchPurpose; search: PeopleSearch; chosen?: Match; error?: string }> = ({ purpose, search, chosen, error }) => {
  const id = resultsId(purpose);
  // A chosen recipient stays on the list while the person searches again.
  const matches = purpose === "request" && chosen ? [chosen, ...search.matches.filter((m) => m.email !== chosen.email)] : search.matches;
  return (
    <div id={id} class="social-results" aria-live="polite">
      {matches.length > 0 ? (
        purpose === "request" ? (
          <fieldset class={`social-choices${error ? " field-invalid" : ""}`} aria-describedby={error ? `${id}-error` : undefined}>
            <legend class="field-label">Choose who you're asking</legend>
            {matches.map((m, i) => (
              <label class="social-choice" for={`${id}-${i}`}>
                <input type="radio" id={`${id}-${i}`} name="recipient" value={m.email} checked={chosen?.email === m.email} />
                <PersonAvatar person={m} />
                <PersonText person={m} />
              </label>
            ))}
          </fieldset>
        ) : (
          <ul class="social-matches" aria-label="People found">
            {matches.map((m) => (
              <li class="social-match">
                <PersonAvatar person={m} />
                <PersonText person={m} />
                <button type="submit" class="btn btn-secondary btn-sm" name={purpose === "contact" ? "contactId" : "op"} value={purpose === "contact" ? m.id : `add:${m.id}`}>
                  <span class="btn-label">
                    Add<SrOnly> {personName(m)}</SrOnly>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : search.message ? (
        <p class="social-results-message">{search.message}</p>
      ) : null}
      <FieldMessages id={id} error={error} />
    </div>
  );
};

/**
 * The search box. Without JavaScript it is part of its form (its button sends the form with "search",
 * and the answer lists the matches); with htmx the matches appear under it as the person types.
 */
export const PeopleSearchBox: FC<{ purpose: SearchPurpose; q: string; label: string; error?: string; autofocus?: boolean; include?: string }> = ({ purpose, q, label, error, autofocus, include }) => {
  const id = `${purpose}-q`;
  return (
    <div class={`field${error ? " field-invalid" : ""}`}>
      <label for={id} class="field-label">
        {label}
      </label>
      <div class="social-search-row">
        <input
          id={id}
          name="q"
          type="search"
          value={q}
          class="input"
          autocomplete="off"
          inputmode="email"
          placeholder="name@example.com"
          autofocus={autofocus}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          data-people-search={purpose}
          hx-get={`/social/people?for=${purpose}`}
          hx-trigger="input changed delay:300ms, search"
          hx-target={`#${resultsId(purpose)}`}
          hx-swap="outerHTML"
          hx-sync="this:replace"
          hx-include={include}
        />
        <button type="submit" class="btn btn-secondary" name="op" value="search" data-search-button>
          <span class="btn-label">Search</span>
        </button>
      </div>
      <FieldMessages id={id} hint="Type at least 3 characters of their e-mail address." error={error} />
    </div>
  );
};
