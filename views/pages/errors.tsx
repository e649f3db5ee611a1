import type { FC } from "hono/jsx";
import { LinkButton } from "../components/button.tsx";
import { StatusLayout } from "../layouts/status.tsx";

export const NotFoundPage: FC<{ homeHref?: string }> = ({ homeHref = "/" }) => (
  <StatusLayout title="Page not found">
    <p class="status-code">404</p>
    <h1 class="status-title">Page not found</h1>
    <p class="status-text">The page you're looking for doesn't exist or has moved.</p>
    <LinkButton href={homeHref}>Take me home</LinkButton>
  </StatusLayout>
);

export const ErrorPage: FC<{ status: number; title: string; detail: string; requestId?: string; retryHref?: string }> = ({
  status,
  title,
  detail,
  requestId,
  retryHref,
}) => (
  <StatusLayout title={title}>
    <p class="status-code">{status}</p>
    <h1 class="status-title">{title}</h1>
    <p class="status-text">{detail}</p>
    <div class="status-actions">
      {retryHref ? <LinkButton href={retryHref}>Try again</LinkButton> : null}
      <LinkButton href="/" variant={retryHref ? "secondary" : "primary"}>
        Go home
      </LinkButton>
    </div>
    {requestId ? <p class="status-ref">Reference: {requestId}</p> : null}
  </StatusLayout>
);
