import type { FC } from "hono/jsx";
import { Button, LinkButton } from "../components/button.tsx";
import { Icon } from "../components/icons.tsx";
import { AuthHeading, AuthLayout } from "../layouts/auth.tsx";

export interface VerifyEmailProps {
  outcome: "verified" | "failed";
  signedIn: boolean;
  /** Where "Continue" leads for a signed-in user (their home). */
  continueTo?: string;
}

/** The result of following the link in a verification e-mail (the server verified on GET). */
export const VerifyEmailPage: FC<VerifyEmailProps> = ({ outcome, signedIn, continueTo }) => (
  <AuthLayout title={outcome === "verified" ? "Email verified" : "Verification failed"}>
    {outcome === "verified" ? (
      <section id="verify-panel" class="auth-panel auth-panel-center">
        <span class="panel-icon panel-icon-success">
          <Icon name="checkCircle" />
        </span>
        <AuthHeading title="Email verified" />
        <p class="panel-text" role="status">
          Thanks — your e-mail address is confirmed.
        </p>
        {signedIn ? (
          <LinkButton href={continueTo ?? "/dashboard"} block>
            Continue to dashboard
          </LinkButton>
        ) : (
          <LinkButton href="/login" block>
            Continue to sign in
          </LinkButton>
        )}
      </section>
    ) : (
      <section id="verify-panel" class="auth-panel auth-panel-center">
        <span class="panel-icon panel-icon-error">
          <Icon name="alert" />
        </span>
        <AuthHeading title="Verification failed" />
        <p class="panel-text" role="alert">
          Verification failed — the link is invalid or has expired.
        </p>
        {signedIn ? (
          <>
            <p class="panel-text muted">We can send you a fresh link.</p>
            <form method="post" action="/resend-verification" hx-post="/resend-verification" hx-target="#toasts" hx-swap="beforeend" hx-disable="find button" class="form">
              <input type="hidden" name="return_to" value={continueTo ?? "/dashboard"} />
              <Button block>Resend verification email</Button>
            </form>
            <p class="auth-switch">
              <a href={continueTo ?? "/dashboard"}>Go to dashboard</a>
            </p>
          </>
        ) : (
          <>
            <p class="panel-text muted">Sign in to request a new verification link.</p>
            <LinkButton href="/login" block>
              Sign in
            </LinkButton>
          </>
        )}
      </section>
    )}
  </AuthLayout>
);
