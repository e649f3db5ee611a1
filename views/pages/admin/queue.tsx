import type { Child, FC } from "hono/jsx";
import { ListBody, type ListBodyProps } from "./list.tsx";
import { Badge } from "./parts.tsx";

/** How often a queue asks for itself again, so a new entry shows without a reload. */
export const QUEUE_POLL = "every 5s";

/** A page of a review queue, with how many entries wait in all. */
export type QueueResult<T> = ListBodyProps<T, { total: number }>["result"];

/**
 * A review queue (KYC submissions, held transfers), oldest first: it asks for itself again every
 * few seconds at `pollUrl` and is swapped in place, so an entry shows up or goes by itself.
 */
export function QueueCard<T>({ id, title, noun, pollUrl, ...body }: { id: string; title: string; noun: string; pollUrl: string } & Omit<ListBodyProps<T, { total: number }>, "pages">) {
  const { result } = body;
  return (
    <section id={id} class="card" aria-labelledby={`${id}-title`} hx-get={pollUrl} hx-trigger={QUEUE_POLL} hx-swap="outerMorph" data-poll>
      <div class="card-head">
        <h2 id={`${id}-title`} class="card-title">
          {title}
        </h2>
        {result.kind === "rows" ? <Badge tone={result.total > 0 ? "warning" : "muted"}>{result.total === 1 ? `1 ${noun}` : `${result.total} ${noun}s`}</Badge> : null}
      </div>
      <ListBody {...body} pages="Queue pages" />
    </section>
  );
}

/** The last cell of a queue's row: the link to review it, named for screen readers by `what`. */
export const ReviewCell: FC<{ href: string; what: Child }> = ({ href, what }) => (
  <td class="adm-row-action">
    <a class="btn btn-secondary btn-sm" href={href}>
      <span class="btn-label">
        Review<span class="sr-only"> {what}</span>
      </span>
    </a>
  </td>
);
