import type { FC } from "hono/jsx";
import { Icon } from "./icons.tsx";

/**
 * What a part of a page shows when the service behind it did not answer: the rest of the page
 * still renders, and this part says what is missing and that it is temporary.
 */
export const Unavailable: FC<{ what: string; retryHref?: string }> = ({ what, retryHref }) => (
  <div class="unavailable" role="status">
    <Icon name="alert" class="unavailable-icon" />
    <p class="unavailable-text">
      {what} {what.endsWith("s") ? "are" : "is"} unavailable right now. Please try again in a moment.
      {retryHref ? (
        <>
          {" "}
          <a href={retryHref}>Retry</a>
        </>
      ) : null}
    </p>
  </div>
);
